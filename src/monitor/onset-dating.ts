/**
 * When a leak a scan found began, to the bin, and its rate since (what a reserve time needs).
 */
import {
  estimateLeakChange,
  estimateLeakRate,
  type InventorySeries,
  type LeakChange,
  type NoiseModel,
  trailingSums,
} from '../estimate/index.js';

/** One-sided 95 % normal quantile: a refined onset's change must pass it to date the leak. */
const ONSET_Z = 1.645;

/** Fewest bins after a refined onset (its rate rests on them). */
const MIN_AFTER_BINS = 10;

/**
 * When the leak a scan found began, to the bin, and its rate since: among onsets from one and a
 * half windows back to a third of a window before now (MIN_AFTER_BINS at least: a short tail's
 * slope is mostly quantization), the broken line whose change has the largest statistic; if that
 * change is significant by itself (one-sided 95 %: the scan has already decided that there is a
 * leak, this only dates it), the trend since the onset. A window's trend averages the quiet bins
 * before an onset inside it into the rate, and a broken line ties the rate after to the level
 * of the long history before; the trend since the onset is what a reserve time needs. About
 * sixty candidate fits, only when a scan alarms.
 */
export function rateSinceOnset(
  on: { series: InventorySeries; coupling: number; noise: NoiseModel; couplingSe: number },
  first: number,
  n: number,
  windowBins: number,
): { onsetS: number; rateKgPerS: number; low90: number; high90: number } | null {
  const lo = Math.max(first + 5, n - Math.round(1.5 * windowBins));
  const hi = n - Math.max(MIN_AFTER_BINS, Math.round(windowBins / 3));
  const step = Math.max(1, Math.floor((hi - lo) / 60));
  const historyBins = Math.round(CHANGE_HISTORY_S / on.series.binS);
  const sums = trailingSums(on.series, first, n);
  let best: { onset: number; change: LeakChange } | null = null;
  let bestZ = Number.NEGATIVE_INFINITY;
  for (let onset = lo; onset <= hi; onset += step) {
    const c = estimateLeakChange(
      on.series,
      Math.max(first, onset - historyBins),
      onset,
      n,
      on.coupling,
      on.noise,
      on.couplingSe,
      { sums },
    );
    if (c === null || !(c.seKgPerS > 0)) continue;
    const z = c.changeKgPerS / c.seKgPerS;
    if (z > bestZ) {
      bestZ = z;
      best = { onset, change: c };
    }
  }
  if (best === null || !(bestZ > ONSET_Z)) return null;
  const since = estimateLeakRate(on.series, best.onset, n, {
    coupling: on.coupling,
    couplingSe: on.couplingSe,
    noise: on.noise,
    sums,
  });
  return since !== null && since.rateKgPerS > 0
    ? { onsetS: best.change.onsetS, rateKgPerS: since.rateKgPerS, low90: since.low90, high90: since.high90 }
    : null;
}

/** Shortest history before a candidate onset that the change test weighs it against [s]. */
export const CHANGE_HISTORY_S = 12 * 3600;
