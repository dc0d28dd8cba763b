// Bench jobs that run inside workers. Each takes plain data and returns plain data.
// biome-ignore-all lint/suspicious/noExplicitAny: inputs arrive untyped from postMessage
import { fileURLToPath } from 'node:url';
import { loadStation } from '../src/config/index.js';
import { meanMolarMass, unitScale } from '../src/core/index.js';
import {
  buildReport,
  createMonitor,
  finishMonitor,
  type MonitorOptions,
  type MonitorState,
  monitorBatch,
} from '../src/monitor/index.js';
import {
  advanceSimulation,
  createSimulation,
  isFinished,
  orificeMassFlow,
  pressurePa,
  SampleBuffer,
} from '../src/sim/index.js';
import { type BaselineEstimate, ppN2Trend, pressureTrend } from './baselines.js';
import { type CaseSpec, caseScenario, operations, runCase } from './cases.js';
import { type InjectedLeak, injectLeak } from './inject.js';
import { type HuntCase, huntJob } from './localization.js';
import { ingestAll } from './real-day.js';
import { evenTimeSpread } from './report.js';

export interface EstimateResult {
  seed: number;
  truthKgPerDay: number;
  rateKgPerDay: number;
  low: number;
  high: number;
  ppN2: BaselineEstimate | null;
  pressure: BaselineEstimate | null;
  /** The main group's estimate over its whole last configuration period [kg/day], and its span [h]. */
  period: { rate: number; low: number; high: number; spanH: number } | null;
  /** Cramér–Rao bound on the rate's standard error from the ppN2 analysers alone [kg/day]. */
  ppN2BoundKgPerDay: number;
  alarms: { time: number; severity: string; kind: string; reserveTimeMin?: number }[];
}

export interface DetectResult {
  seed: number;
  onsetS: number;
  /** First leak or rapid-depress alarm at or after the onset [s after onset], null if none. */
  delayS: number | null;
  /** Alarms before the onset (false alarms). */
  early: number;
  firstReserveMin: number | null;
  truthReserveMin: number | null;
  /**
   * Every reserve time a rapid-depress alarm told after the onset (as raised and its latest
   * reading), with its 90 % interval and the truth at that time [min]: how long the simulated
   * cabin then still took to reach the evacuation pressure (crossingS), +∞ if not within the cap.
   */
  reserves: { kind: string; reserveMin: number; low: number; high: number | null; truthMin: number }[];
}

/** A hole in a simulated case: its size, discharge coefficient and module. */
export interface CaseHole {
  diameterMm: number;
  cd: number;
  module: string;
}

/** Hours after a hole's onset the simulation is carried on to find when its cabin reaches the evacuation pressure. */
const CROSSING_CAP_H = 12;

/**
 * When the simulated air of the hole's module (its open-hatch group's, which the simulator keeps
 * at one pressure) falls to the evacuation pressure [epoch s], +∞ if not within CROSSING_CAP_H of
 * the onset: the case simulated again, longer, with the run's own events and no hatch operated
 * after its end. The same seed and events give the same air up to the run's end, and the cabin's own gas control, the N2
 * top-up that starts below 742 mmHg, takes part as it does in the telemetry — the reserve a crew
 * has, which the orifice law alone (holeReserveMin) puts 3–4 % short for a 10 mm hole.
 */
