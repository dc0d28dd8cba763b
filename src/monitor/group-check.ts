/**
 * A group's check every five minutes: its day-long estimate, the scan of trailing windows for a
 * leak (trend, change, total pressure) against a configured false-alarm rate, and the leak alarm.
 */

import type { LeakEstimate } from '../estimate/index.js';
import { estimateLeakRate, fitDailyCycle } from '../estimate/index.js';
import { CYCLE_DAYS, CYCLE_MAX_DAYS, cycleRefitS, longestWindowS } from './daily-cycle-watch.js';
import { couplingOf, estimate24, fitTotal, LONG_FIT_S, lastFinite, settledIndex } from './group-estimates.js';
import { raiseLeakAlarm } from './leak-alarm.js';
import type { GroupTrack, MonitorState, Segment } from './monitor-state.js';
import { leaveOutNoisyAnalysers } from './noisy-analyser.js';
import {
  DRIFT_WATCH_FACTOR,
  driftingApart,
  slowThermometerDrift,
  WITHDRAW_BELOW,
  withdrawDriftAlarms,
} from './sensor-drift.js';
import { mainGroup } from './timeline.js';
import { type GroupFit, type Scan, type ScanEvidence, scanWindows, windowStart } from './window-scans.js';

/** How often a group's noise model is refitted [s]. */
const NOISE_REFIT_S = 3600;

/**
 * A group's check: its estimate over the trailing day; then, once its noise model stands on enough
 * data, the hourly drift watch, the daily cycle learnt again when due, and the scan of its trailing
 * windows, whose strongest evidence over its threshold raises the group's leak alarm.
 */
export function checkGroup(state: MonitorState, segment: Segment, group: GroupTrack): void {
  leaveOutNoisyAnalysers(state, group);
  const latest = estimateNow(state, segment, group);
  // scans need a noise model fitted on enough data: a short history understates slow disturbances
  const { options } = state;
  if (
    latest === null ||
    group.noise === null ||
    !Number.isFinite(group.coupling) ||
    group.noiseSpanS < options.scanHistoryS
  )
    return;
  const fit = { noise: group.noise, coupling: group.coupling, couplingSe: group.couplingSe };
  const n = group.series.t.length;
  const now = group.series.t[n - 1] as number;
  // an analyser or thermometer drifting from the others over the day, whatever the trend says
  // (hourly: a day's drift moves little in five minutes)
  const day = Math.round(86400 / options.binS);
  if (n - settledIndex(group) >= day && now - group.driftWatchedS >= 3600) {
    group.driftWatchedS = now;
    if (!driftingApart(state, group, n - day, n, DRIFT_WATCH_FACTOR) && group === mainGroup(segment))
      slowThermometerDrift(state, group);
  }
  // no scan while air from groups that were apart is still mixing (compositions differ locally)
  if (now < group.settleUntilS) return;
  learnCycleWhenDue(state, group, fit, now);
  const scan = scanWindows(state, group, fit);
  const { windows, best, strongest, first } = scan;
  // leak alarms raised while a sensor now left out drifted: do they stand without it?
  // (they stand when a window is over its threshold; they are withdrawn when none is within half of
  // it; in between, the next scans decide: a leak beside the drift, younger than it takes to find,
  // would otherwise be withdrawn and alarmed again an hour later)
  if (group.recheck !== null && windows.length > 0) {
    if (strongest < WITHDRAW_BELOW) withdrawDriftAlarms(state, group, group.recheck, now);
    if (best !== null || strongest < WITHDRAW_BELOW) group.recheck = null;
  }
  // a rapid depressurisation already alarmed carries the rate and reserve time second by second
  if (best === null || group.rapidAlarm >= 0) return;
  // a fall that one analyser or thermometer alone makes is that sensor's, not the air's (the
  // total pressure's test reads no analyser)
  if (
    driftingApart(state, group, windowStart(options, first, n, best.windowS), n, 1, best.kind !== 'pressure')
  )
    return;
  if (best.kind !== 'pressure' && pressureDenies(state, group, scan, best)) return;
  raiseLeakAlarm(state, segment, group, latest, best, scan);
}

