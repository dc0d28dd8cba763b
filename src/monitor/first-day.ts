/**
 * A monitor in its first day tests only windows it has watched three times over.
 */
import type { MonitorState } from './monitor-state.js';

/**
 * A monitor that has watched for less than a day tests a window only once it has watched
 * YOUNG_WINDOW_MULTIPLE times the window's length. Its noise models and couplings are fitted on
 * those few hours: a window as long as the watch is judged by a model fitted to that same window,
 * which cannot show the slow disturbance (a thermal swing the coupling of a few hours misreads, a
 * composition change in one analyser's module) that looks like its trend. (A group formed by a
 * hatch change starts from the models of its modules' earlier fits: its own history only bounds
 * its windows, as it always has.) Started
 * at every hour of the recorded ISS day, a fresh monitor alarmed 8 times in 21 starts with no
 * multiple, 5 with 2, none with 3; 3 of 90 simulated leak-free days started over the clock
 * alarmed with none, none with 2 or 3. After a day every window is tested.
 */
const YOUNG_HISTORY_S = 24 * 3600;

const YOUNG_WINDOW_MULTIPLE = 3;

/** How long the monitor has watched at data time `now`, to the end of its bin [s]. */
export function watchedAt(state: MonitorState, now: number): number {
  return now - state.firstS + state.options.binS;
}

/** True when a monitor that has watched `watchedS` tests a trailing window of `windowS`. */
export function testsWindow(windowS: number, watchedS: number): boolean {
  return windowS * (watchedS >= YOUNG_HISTORY_S ? 1 : YOUNG_WINDOW_MULTIPLE) <= watchedS;
}

/**
 * For a monitor still in its first day: the span of data it has read [s] and the longest trailing
 * window it tests for a leak [s] (null while it tests none: scans begin once `scanHistoryS` of data
 * stands behind the noise model). Null after a day's watch, when every window is tested.
 */
export function firstDayWatch(state: MonitorState): { spanS: number; longestWindowS: number | null } | null {
  const watchedS = watchedAt(state, state.lastS);
  if (!(watchedS < YOUNG_HISTORY_S)) return null;
  const open =
    watchedS < state.options.scanHistoryS
      ? []
      : state.options.scanWindowsS.filter((w) => testsWindow(w, watchedS));
  return { spanS: state.lastS - state.firstS, longestWindowS: open.length > 0 ? Math.max(...open) : null };
}