function crossingS(spec: CaseSpec & { onsetH: number }, module: string): number {
  // the run's own hatch operations, none added past its end
  const scenario = caseScenario({
    ...spec,
    hours: spec.onsetH + CROSSING_CAP_H,
    operations: false,
    events: [...(spec.operations ? operations(spec.hours) : []), ...spec.events],
  });
  const sim = createSimulation(scenario);
  const index = sim.state.moduleIndex.get(module);
  if (index === undefined) return Number.NaN;
  const evacuationPa = scenario.station.limits.evacuationPa;
  const buffer = new SampleBuffer();
  advanceSimulation(sim, buffer, { untilS: spec.onsetH * 3600 });
  while (!isFinished(sim)) {
    buffer.clear();
    advanceSimulation(sim, buffer, { steps: 1 });
    if (pressurePa(sim.state.gas, index) <= evacuationPa) return scenario.startMs / 1000 + sim.state.timeS;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * The true reserve time [min] at `time` for a hole in the main group: isothermal choked flow
 * empties a volume exponentially, τ = m/ṁ, so T_res = τ·ln(p/p_evac) (DOMAIN.md §4).
 */
function holeReserveMin(
  monitor: MonitorState,
  hole: { diameterMm: number; cd: number },
  time: number,
): number {
  const { station, timeline } = monitor;
  let i = 0;
  while (i + 1 < timeline.t.length && (timeline.t[i + 1] as number) <= time) i++;
  const group = timeline.groups[timeline.groupIndex[i] as number];
  const p = timeline.pressurePa[i] as number;
  if (group === undefined || !Number.isFinite(p)) return Number.NaN;
  const flow = orificeMassFlow(
    hole.cd,
    hole.diameterMm / 1000,
    p,
    station.airTemperatureK,
    meanMolarMass(station.composition),
  );
  const tau = (p * group.series.model.kgPerPa) / flow;
  return (tau * Math.log(p / station.limits.evacuationPa)) / 60;
}

/**
 * DetectResult.reserves: each leak or rapid-depress alarm after the onset, as raised and as last
 * read. A rapid fall's truth is the time the cabin still took (it reaches the evacuation pressure at
 * `crossing` [epoch s]); a leak alarm's, the orifice law for the hole alone, as its reserve is
 * defined (at the present leak rate, the gas from stores kept out of the inventory).
 */
function toldReserves(
  monitor: MonitorState,
  onsetS: number,
  hole: CaseHole,
  crossing: number,
): DetectResult['reserves'] {
  return monitor.alarms
    .filter((a) => (a.kind === 'rapid-depress' || a.kind === 'leak') && a.time >= onsetS)
    .flatMap((a) => [a, ...(a.latest !== undefined ? [a.latest] : [])].map((r) => ({ kind: a.kind, r })))
    .flatMap(({ kind, r }) =>
      r.reserveTimeMin === undefined || r.reserveTimeMin90 === undefined
        ? []
        : [
            {
              kind,
              reserveMin: r.reserveTimeMin,
              low: r.reserveTimeMin90[0],
              high: r.reserveTimeMin90[1],
              truthMin: kind === 'leak' ? holeReserveMin(monitor, hole, r.time) : (crossing - r.time) / 60,
            },
          ],
    );
}

/**
 * The Cramér–Rao bound on the standard error of the rate [kg/day] over [fromS, toS] from the group's
 * ppN2 analysers alone: each reads a straight line (its own offset) in its declared white noise σ
 * every Δt, with temperature, crew, humidity and everything else taken as known — a floor no
 * estimator that has only these readings can go below. For N evenly spaced readings
 * Σ(t_i − t̄)² = N(N² − 1)Δt²/12, so Var(slope) ≥ 1 / Σ_sensors N(N² − 1)Δt²/(12σ²).
 */
function ppN2BoundKgPerDay(
  monitor: MonitorState,
  group: ReturnType<typeof mainGroup>,
  fromS: number,
  toS: number,
  fraction: number,
): number {
  if (group === undefined || group.series.model.kind !== 'N2') return Number.NaN;
  let information = 0;
  for (const k of group.series.model.ppN2) {
    const s = monitor.station.sensors[k];
    if (s === undefined || !(s.periodS > 0)) continue;
    const sigma = Math.hypot(s.noiseSd, s.resolution / Math.sqrt(12)) * unitScale(s.unit);
    const n = Math.floor((toS - fromS) / s.periodS) + 1;
    information += evenTimeSpread(n, s.periodS) / (sigma * sigma);
  }
  return ((Math.sqrt(1 / information) * group.series.model.kgPerPa) / fraction) * 86400;
}

function mainGroup(monitor: MonitorState) {
  return monitor.finalGroups.reduce<MonitorState['finalGroups'][number] | undefined>(
    (a, g) => (a === undefined || g.series.model.volumeM3 > a.series.model.volumeM3 ? g : a),
    undefined,
  );
}

function detection(
  monitor: MonitorState,
  onsetS: number,
): Pick<DetectResult, 'delayS' | 'early' | 'firstReserveMin'> {
  const leakAlarms = monitor.alarms.filter((a) => a.kind === 'leak' || a.kind === 'rapid-depress');
  const after = leakAlarms.filter((a) => a.time >= onsetS);
  const first = after[0];
  return {
    delayS: first === undefined ? null : first.time - onsetS,
    early: leakAlarms.length - after.length,
    firstReserveMin: first?.reserveTimeMin ?? null,
  };
}

const realDay = fileURLToPath(new URL('../../data/iss-usos-2018-day285', import.meta.url));

export const jobs: Record<string, (input: any) => unknown> = {
  /** One closed-loop leak hunt (localization bench). */
  hunt: (input: HuntCase) => huntJob(input),
  /** One simulated case: the main group's estimate at the end, the baselines, every alarm. */
  estimate(spec: CaseSpec & { monitor?: Partial<MonitorOptions> }): EstimateResult {
    const { monitor, truth } = runCase(caseScenario(spec), spec.monitor);
    const lastFrom = monitor.segments.at(-1)?.fromS;
    const main = monitor.segments
      .filter((s) => s.fromS === lastFrom)
      .reduce<(typeof monitor.segments)[number] | undefined>(
        (a, s) => (a === undefined || s.kgPerPa > a.kgPerPa ? s : a),
        undefined,
      );
    const e = main?.atEnd;
    const group = mainGroup(monitor);
    const truthKgPerDay = truth.leaks.reduce((sum, l) => sum + (l.rate_kg_per_day.at(-1)?.[1] ?? 0), 0);
    return {
      seed: spec.seed,
      truthKgPerDay,
      rateKgPerDay: (e?.rateKgPerS ?? Number.NaN) * 86400,
      low: (e?.low90 ?? Number.NaN) * 86400,
      high: (e?.high90 ?? Number.NaN) * 86400,
      ppN2: group && group.series.model.kind === 'N2' ? ppN2Trend(group.series) : null,
      pressure: group ? pressureTrend(group.series) : null,
      period:
        main?.estimate == null
          ? null
          : {
              rate: main.estimate.rateKgPerS * 86400,
              low: main.estimate.low90 * 86400,
              high: main.estimate.high90 * 86400,
              spanH: (main.estimate.toS - main.estimate.fromS) / 3600,
            },
      ppN2BoundKgPerDay:
        e === undefined || e === null
          ? Number.NaN
          : ppN2BoundKgPerDay(monitor, group, e.fromS, e.toS, e.fraction),
      alarms: monitor.alarms.map((a) => ({
        time: a.time,
        severity: a.severity,
        kind: a.kind,
        ...(a.reserveTimeMin !== undefined && { reserveTimeMin: a.reserveTimeMin }),
      })),
    };
  },

  /** A simulated case with a leak from `onsetH`: detection delay and the reserve time first reported. */
  detect(
    input: CaseSpec & {
      onsetH: number;
      hole?: CaseHole;
      monitor?: Partial<MonitorOptions>;
    },
  ): DetectResult {
    const scenario = caseScenario(input);
    const { monitor } = runCase(scenario, input.monitor);
    const onsetS = scenario.startMs / 1000 + input.onsetH * 3600;
    const found = detection(monitor, onsetS);
    const hole = input.hole;
    return {
      seed: input.seed,
      onsetS,
      ...found,
      truthReserveMin:
        hole === undefined || found.delayS === null
          ? null
          : holeReserveMin(monitor, hole, onsetS + found.delayS),
      reserves:
        hole === undefined
          ? []
          : toldReserves(
              monitor,
              onsetS,
              hole,
              monitor.alarms.some((a) => a.kind === 'rapid-depress')
                ? crossingS(input, hole.module)
                : Number.NaN,
            ),
    };
  },

  /** The real ISS day with a leak injected into the US-segment channels from `onsetH` after its start. */
  async realInject(input: {
    leak: InjectedLeak | null;
    onsetH: number;
    seed: number;
  }): Promise<DetectResult & { rateKgPerDay: number; low: number; high: number }> {
    const station = loadStation('iss');
    const samples = await ingestAll(realDay, station, 2018);
    const start = samples.time[0] as number;
    const onsetS = start + input.onsetH * 3600;
    const data =
      input.leak === null ? samples : injectLeak(samples, station, 'us-lab', input.leak, onsetS, 99_000);
    const monitor = createMonitor(station);
    monitorBatch(monitor, data);
    finishMonitor(monitor);
    const report = buildReport(monitor);
    return {
      seed: input.seed,
      onsetS,
      ...detection(monitor, onsetS),
      truthReserveMin: null,
      reserves: [],
      rateKgPerDay: report.leak.rateKgPerDay ?? Number.NaN,
      low: report.leak.rateKgPerDay90?.[0] ?? Number.NaN,
      high: report.leak.rateKgPerDay90?.[1] ?? Number.NaN,
    };
  },

  /** A white-noise case for the Cramér–Rao comparison: one slope estimate. */
  whiteNoise(spec: CaseSpec): { seed: number; rateKgPerDay: number; truthKgPerDay: number } {
    const { monitor, truth } = runCase(caseScenario(spec));
    const e = monitor.segments[0]?.estimate;
    return {
      seed: spec.seed,
      rateKgPerDay: (e?.rateKgPerS ?? Number.NaN) * 86400,
      truthKgPerDay: truth.leaks[0]?.rate_kg_per_day.at(-1)?.[1] ?? 0,
    };
  },
};
