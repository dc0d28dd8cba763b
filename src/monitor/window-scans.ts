/**
 * The scan of a group's trailing windows at a check: in each, the trend, the change of trend
 * against the history before it, and for a nitrogen group the total pressure's fall beyond what
 * breathing takes, each against its share of the false-alarm rate.
 */
import { CREW_O2_KG_PER_DAY, MOLAR_MASS, meanMolarMass } from '../core/index.js';
import type { InventorySeries, NoiseModel } from '../estimate/index.js';
import {
  changeEffects,
  type DailyCycle,
  estimateLeakChange,
  estimateLeakRate,
  type HarmonicSums,
  harmonicSums,
  independentReadings,
  lineEffects,
  type TrailingSums,
  tQuantile,
  trailingSums,
} from '../estimate/index.js';
import { changeShares, cycleShareOf } from './daily-cycle-watch.js';
import { testsWindow, watchedAt } from './first-day.js';
import { inventoryOf, pressureStepPa, settledIndex, totalInventory } from './group-estimates.js';
import { crewAboard, type GroupTrack, type MonitorOptions, type MonitorState } from './monitor-state.js';
import { CHANGE_HISTORY_S } from './onset-dating.js';

/**
 * The fastest fall of total pressure [kg/s of air] that breathing can cause with no O2 generated:
 * the crew's O2 use (CREW_O2_KG_PER_DAY each, as air-equivalent moles), times a margin for
 * exercise and CO2 removal cycles. The crew count is the telemetry's when it has one.
 */
function metabolicAllowanceKgPerS(state: MonitorState): number {
  const crew = crewAboard(state) ?? state.station.crew.nominal;
  const airPerO2 = meanMolarMass(state.station.composition) / MOLAR_MASS.o2;
  return (state.options.metabolicMargin * crew * CREW_O2_KG_PER_DAY * airPerO2) / 86400;
}

/** The noise model and temperature coupling a group's scans are tested with. */
export interface GroupFit {
  noise: NoiseModel;
  coupling: number;
  couplingSe: number;
}

/** What a check's scan found: its strongest evidence over a threshold, and what the alarm reads on. */
export interface Scan {
  /** The windows tested at this check [s]. */
  windows: number[];
  best: ScanEvidence | null;
  /** The strongest evidence against its threshold, over it or not. */
  strongest: number;
  /** The series' first settled bin, and its length at this check. */
  first: number;
  n: number;
  inventory: InventorySeries;
  totalSeries: InventorySeries | null;
  /** The fall breathing can make [kg/s] (the total pressure's test is against it). */
  allowance: number;
  cycle: DailyCycle | null;
  fit: GroupFit;
}

