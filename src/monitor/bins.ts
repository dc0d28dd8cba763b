/**
 * Sample-and-hold binning: every channel's value averaged over fixed time bins, each sample
 * holding until the next one (report-on-change feeds send only changes). A bin is complete once
 * the data has moved `lagS` past its end; a channel contributes only where it covers at least half
 * the bin, and never holds a value longer than its hold limit.
 */

export interface BinnerOptions {
  binS: number;
  /** How far the data must run past a bin's end before it is complete [s] (tolerates small disorder). */
  lagS: number;
  /** Longest a value may be held, per channel [s]. */
  holdLimitS: Float64Array;
}

export interface CompletedBin {
  /** Start of the bin [epoch s]. */
  startS: number;
  /** Mean of each channel over the bin (NaN where it covered less than half). */
  means: Float64Array;
}

export interface Binner {
  options: BinnerOptions;
  channels: number;
  held: Float64Array;
  /** Time up to which each channel's held value has been added to the bins. */
  heldSince: Float64Array;
  lastSample: Float64Array;
  /** Index of the first bin not yet completed (NaN before any sample). */
  firstOpen: number;
  /** Open bins keyed by bin index: each channel's sum of value·seconds, then its covered seconds. */
  open: Map<number, Float64Array>;
  /** The open bin last used, and its index. */
  lastIndex: number;
  lastBin: Float64Array | null;
  latestS: number;
  /** Samples that arrived for a bin already completed, by channel, with the first and last one's times. */
  lateByChannel: Int32Array;
  firstLateS: Float64Array;
  lastLateS: Float64Array;
  /** Bins completed in a row with no channel's mean in them (a loss of signal). */
  emptyRun: number;
}

/**
 * Longest loss of signal completed bin by bin [s]: eight days, more than anything the monitor keeps
 * (a day's trailing window, six days of daily cycle). The rest of a longer gap is skipped, so a
 * sample dated years ahead (a mistyped year) costs eight days of empty bins, not one per minute.
 */
export const MAX_EMPTY_S = 8 * 86400;

export function createBinner(channels: number, options: BinnerOptions): Binner {
  return {
    options,
    channels,
    held: new Float64Array(channels).fill(Number.NaN),
    heldSince: new Float64Array(channels).fill(Number.NaN),
    lastSample: new Float64Array(channels).fill(Number.NaN),
    firstOpen: Number.NaN,
    open: new Map(),
    lastIndex: Number.NaN,
    lastBin: null,
    latestS: Number.NEGATIVE_INFINITY,
    lateByChannel: new Int32Array(channels),
    firstLateS: new Float64Array(channels).fill(Number.NaN),
    lastLateS: new Float64Array(channels).fill(Number.NaN),
    emptyRun: 0,
  };
}

/**
 * Arrays of completed bins, reused for the next bins opened (a typed array of a few hundred values
 * is slow to allocate, once a minute of data per binner); kept beside the binners, not in them.
 */
const spareBins: Float64Array[] = [];
const SPARE_BINS = 4;

/** The open bin's sums (channel k) and covered seconds (channel count + k). */
function openBin(b: Binner, index: number): Float64Array {
  // most samples land in the bin the previous one did
  if (index === b.lastIndex && b.lastBin !== null) return b.lastBin;
  let bin = b.open.get(index);
  if (bin === undefined) {
    bin = spareBins.pop();
    if (bin === undefined || bin.length !== 2 * b.channels) bin = new Float64Array(2 * b.channels);
    else bin.fill(0);
    b.open.set(index, bin);
  }
  b.lastIndex = index;
  b.lastBin = bin;
  return bin;
}

/** Adds value·time of channel k over [from, to) to the open bins. */
function integrate(b: Binner, k: number, value: number, from: number, to: number): void {
  const size = b.options.binS;
  let start = Math.max(from, b.firstOpen * size);
  while (start < to) {
    const index = Math.floor(start / size);
    const end = Math.min(to, (index + 1) * size);
    const bin = openBin(b, index);
    bin[k] = (bin[k] as number) + value * (end - start);
    bin[b.channels + k] = (bin[b.channels + k] as number) + (end - start);
    start = end;
  }
}

