/**
 * `airtight demo` (what `npm start` runs until the server lands): plays a built-in scenario in
 * accelerated time with the leak monitor reading the simulated telemetry as it comes, and prints,
 * every simulated interval, the cabin pressures, Airtight's leak estimate for the largest groups,
 * the true leaks beside them (each the mean true rate over the window of the estimate of the group
 * holding it: like with like), and every alarm as it is raised. The monitor starts a day before
 * `--from` (or at the start), so it has the history its scans need.
 */
import { loadScenario } from '../../config/index.js';
import { InputError, isoFromEpochS, paToMmHg } from '../../core/index.js';
import { type Alarm, createMonitor, type MonitorState, monitorBatch } from '../../monitor/index.js';
import {
  advanceSimulation,
  convertToSI,
  createSimulation,
  isFinished,
  pressurePa,
  SampleBuffer,
  stationAsItIs,
} from '../../sim/index.js';
import type { Io } from '../io.js';

export interface DemoOptions {
  scenario: string;
  /** Simulated seconds per real second. */
  speed: number;
  /** Simulated minutes between printed lines. */
  everyMin: number;
  /** Stop after this many printed lines (0 = run to the end). */
  lines: number;
  /** Fast-forward to this time (epoch ms) before playing; undefined = from the start. */
  fromMs?: number;
}