/** Tests the group's trailing windows due at this check: trend, change and total pressure in each. */
export function scanWindows(state: MonitorState, group: GroupTrack, fit: GroupFit): Scan {
  const { series } = group;
  const { noise, coupling, couplingSe } = fit;
  const n = series.t.length;
  const options = state.options;
  const now = series.t[n - 1] as number;
  const inventory = inventoryOf(series, options.binS);
  const historyS = now - Math.max(group.historyFromS, group.settleUntilS) + options.binS;
  const watchedS = watchedAt(state, now);
  // windows up to 16 h are tested at every check, the day-long one every other check: its trend
  // changes little in five minutes, and its test costs the most
  const windows = options.scanWindowsS.filter(
    (w) =>
      w <= historyS &&
      testsWindow(w, watchedS) &&
      now - (group.scannedS.get(w) ?? Number.NEGATIVE_INFINITY) >= scanEveryS(options, w) - options.binS / 2,
  );
  for (const w of windows) group.scannedS.set(w, now);
  const first = Math.max(0, settledIndex(group));
  // tests per window, each with its share of the false-alarm rate: the trend over the window (a
  // leak, however old), the change of trend at its start against the history before it, and for
  // a nitrogen inventory the total pressure's fall beyond what breathing alone can cause
  const total = group.total;
  const totalSeries = total !== null ? totalInventory(series, options.binS) : null;
  // every window ends at the last bin: one pass of trailing sums, kept where windows and their
  // histories start, serves all their fits
  const starts: number[] = [];
  for (const w of windows) {
    const from = windowStart(options, first, n, w);
    starts.push(from, historyStart(options, first, from, w));
  }
  const sums = trailingSums(inventory, first, n, scanSums.inventory, starts);
  scanSums.inventory = sums;
  // the daily cycle learnt from the days before is taken out of the tests: each is linear in the
  // inventory, so its share (what the harmonics read in it) is subtracted, its error added
  const cycle = group.cycle;
  let learnt: { cycle: DailyCycle; harmonics: HarmonicSums } | null = null;
  if (cycle !== null) {
    scanSums.harmonics = harmonicSums(inventory, sums, cycle.harmonics, scanSums.harmonics);
    learnt = { cycle, harmonics: scanSums.harmonics };
  }
  const pressureSums =
    totalSeries !== null ? trailingSums(totalSeries, first, n, scanSums.total, starts) : undefined;
  if (pressureSums !== undefined) scanSums.total = pressureSums;
  const tests = (total !== null ? 3 : 2) * options.scanWindowsS.length;
  const allowance = metabolicAllowanceKgPerS(state);
  let best: ScanEvidence | null = null;
  // the strongest evidence against its threshold, over it or not
  let strongest = 0;
  for (const w of windows) {
    const from = windowStart(options, first, n, w);
    const alpha = (options.falseAlarmsPerDay * (Math.max(w, options.checkEveryS) / 86400)) / tests;
    // degrees of freedom of the window itself: a short window of slowly updated readings holds
    // few independent ones, and its t-threshold must say so. Counted on the model's fast part (a
    // held reading's updates): slow wander is in the model's variance already, and counting it
    // again put a 30-min window of a closed-off module without a thermometer at ~1 reading and
    // its threshold at 22,001 standard errors
    // (counted over the bins that hold a value: a feed written every 30 min fills 3 bins in 30)
    const binsRead = sums.count[from - sums.from] as number;
    const dof = Math.max(1, Math.min(noise.effectiveN, independentReadings(noise, binsRead)) - 2);
    const threshold = tQuantile(1 - alpha, dof);
    const candidates: ScanEvidence[] = [];
    if (total !== null && totalSeries !== null) {
      const p = estimateLeakRate(totalSeries, from, n, {
        coupling: total.coupling,
        couplingSe: total.couplingSe,
        noise: total.noise,
        sums: pressureSums,
      });
      if (p !== null && p.seKgPerS > 0)
        candidates.push({
          kind: 'pressure',
          z: (p.rateKgPerS - allowance) / p.seKgPerS,
          // the total pressure reads every second: its window holds no few held readings, and the
          // model's own degrees of freedom say how well its variance is known
          threshold: tQuantile(1 - alpha, Math.max(1, total.noise.effectiveN - 2)),
          windowS: w,
          rateKgPerS: p.rateKgPerS,
          low90: p.low90,
          high90: p.high90,
          sinceS: p.fromS,
          changeKgPerS: p.rateKgPerS,
          stepPa: pressureStepPa(state, series.model),
          fraction: 1,
        });
    }
    const e = estimateLeakRate(inventory, from, n, { coupling, couplingSe, noise, sums });
    if (e !== null && e.seKgPerS > 0) {
      const share =
        learnt === null
          ? null
          : cycleShareOf(learnt.cycle, lineEffects(inventory, sums, learnt.harmonics, from - sums.from));
      // the learnt cycle's error widens the test's standard error and interval
      const rate = e.rateKgPerS - (share?.kgPerS ?? 0);
      const se = Math.hypot(e.seKgPerS, share?.seKgPerS ?? 0);
      const widen = se / e.seKgPerS;
      candidates.push({
        kind: 'trend',
        z: rate / se,
        threshold,
        windowS: w,
        rateKgPerS: rate,
        low90: rate - (e.rateKgPerS - e.low90) * widen,
        high90: rate + (e.high90 - e.rateKgPerS) * widen,
        sinceS: e.fromS,
        changeKgPerS: rate,
        stepPa: series.model.inventoryStepPa,
        fraction: series.fraction.at(-1) ?? 1,
        ...(share !== null && { cycleKgPerS: share.kgPerS }),
      });
    }
    const reference = historyStart(options, first, from, w);
    // (with a cycle to take out, the rate after the onset is known only once it is)
    const c =
      from > first
        ? estimateLeakChange(inventory, reference, from, n, coupling, noise, couplingSe, {
            ...(learnt === null && { rateAfterAbove: 0 }),
            sums,
          })
        : null;
    const q = tQuantile(0.95, dof);
    // with a learnt cycle, its share of each rate is taken out and its error added to the change's
    const share =
      c === null || learnt === null
        ? null
        : changeShares(
            learnt.cycle,
            changeEffects(
              inventory,
              sums,
              learnt.harmonics,
              reference - sums.from,
              from - sums.from,
              (c.onsetS - sums.endS) / 3600,
            ),
          );
    const before = (c?.rateBeforeKgPerS ?? 0) - (share?.before ?? 0);
    const after = (c?.rateAfterKgPerS ?? 0) - (share?.after ?? 0);
    const changeSe = c === null ? 0 : Math.hypot(c.seKgPerS, share?.changeSe ?? 0);
    // a change counts only when gas is lost after it, and against a baseline no lower than zero:
    // an inventory that rose (with no gas added) was moved by a disturbance, and its end is not a leak
    if (c !== null && changeSe > 0 && after - q * changeSe > 0) {
      candidates.push({
        kind: 'change',
        z: (after - Math.max(0, before)) / changeSe,
        threshold,
        windowS: w,
        rateKgPerS: after,
        low90: after - q * changeSe,
        high90: after + q * changeSe,
        sinceS: c.onsetS,
        changeKgPerS: after - before,
        stepPa: series.model.inventoryStepPa,
        fraction: series.fraction.at(-1) ?? 1,
        ...(share !== null && { cycleKgPerS: share.after }),
      });
    }
    for (const candidate of candidates) {
      // the fall must also be resolved by the sensors: three quantization steps at least
      const fallPa = (candidate.changeKgPerS * w) / (series.model.kgPerPa / candidate.fraction);
      if (fallPa < 3 * candidate.stepPa) continue;
      strongest = Math.max(strongest, candidate.z / candidate.threshold);
      if (
        candidate.z > candidate.threshold &&
        (best === null || candidate.z / candidate.threshold > best.z / best.threshold)
      )
        best = candidate;
    }
  }
  return { windows, best, strongest, first, n, inventory, totalSeries, allowance, cycle, fit };
}

