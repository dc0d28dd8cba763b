/**
 * A group's only analyser whose readings suddenly scatter far more than they did (a failing ppN2
 * channel) is named and left out, as a drifting one is: judged by the scans with a noise model
 * learnt before, its scatter read as leaks (a ppN2 gone from 0.5 to 5 mmHg of noise in haven raised
 * CRITICAL leak alarms at 28–77 kg/day while the cabin's three gauges stayed flat).
 */
import { mmHgToPa } from '../core/index.js';
import { describeModules, round } from './alarm-words.js';
import { forgetCycle } from './daily-cycle-watch.js';
import { withoutSource } from './group-series.js';
import type { GroupTrack, MonitorState } from './monitor-state.js';
import { recentBigChanges, scatterRise } from './quality.js';

/**
 * Times its usual scatter past which an analyser is called noisy. A 64-sample mean against a
 * 1,440-sample one: a tenfold rise shows past 5 within 150 readings, fourfold past 3 within 400; an
 * analyser's own cycle (the MCA's ports) is in both.
 */
export const NOISY_RISE = 3;
/**
 * And: readings among its last 8 that moved more than 5 times its usual change back against the
 * change before (or were thrown out as spikes). White noise gives one in ~30,000; a noise gone
 * tenfold, most of them at once; the air moving (a cabin top-up) climbs one way.
 */
export const NOISY_BIG_CHANGES = 4;

/**
 * Names and leaves out a group's only ppN2 analyser when its scatter rose NOISY_RISE-fold with
 * NOISY_BIG_CHANGES big changes back and forth among its last readings; true when it was. With
 * several, their robust mean already weighs one that scatters down (Huber), and the drift watch
 * compares them; the ISS's are left to those (Zvezda's analyser in a top-up read as noisy here).
 */
export function leaveOutNoisyAnalysers(state: MonitorState, group: GroupTrack): boolean {
  const { series } = group;
  if (series.model.kind !== 'N2') return false;
  const live = series.model.nitrogen.filter(
    (s) => !(s.ppN2 >= 0 && (state.n2Faulty.has(s.ppN2) || state.quality.stale[s.ppN2] === 1)),
  );
  if (live.length !== 1) return false;
  let named = false;
  for (const source of live) {
    const k = source.ppN2;
    if (k < 0) continue;
    const rise = scatterRise(state.quality, k);
    const big = recentBigChanges(state.quality, k);
    if (!(rise > NOISY_RISE) || big < NOISY_BIG_CHANGES) continue;
    const now = series.t.at(-1) as number;
    // its readings since the scatter rose are in the inventory: estimates and scans start afresh
    group.settleUntilS = Math.max(group.settleUntilS, now);
    state.n2Faulty.set(k, now);
    withoutSource(series, group.period, source.key);
    forgetCycle(group);
    group.noiseFittedS = Number.NEGATIVE_INFINITY;
    const id = state.station.sensors[k]?.id ?? String(k);
    const mmHg = (pa: number): number => round(pa / mmHgToPa(1), 2);
    state.alarms.push({
      time: now,
      severity: 'WARNING',
      kind: 'sensor-fault',
      channel: id,
      message:
        `${id} (ppN2) scatters ${round(rise, 1)} times as much as it did (${mmHg(state.quality.jitter[k] as number)} mmHg ` +
        `between readings, was ${mmHg(state.quality.slowJitter[k] as number)}; ${big} of its last 8 readings moved 5 times that or more): ` +
        `left out of the nitrogen of ${describeModules(series.model.moduleIds)}`,
    });
    named = true;
  }
  return named;
}