export async function demoCommand(io: Io, options: DemoOptions, signal?: AbortSignal): Promise<void> {
  const scenario = loadScenario(options.scenario, { baseDir: io.cwd });
  const simulation = createSimulation(scenario);
  const buffer = new SampleBuffer();
  let monitor = createMonitor(scenario.station);
  const units = scenario.station.sensors.map((s) => s.unit);
  const watch = (): void => {
    convertToSI(buffer, units);
    monitorBatch(monitor, buffer);
    buffer.clear();
  };
  const vented = new VentedHistory();
  const startS = scenario.startMs / 1000;
  /** Advances to `untilS` (run seconds), noting each leak's vented mass every minute. */
  const advance = (untilS: number): void => {
    while (simulation.state.timeS < untilS - 1e-9 && !isFinished(simulation)) {
      advanceSimulation(simulation, buffer, {
        untilS: Math.min(untilS, simulation.state.timeS + VENTED_RECORD_S),
      });
      vented.record(startS + simulation.state.timeS, simulation.state.leaks);
    }
  };
  const realMsPerLine = (options.everyMin * 60 * 1000) / options.speed;
  io.out(
    `Airtight demo: ${scenario.name} on ${scenario.station.name}, ${options.speed}× real time ` +
      `(simulated telemetry, watched live by the leak monitor; the server and dashboard come later; Ctrl-C stops)\n`,
  );
  if (options.fromMs !== undefined) {
    const skipS = (options.fromMs - scenario.startMs) / 1000;
    if (skipS < 0 || skipS > scenario.durationS)
      throw new InputError({
        where: '--from',
        problem: `must lie within the scenario (${isoFromEpochS(scenario.startMs / 1000)} + ${scenario.durationS / 3600} h)`,
        value: isoFromEpochS(options.fromMs / 1000),
      });
    io.out(`fast-forwarding to ${isoFromEpochS(options.fromMs / 1000)}…\n`);
    // unwatched up to a day before, then watched, so the monitor has the history its scans need
    advanceSimulation(simulation, buffer, { untilS: Math.max(0, skipS - MONITOR_HISTORY_S) });
    buffer.clear();
    // the controllers know the configuration the station is in when they start watching
    monitor = createMonitor(stationAsItIs(simulation.state));
    vented.record(startS + simulation.state.timeS, simulation.state.leaks);
    while (simulation.state.timeS < skipS && !isFinished(simulation)) {
      advance(Math.min(skipS, simulation.state.timeS + 3600));
      watch();
    }
  } else {
    vented.record(startS, simulation.state.leaks);
  }
  let printed = 0;
  let alarmsShown = monitor.alarms.length;
  let updatesShown = monitor.updated.length;
  while (!isFinished(simulation) && !signal?.aborted && (options.lines === 0 || printed < options.lines)) {
    const tick = performance.now();
    const fromS = simulation.state.timeS;
    advance(fromS + options.everyMin * 60);
    watch();
    for (const alarm of monitor.alarms.slice(alarmsShown)) io.out(`${alarmLine(alarm)}\n`);
    alarmsShown = monitor.alarms.length;
    for (const i of new Set(monitor.updated.slice(updatesShown))) {
      const alarm = monitor.alarms[i] as Alarm;
      const [what, why] = alarm.withdrawn
        ? ['WITHDRAWN', alarm.withdrawn.reason]
        : alarm.cleared
          ? ['BACK TO NORMAL', alarm.cleared.reason]
          : [
              `NOW (${isoFromEpochS(alarm.latest?.time ?? alarm.time).slice(11, 19)}Z)`,
              alarm.latest?.message,
            ];
      io.out(
        `  ${what} ${alarm.severity} ${alarm.kind} of ${isoFromEpochS(alarm.time).slice(11, 19)}Z: ${why}\n`,
      );
    }
    updatesShown = monitor.updated.length;
    io.out(`${statusLine(simulation, monitor, vented, startS + fromS)}\n`);
    printed++;
    const wait = realMsPerLine - (performance.now() - tick);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** History the monitor reads before the first printed line when fast-forwarding [s]. */
const MONITOR_HISTORY_S = 24 * 3600;

function alarmLine(alarm: Alarm): string {
  return `  ALARM ${isoFromEpochS(alarm.time).slice(11, 19)}Z ${alarm.severity} ${alarm.kind}: ${alarm.message}`;
}

/** Seconds between the notes of each leak's vented mass the truth column is read from. */
const VENTED_RECORD_S = 60;
/** How long the notes are kept: longer than the longest estimate window (a day) [s]. */
const VENTED_KEEP_S = 26 * 3600;

type SimLeak = ReturnType<typeof createSimulation>['state']['leaks'][number];

/**
 * Each leak's vented mass [kg] noted over time (epoch s), so that the truth can be read over any
 * recent window: the mean true rate over [from, to] is the mass vented between them over the time.
 */
export class VentedHistory {
  private readonly times: number[] = [];
  private readonly masses: Map<SimLeak, number>[] = [];

  record(epochS: number, leaks: readonly SimLeak[]): void {
    if (this.times.length > 0 && epochS <= (this.times.at(-1) as number)) return;
    this.times.push(epochS);
    this.masses.push(new Map(leaks.map((l) => [l, l.ventedKg])));
    while ((this.times[0] as number) < epochS - VENTED_KEEP_S) {
      this.times.shift();
      this.masses.shift();
    }
  }

  /** Mass the leak had vented by `epochS` [kg], interpolated between notes (0 before it began). */
  private ventedAt(leak: SimLeak, epochS: number): number {
    const { times, masses } = this;
    const at = (i: number): number => masses[i]?.get(leak) ?? 0;
    if (epochS <= (times[0] as number)) return at(0);
    const last = times.length - 1;
    if (epochS >= (times[last] as number)) return at(last);
    let i = 1;
    while ((times[i] as number) < epochS) i++;
    const t0 = times[i - 1] as number;
    const t1 = times[i] as number;
    return at(i - 1) + ((at(i) - at(i - 1)) * (epochS - t0)) / (t1 - t0);
  }

  /** The leak's mean true rate over [fromS, toS] (epoch s) [kg/day]; 0 over an empty window. */
  meanRateKgPerDay(leak: SimLeak, fromS: number, toS: number): number {
    const first = this.times[0];
    if (first === undefined) return 0;
    const from = Math.max(fromS, first);
    const to = Math.max(from, toS);
    if (to - from <= 0) return 0;
    return ((this.ventedAt(leak, to) - this.ventedAt(leak, from)) / (to - from)) * 86400;
  }
}

interface ShownGroup {
  label: string;
  moduleIds: readonly string[];
  estimate: NonNullable<NonNullable<MonitorState['segment']>['groups'][number]['latest']>;
}

/** The groups of the current configuration with an estimate, the largest first (SHOWN_GROUPS). */
function shownGroups(monitor: MonitorState): ShownGroup[] {
  const volume = new Map(monitor.station.modules.map((m) => [m.id, m.volumeM3]));
  return (monitor.segment?.groups ?? [])
    .filter((g) => g.latest !== null)
    .sort((a, b) => b.series.model.volumeM3 - a.series.model.volumeM3)
    .slice(0, SHOWN_GROUPS)
    .map((g) => {
      const ids = g.series.model.moduleIds;
      const largest = ids.reduce((a, b) => ((volume.get(b) ?? 0) > (volume.get(a) ?? 0) ? b : a));
      return {
        label: ids.length > 1 ? `${largest}+${ids.length - 1}` : largest,
        moduleIds: ids,
        estimate: g.latest as NonNullable<typeof g.latest>,
      };
    });
}

const hours = (fromS: number, toS: number): string => `${((toS - fromS) / 3600).toFixed(1)} h`;

/** Airtight's latest estimate for each shown group, with the window it covers. */
function estimateText(groups: readonly ShownGroup[]): string {
  const perDay = (x: number): string => (x * 86400).toFixed(2);
  const parts = groups.map(
    ({ label, estimate: e }) =>
      `${label} ${perDay(e.rateKgPerS)} (${perDay(e.low90)} to ${perDay(e.high90)}, ${hours(e.fromS, e.toS)})`,
  );
  return parts.length > 0 ? `Airtight kg/day (90 %): ${parts.join(', ')}` : 'Airtight: gathering data';
}

/** Groups whose estimate a line shows. */
const SHOWN_GROUPS = 3;

/**
 * One line: time, each group's pressure, Airtight's estimates, and each leak's true rate: the mean
 * over the window of the shown estimate of the group holding it (so the two compare like with
 * like), else over the interval since the last line (`intervalFromS`, epoch s), each with its window.
 */
function statusLine(
  simulation: ReturnType<typeof createSimulation>,
  monitor: MonitorState,
  vented: VentedHistory,
  intervalFromS: number,
): string {
  const { state } = simulation;
  const { station } = state;
  const time = isoFromEpochS(state.scenario.startMs / 1000 + state.timeS);
  // One pressure per group of modules joined by open hatches, the biggest group first.
  const groups = state.topology.groups
    .map((group) => {
      const modules = Array.from(group.modules);
      const volume = modules.reduce((sum, i) => sum + (station.modules[i]?.volumeM3 ?? 0), 0);
      const largest = modules.reduce((a, b) =>
        (station.modules[b]?.volumeM3 ?? 0) > (station.modules[a]?.volumeM3 ?? 0) ? b : a,
      );
      const name = station.modules[largest]?.id ?? '';
      const label = modules.length > 1 ? `${name}+${modules.length - 1}` : name;
      return { volume, text: `${label} ${paToMmHg(pressurePa(state.gas, largest)).toFixed(1)}` };
    })
    .sort((a, b) => b.volume - a.volume);
  const shown = shownGroups(monitor);
  const nowS = state.scenario.startMs / 1000 + state.timeS;
  const leaks = state.leaks
    .filter((l) => l.purpose === 'leak')
    .map((l) => {
      const module = station.modules[l.module]?.id ?? '';
      const group = shown.find((g) => g.moduleIds.includes(module));
      const [fromS, toS, window] = group
        ? [
            group.estimate.fromS,
            group.estimate.toS,
            `${group.label}'s ${hours(group.estimate.fromS, group.estimate.toS)}`,
          ]
        : [intervalFromS, nowS, `last ${Math.round((nowS - intervalFromS) / 60)} min`];
      // (a deep decay is estimated as its rate at the end of the window, a shallow one as its mean)
      const end = vented.meanRateKgPerDay(l, Math.max(fromS, toS - VENTED_RECORD_S), toS);
      return `${l.id} in ${module} ${vented.meanRateKgPerDay(l, fromS, toS).toFixed(2)} kg/day (${window}; ${end.toFixed(2)} at its end)`;
    });
  return [
    `${time.slice(0, 16)}Z`,
    `mmHg: ${groups.map((g) => g.text).join(', ')}`,
    estimateText(shown),
    leaks.length > 0 ? `truth, mean over the estimate's window: ${leaks.join('; ')}` : 'truth: no leak',
  ].join(' | ');
}