/**
 * True when the group's total pressure over the window rules out the loss its nitrogen reads: the
 * pressure's upper 90 % bound, with the breathing allowance added (gas the O2 generator may add
 * while a leak goes on), under half the nitrogen's lower bound. A leak lowers the cabin's pressure
 * too; an analyser whose readings jump does not (a ppN2 gone noisy in haven read 28.5 kg/day over
 * half an hour, 150 kg/day since its onset, while the three gauges held: a CRITICAL alarm four
 * minutes before the noise could be told from the air). The next check decides again.
 */
function pressureDenies(state: MonitorState, group: GroupTrack, scan: Scan, best: ScanEvidence): boolean {
  const total = group.total;
  const { totalSeries, first, n, allowance } = scan;
  if (total === null || totalSeries === null) return false;
  const p = estimateLeakRate(totalSeries, windowStart(state.options, first, n, best.windowS), n, {
    coupling: total.coupling,
    couplingSe: total.couplingSe,
    noise: total.noise,
  });
  return p !== null && Number.isFinite(p.high90) && p.high90 + allowance < 0.5 * best.low90;
}

/**
 * The group's rate over the trailing day at this check (the noise model refitted hourly, the
 * coupling every time), kept in its history, the timeline's checks and its modules' priors.
 */
function estimateNow(state: MonitorState, segment: Segment, group: GroupTrack): LeakEstimate | null {
  const { series } = group;
  const n = series.t.length;
  const options = state.options;
  const now = series.t[n - 1] as number;
  const span = (n - Math.max(0, n - Math.round(options.windowS / options.binS))) * options.binS;
  // the noise model is refitted hourly; the coupling at every check
  const refit =
    span >= options.minHistoryS && (group.noise === null || now - group.noiseFittedS >= NOISE_REFIT_S);
  const latest = refit ? estimate24(state, group, n) : estimate24(state, group, n, group.noise ?? undefined);
  if (latest === null) return null;
  if (span >= options.minHistoryS) {
    if (refit) {
      group.noise = latest.noise;
      group.noiseFittedS = now;
      group.noiseSpanS = span;
      group.total = series.model.kind === 'N2' ? fitTotal(state, group, n) : null;
    }
    const { coupling, couplingSe, fitted } = couplingOf(latest, series, series.inventory);
    group.coupling = coupling;
    group.couplingSe = couplingSe;
    for (const id of fitted ? series.model.moduleIds : []) {
      // a short fit (a group rejoined a few hours ago, a module closed off for a test) does not
      // replace a long one: the long fit's coupling is the one a freshly isolated group borrows
      const before = state.priors.get(id);
      if (before !== undefined && group.noiseSpanS < Math.min(before.spanS, LONG_FIT_S)) continue;
      state.priors.set(id, {
        noise: group.noise ?? latest.noise,
        coupling: group.coupling,
        spanS: group.noiseSpanS,
        relCoupling: group.coupling / lastFinite(series.inventory),
        readingVariancePa2: series.model.readingVariancePa2,
      });
    }
  }
  group.latest = latest;
  if (group === mainGroup(segment)) {
    const checks = state.timeline.checks;
    checks.t.push(series.t[n - 1] as number);
    checks.rateKgPerS.push(latest.rateKgPerS);
    checks.low.push(latest.low90);
    checks.high.push(latest.high90);
  }
  group.history.push({
    t: now,
    rate: latest.rateKgPerS,
    low: latest.low90,
    high: latest.high90,
    pressure: lastFinite(series.pressure),
    inventory: lastFinite(series.inventory),
  });
  return latest;
}

/** Learns the group's daily cycle again when it is due (cycleRefitS), over as many days as are kept. */
function learnCycleWhenDue(
  state: MonitorState,
  group: GroupTrack,
  { noise, coupling }: GroupFit,
  now: number,
): void {
  const { options } = state;
  if (
    options.learnDailyCycle &&
    options.scanWindowsS.length > 0 &&
    now - group.cycleFittedS >= cycleRefitS(group.cycle)
  ) {
    group.cycleFittedS = now;
    // over as many whole days as are kept (CYCLE_DAYS at least) that end where the longest window begins
    const toS = now + options.binS - longestWindowS(options);
    group.cycle = null;
    for (let days = CYCLE_MAX_DAYS; days >= CYCLE_DAYS && group.cycle === null; days--)
      group.cycle = fitDailyCycle(group.cycleSlots, toS - days * 86400, toS, coupling, noise, options.binS);
  }
}
