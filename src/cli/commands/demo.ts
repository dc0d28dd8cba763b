/**
 * `airtight demo` (what `npm start` runs until the server lands): plays a built-in scenario in
 * accelerated time with the leak monitor reading the simulated telemetry as it comes, and prints,
 * every simulated interval, the cabin pressures, Airtight's leak estimate for the largest group,
 * the true leaks beside it, and every alarm as it is raised. The monitor starts a day before
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
    while (simulation.state.timeS < skipS && !isFinished(simulation)) {
      advanceSimulation(simulation, buffer, { untilS: Math.min(skipS, simulation.state.timeS + 3600) });
      watch();
    }
  }
  let printed = 0;
  let alarmsShown = monitor.alarms.length;
  let updatesShown = monitor.updated.length;
  while (!isFinished(simulation) && !signal?.aborted && (options.lines === 0 || printed < options.lines)) {
    const tick = performance.now();
    const ventedBefore = new Map(simulation.state.leaks.map((l) => [l, l.ventedKg]));
    const fromS = simulation.state.timeS;
    advanceSimulation(simulation, buffer, { untilS: fromS + options.everyMin * 60 });
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
    const days = (simulation.state.timeS - fromS) / 86400;
    const trueRate = (l: (typeof simulation.state.leaks)[number]): number =>
      days > 0 ? (l.ventedKg - (ventedBefore.get(l) ?? 0)) / days : 0;
    io.out(`${statusLine(simulation, monitor, trueRate)}\n`);
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

/** Airtight's latest estimate for each group of the current configuration, the largest first. */
function estimateText(monitor: MonitorState): string {
  const volume = new Map(monitor.station.modules.map((m) => [m.id, m.volumeM3]));
  const perDay = (x: number): string => (x * 86400).toFixed(2);
  const parts = (monitor.segment?.groups ?? [])
    .filter((g) => g.latest !== null)
    .sort((a, b) => b.series.model.volumeM3 - a.series.model.volumeM3)
    .slice(0, SHOWN_GROUPS)
    .map((g) => {
      const ids = g.series.model.moduleIds;
      const largest = ids.reduce((a, b) => ((volume.get(b) ?? 0) > (volume.get(a) ?? 0) ? b : a));
      const e = g.latest as NonNullable<typeof g.latest>;
      return (
        `${ids.length > 1 ? `${largest}+${ids.length - 1}` : largest} ${perDay(e.rateKgPerS)} ` +
        `(${perDay(e.low90)} to ${perDay(e.high90)}, ${((e.toS - e.fromS) / 3600).toFixed(1)} h)`
      );
    });
  return parts.length > 0 ? `Airtight kg/day (90 %): ${parts.join(', ')}` : 'Airtight: gathering data';
}

/** Groups whose estimate a line shows. */
const SHOWN_GROUPS = 3;

function statusLine(
  simulation: ReturnType<typeof createSimulation>,
  monitor: MonitorState,
  trueRateKgPerDay: (leak: ReturnType<typeof createSimulation>['state']['leaks'][number]) => number,
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
  const leaks = state.leaks
    .filter((l) => l.purpose === 'leak')
    .map((l) => `${l.id} in ${station.modules[l.module]?.id} ${trueRateKgPerDay(l).toFixed(2)} kg/day`);
  return [
    `${time.slice(0, 16)}Z`,
    `mmHg: ${groups.map((g) => g.text).join(', ')}`,
    estimateText(monitor),
    leaks.length > 0 ? `truth: ${leaks.join('; ')}` : 'truth: no leak',
  ].join(' | ');
}