/** Extends channel k's held value up to `until`, within its hold limit. */
function extendHold(b: Binner, k: number, until: number): void {
  const value = b.held[k] as number;
  if (Number.isNaN(value)) return;
  const limit = (b.lastSample[k] as number) + (b.options.holdLimitS[k] as number);
  const end = Math.min(until, limit);
  const since = b.heldSince[k] as number;
  if (end > since) integrate(b, k, value, since, end);
  b.heldSince[k] = Math.max(since, until);
  if (until >= limit) b.held[k] = Number.NaN;
}

/** Adds one sample; returns false when it came too late for its bin (it is counted). */
export function addSample(b: Binner, k: number, time: number, value: number): boolean {
  if (Number.isNaN(b.firstOpen)) b.firstOpen = Math.floor(time / b.options.binS);
  if (time < b.firstOpen * b.options.binS || time < (b.heldSince[k] as number)) {
    b.lateByChannel[k] = (b.lateByChannel[k] as number) + 1;
    if (Number.isNaN(b.firstLateS[k] as number)) b.firstLateS[k] = time;
    b.lastLateS[k] = time;
    return false;
  }
  extendHold(b, k, time);
  b.held[k] = value;
  b.heldSince[k] = time;
  b.lastSample[k] = time;
  if (time > b.latestS) b.latestS = time;
  return true;
}

/** Stops holding channel k's value (it went stale). */
export function dropHold(b: Binner, k: number, at: number): void {
  extendHold(b, k, at);
  b.held[k] = Number.NaN;
}

/** Completes every bin whose end is at least `lagS` behind the latest sample (all of them if `final`). */
export function completeBins(b: Binner, final: boolean, out: (bin: CompletedBin) => void): void {
  if (Number.isNaN(b.firstOpen)) return;
  const size = b.options.binS;
  const horizon = final ? b.latestS + size : b.latestS - b.options.lagS;
  while ((b.firstOpen + 1) * size <= horizon || (final && b.firstOpen * size <= b.latestS)) {
    if (b.emptyRun * size >= MAX_EMPTY_S) {
      b.emptyRun = 0;
      const next = nextDataIndex(b);
      if (next > b.firstOpen) {
        b.firstOpen = next;
        continue;
      }
    }
    const index = b.firstOpen;
    const end = (index + 1) * size;
    for (let k = 0; k < b.channels; k++)
      if ((b.heldSince[k] as number) < end) extendHold(b, k, final ? Math.min(end, b.latestS) : end);
    const bin = openBin(b, index);
    const means = new Float64Array(b.channels);
    const needed = final && end > b.latestS ? Math.max(1e-9, 0.5 * (b.latestS - index * size)) : 0.5 * size;
    let empty = true;
    for (let k = 0; k < b.channels; k++) {
      const c = bin[b.channels + k] as number;
      means[k] = c >= needed && c > 0 ? (bin[k] as number) / c : Number.NaN;
      if (c > 0) empty = false;
    }
    b.emptyRun = empty ? b.emptyRun + 1 : 0;
    b.open.delete(index);
    if (b.lastIndex === index) b.lastBin = null;
    if (spareBins.length < SPARE_BINS) spareBins.push(bin);
    b.firstOpen++;
    out({ startS: index * size, means });
    if (final && end > b.latestS) break;
  }
}

/** The first bin that holds data or a held value after a loss of signal: the data's own, at the latest. */
function nextDataIndex(b: Binner): number {
  let next = Math.floor(b.latestS / b.options.binS);
  for (const index of b.open.keys()) next = Math.min(next, index);
  for (let k = 0; k < b.channels; k++)
    if (!Number.isNaN(b.held[k] as number))
      next = Math.min(next, Math.floor((b.heldSince[k] as number) / b.options.binS));
  return next;
}
