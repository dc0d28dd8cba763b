/**
 * Vehicles come and go (a Progress or a Crew Dragon every few weeks), and the monitor follows them
 * from the data: which modules are docked decides the hatch configurations' groups.
 */
import type { Sensor, Station } from '../core/index.js';
import type { MonitorState } from './monitor-state.js';

/** The station's vehicles, and the vehicle module each channel reads. */
export function vehiclesOf(station: Station): Pick<MonitorState, 'vehicles' | 'vehicleModuleOf'> {
  const vehicleModuleOf = new Int32Array(station.sensors.length).fill(-1);
  const ids = [...new Set(station.modules.flatMap((m) => (m.vehicle === undefined ? [] : [m.vehicle])))];
  const vehicles = ids.map((id) => {
    const modules = station.modules.flatMap((m, i) => (m.vehicle === id ? [i] : []));
    const own = new Set(modules.map((i) => station.modules[i]?.id));
    const channels = station.sensors.flatMap((s, k) => {
      if (s.quantity === 'hatch' || !own.has(s.module)) return [];
      vehicleModuleOf[k] = station.modules.findIndex((m) => m.id === s.module);
      return [k];
    });
    const hatches = station.hatches.flatMap((h, i) =>
      own.has(h.between[0]) !== own.has(h.between[1]) ? [i] : [],
    );
    return { id, modules, channels, hatches };
  });
  return { vehicles, vehicleModuleOf };
}

/**
 * The whole feed silent this long is a loss of signal [s] (bins are passed at least every minute of
 * data while it flows).
 */
const FEED_GAP_S = 600;

/** A closed-off vehicle whose every channel has been silent this long at least is taken as undocked [s]. */
const DEPARTED_SILENCE_S = 900;

/**
 * Undockings: a vehicle closed off (every hatch from it to the rest shut) whose channels, heard from
 * before, have all been silent for six periods of its slowest channel that reads at every period
 * (15 min at least) has left; it is taken out of the station (a new configuration) and its channels' silence raises no
 * stale-data alarm. A vehicle with no such channel cannot be told from a quiet one and stays.
 * Dockings are seen in acceptSample: a vehicle's module that reports is there.
 */
export function followVehicles(state: MonitorState): void {
  const q = state.quality;
  const now = state.lastS;
  if (!(now - state.advancedS <= FEED_GAP_S)) state.feedSinceS = now;
  state.advancedS = now;
  // (silence inside one unbroken stretch of the feed: a loss of signal silences every channel)
  if (!(now - state.feedSinceS >= DEPARTED_SILENCE_S)) return;
  for (const v of state.vehicles) {
    if (v.modules.every((m) => state.present[m] !== 1) || v.hatches.some((h) => state.hatchOpen[h] === 1))
      continue;
    // six of its slowest regular channel's periods, as declared or as the feed writes it (a feed
    // written every 30 minutes is silent for 29 of them); a stale channel's silence or repeats say
    // nothing (a frozen one may repeat after the vehicle left)
    let silenceS = 0;
    for (const k of v.channels) {
      if ((q.reportOnChange[k] === 1 && q.expectsChange[k] !== 1) || q.stale[k] === 1) continue;
      const cadence = q.interval[k] as number;
      const periodS = Math.max(
        (state.station.sensors[k] as Sensor).periodS,
        Number.isFinite(cadence) ? cadence : 0,
      );
      silenceS = Math.max(silenceS, 6 * periodS, DEPARTED_SILENCE_S);
    }
    // (watched that long, and heard from: a feed without the vehicle's channels says nothing of it)
    if (silenceS === 0 || now - state.feedSinceS < silenceS) continue;
    if (!v.channels.some((k) => Number.isFinite(q.lastTime[k] as number))) continue;
    if (v.channels.some((k) => q.stale[k] !== 1 && (q.lastTime[k] as number) > now - silenceS)) continue;
    for (const m of v.modules) state.present[m] = 0;
    state.vehicleEvents.push({ vehicle: v.id, event: 'undocked', atS: now });
  }
}

/** A vehicle's module reporting while taken as absent: there (and its vehicle docked, if it was gone). */
export function docked(state: MonitorState, module: number, time: number): void {
  const v = vehicleWith(state, module);
  if (v === undefined) return;
  if (v.modules.every((m) => state.present[m] === 0))
    state.vehicleEvents.push({ vehicle: v.id, event: 'docked', atS: time });
  state.present[module] = 1;
}

/** True for a channel of a vehicle taken as undocked: its silence is its leaving, not stale data. */
export function leftWithVehicle(state: MonitorState, k: number): boolean {
  const module = state.vehicleModuleOf[k] as number;
  return module >= 0 && state.present[module] === 0;
}

/** The vehicle channel k left with and when it was taken as undocked [epoch s] (null: none yet). */
export function departureOf(state: MonitorState, k: number): { vehicle: string; atS: number } | null {
  const v = vehicleWith(state, state.vehicleModuleOf[k] as number);
  const left = state.vehicleEvents.findLast((e) => e.vehicle === v?.id && e.event === 'undocked');
  return left === undefined ? null : { vehicle: left.vehicle, atS: left.atS };
}

/** The vehicle a module belongs to, if any. */
function vehicleWith(state: MonitorState, module: number): MonitorState['vehicles'][number] | undefined {
  return state.vehicles.find((x) => x.modules.includes(module));
}