/** The scans' trailing sums, rebuilt at every check in the same arrays (kept beside the state, not in it). */
const scanSums: {
  inventory?: TrailingSums;
  total?: TrailingSums;
  harmonics?: HarmonicSums;
} = {};

/** First bin of the trailing scan window of `windowS` seconds. */
export function windowStart(options: MonitorOptions, first: number, n: number, windowS: number): number {
  return Math.max(first, n - Math.round(windowS / options.binS));
}

/**
 * First bin of the history a change at `from` is tested against: eight windows (twelve hours at
 * least) before the onset; longer pins the background trend little better (with white noise the
 * change's standard error is within 6 % of that against a whole day).
 */
function historyStart(options: MonitorOptions, first: number, from: number, windowS: number): number {
  return Math.max(first, from - Math.round(Math.max(8 * windowS, CHANGE_HISTORY_S) / options.binS));
}

/** How often a scan window is tested [s]: every check, a window over 16 h every round(w / 16 h) checks. */
function scanEveryS(options: MonitorOptions, windowS: number): number {
  return options.checkEveryS * Math.max(1, Math.round(windowS / (16 * 3600)));
}

/** What a scan found in one window: the test, its statistic, and the leak it shows. */
export interface ScanEvidence {
  /**
   * `trend`: the inventory fell over the window; `change`: it fell faster than before the window;
   * `pressure`: the total pressure fell faster than breathing without O2 generation can make it.
   */
  kind: 'trend' | 'change' | 'pressure';
  z: number;
  threshold: number;
  windowS: number;
  /** Leak rate over the window and its 90 % interval [kg/s]. */
  rateKgPerS: number;
  low90: number;
  high90: number;
  sinceS: number;
  /** What the test measured [kg/s]: the rate (trend, pressure) or its increase (change). */
  changeKgPerS: number;
  /** Quantization step of the readings tested [Pa], and their share of the pressure. */
  stepPa: number;
  fraction: number;
  /** What the daily cycle taken out of the inventory read as a leak over the window [kg/s]. */
  cycleKgPerS?: number;
}
