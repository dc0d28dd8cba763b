/**
 * The times a telemetry sample may carry: from 1970 to a day past the server's wall clock. A sample
 * dated in the far future (a clock gone wrong, a typo in the year) would stop the monitor taking
 * every real sample of its channel after it, as each would seem to go back in time; replays of
 * past data are any age from 1970 on.
 */
import { isoFromEpochS } from '../core/index.js';

/** How far past the server's clock a sample may be dated [s]: feeds whose clock runs a little ahead. */
export const FUTURE_ALLOWANCE_S = 86_400;

export interface SampleWindow {
  /** Earliest and latest sample time taken [epoch s]. */
  fromS: number;
  toS: number;
}

/** The window at wall-clock time `nowS` [epoch s]. */
export function sampleWindow(nowS: number): SampleWindow {
  return { fromS: 0, toS: nowS + FUTURE_ALLOWANCE_S };
}

export function inWindow(window: SampleWindow, timeS: number): boolean {
  return timeS >= window.fromS && timeS <= window.toS;
}

/** What a time outside the window must be, for messages. */
export function windowProblem(window: SampleWindow): string {
  return `must be from 1970-01-01T00:00:00Z to a day past the server's clock (${isoFromEpochS(window.toS)})`;
}
