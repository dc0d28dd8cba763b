/**
 * When and over how many days a group's daily cycle is learnt, and its share of a test's rates.
 */
import {
  type changeEffects,
  clearSlots,
  cycleShare,
  cycleVariance,
  type DailyCycle,
} from '../estimate/index.js';
import type { GroupTrack, MonitorOptions } from './monitor-state.js';

/**
 * Fewest days of history the daily cycle is learnt from, and how often it is learnt again [s] (a cycle
 * learnt over two days moves little in three hours; its covariance, 21 variances over two days of
 * bins, cost a month's analysis 1.4 s when learnt hourly). Learnt from one day, the cycle's first
 * harmonic and the day's trend are 0.78 correlated: taken out from 48 h on, it put the 0.5 kg/day
 * leaks of the detection bench (onset at 32 h) at a median 18.0 h instead of 15.9 h.
 */
export const CYCLE_DAYS = 2;

const CYCLE_REFIT_S = 3 * 3600;

/**
 * Most days the cycle is learnt from, as the watch goes on: the learnt cycle's variance, which
 * widens the tests' standard errors, falls about as one over the days (with leaks 80–104 h into a
 * watch, two or three days by then, the detection bench finds 1 kg/day in 8.6 h against 10.2 h over
 * two days always; 8.4 h without the cycle). Six keeps the cycle within a week, as the crew's
 * timeline and the station's thermal environment (its beta angle) move over weeks.
 */
export const CYCLE_MAX_DAYS = 6;

/** The days a cycle was learnt over, in words ("3 days"). */
export function cycleDaysText(cycle: DailyCycle | null): string {
  return cycle === null ? 'no days' : `${Math.round((cycle.toS - cycle.fromS) / 86400)} days`;
}

/** When a group's cycle is learnt again [s]: every CYCLE_REFIT_S over two days, less often over more (it moves less). */
export function cycleRefitS(cycle: DailyCycle | null): number {
  return cycle === null ? CYCLE_REFIT_S : (CYCLE_REFIT_S * (cycle.toS - cycle.fromS)) / (CYCLE_DAYS * 86400);
}

/** The learnt cycle's shares of a change test's rates before and after the onset, and the change's standard error [kg/s]. */
export function changeShares(
  cycle: DailyCycle,
  effects: ReturnType<typeof changeEffects>,
): { before: number; after: number; changeSe: number } {
  return {
    before: cycleShare(cycle, effects.before),
    after: cycleShare(cycle, effects.after),
    changeSe: cycleShareOf(cycle, effects.change).seKgPerS,
  };
}

/** The learnt cycle's share of a test whose effect per harmonic is s, and its standard error [kg/s]. */
export function cycleShareOf(cycle: DailyCycle, s: ArrayLike<number>): { kgPerS: number; seKgPerS: number } {
  return { kgPerS: cycleShare(cycle, s), seKgPerS: Math.sqrt(cycleVariance(cycle, s)) };
}

/**
 * The telemetry [s] a monitor must watch before it tests as one that has always watched: a day past
 * its first day (whose windows are young), so that its day-long windows have a day of history
 * before them, and, with the daily cycle learnt, the cycle's fewest days before its longest window
 * (it learns the cycle from more days as its watch goes on, up to CYCLE_MAX_DAYS, as any does).
 */
export function historyNeededS(options: MonitorOptions): number {
  return Math.max(
    2 * 86400,
    options.learnDailyCycle && options.scanWindowsS.length > 0
      ? CYCLE_DAYS * 86400 + longestWindowS(options)
      : 0,
  );
}

/** The longest window the scans test [s] (0 when they test none). */
export function longestWindowS(options: MonitorOptions): number {
  return Math.max(0, ...options.scanWindowsS);
}

/** Forgets a group's daily cycle and the means it was learnt from (their history was just revised). */
export function forgetCycle(group: GroupTrack): void {
  clearSlots(group.cycleSlots);
  group.cycle = null;
}
