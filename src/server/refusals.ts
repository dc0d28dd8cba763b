/**
 * When the plan and the forecast routes have nothing to answer from the monitor's report, and why
 * (their 409's words). The leak state carries them too, so the dashboard asks only when an answer
 * is there to be had.
 */
import type { AnalysisReport } from '../monitor/index.js';

/**
 * Wall time [ms] a leak state broadcast while data comes in may carry refusals read before (the
 * pipeline broadcasts again once it has passed, so the last state sent is current).
 */
export const REFUSALS_EVERY_MS = 10_000;

/** Why `GET plan` would answer 409 on this report; null when it would answer. */
export function planRefusal(report: AnalysisReport): string | null {
  const { leak } = report;
  const interval = leak.rateKgPerDay90;
  // alarmed, but no rate since the hatches last moved (a configuration minutes old, air still mixing)
  if ((leak.rateKgPerDay === null || interval === null) && leak.detected)
    return `a leak is alarmed (first at ${leak.firstAlarm}), but the monitor has no rate for the present hatch configuration yet (${leak.note ?? 'too little data since the hatches last moved'}): the plan is sized on one`;
  return leak.rateKgPerDay === null || interval === null || !(interval[0] > 0)
    ? 'no leak to localize yet: the monitor has no leak rate whose 90 % interval excludes zero'
    : null;
}

/** Why `GET forecast` would answer 409 on this report; null when it would answer. */
export function forecastRefusal(report: AnalysisReport): string | null {
  return report.leak.rateKgPerDay === null || report.leak.rateKgPerDay90 === null
    ? 'no leak rate yet: the monitor has not estimated one, so there is nothing to forecast'
    : null;
}

/** What the plan and the forecast would answer: null where they would, else why not. */
export interface Refusals {
  plan: string | null;
  forecast: string | null;
}

export const refusalsOf = (report: AnalysisReport): Refusals => ({
  plan: planRefusal(report),
  forecast: forecastRefusal(report),
});
