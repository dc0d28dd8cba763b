/**
 * A channel holds one value per time, the first one stored: the samples of a batch that are new
 * (neither stored before nor sent earlier in the batch) are stored and rolled up, the rest are
 * duplicates. Both stores split a batch here, so raw samples and rollups agree at every zoom level.
 */
import { emptyColumns } from './rows.js';
import type { SampleColumns } from './types.js';

/** Each channel's span of time in a batch [epoch s], for the store to read its stored times in. */
export interface ChannelSpan {
  /** Index into the batch's channel names. */
  channel: number;
  startS: number;
  endS: number;
}

/** The spans of the channels a batch holds, in channel order. */
export function channelSpans(batch: SampleColumns, channels: number): ChannelSpan[] {
  const start = new Float64Array(channels).fill(Number.POSITIVE_INFINITY);
  const end = new Float64Array(channels).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < batch.length; i++) {
    const k = batch.channel[i] as number;
    const t = batch.time[i] as number;
    if (t < (start[k] as number)) start[k] = t;
    if (t > (end[k] as number)) end[k] = t;
  }
  const spans: ChannelSpan[] = [];
  for (let k = 0; k < channels; k++)
    if ((start[k] as number) <= (end[k] as number))
      spans.push({ channel: k, startS: start[k] as number, endS: end[k] as number });
  return spans;
}

export interface SplitSamples {
  /** The new samples, in batch order (the batch itself when none is a duplicate). */
  fresh: SampleColumns;
  /** Indices into the batch of the samples already stored or sent earlier in it, ascending. */
  duplicates: Uint32Array;
}

/**
 * Splits a batch into new samples and duplicates; `stored[k]` holds the times the store already
 * has for channel k within the batch's span of it (undefined: none).
 */
export function splitDuplicates(
  batch: SampleColumns,
  stored: readonly (ReadonlySet<number> | undefined)[],
): SplitSamples {
  const duplicates = inOrder(batch, stored.length) ? storedAgain(batch, stored) : sentAgain(batch, stored);
  if (duplicates.length === 0) return { fresh: batch, duplicates: new Uint32Array(0) };
  return { fresh: withoutSamples(batch, duplicates), duplicates: Uint32Array.from(duplicates) };
}

/** A batch without the samples at `drop` (ascending indices into it), in a copy. */
export function withoutSamples(batch: SampleColumns, drop: ArrayLike<number>): SampleColumns {
  const n = batch.length - drop.length;
  const out = emptyColumns(n);
  let at = 0;
  let d = 0;
  for (let i = 0; i < batch.length; i++) {
    if (drop[d] === i) {
      d++;
      continue;
    }
    out.time[at] = batch.time[i] as number;
    out.channel[at] = batch.channel[i] as number;
    out.value[at] = batch.value[i] as number;
    at++;
  }
  return out;
}

/** Each channel's times rise through the batch (a feed's usual batch: no time is sent twice in it). */
function inOrder(batch: SampleColumns, channels: number): boolean {
  const last = new Float64Array(channels).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < batch.length; i++) {
    const k = batch.channel[i] as number;
    const t = batch.time[i] as number;
    if (!(t > (last[k] as number))) return false;
    last[k] = t;
  }
  return true;
}

/** The samples whose time the store has (a batch in order). */
function storedAgain(batch: SampleColumns, stored: readonly (ReadonlySet<number> | undefined)[]): number[] {
  const duplicates: number[] = [];
  if (stored.every((times) => times === undefined || times.size === 0)) return duplicates;
  for (let i = 0; i < batch.length; i++)
    if (stored[batch.channel[i] as number]?.has(batch.time[i] as number)) duplicates.push(i);
  return duplicates;
}

/** The samples whose time the store has or the batch sent before them. */
function sentAgain(batch: SampleColumns, stored: readonly (ReadonlySet<number> | undefined)[]): number[] {
  const seen = stored.map((times) => new Set(times));
  const duplicates: number[] = [];
  for (let i = 0; i < batch.length; i++) {
    const k = batch.channel[i] as number;
    const t = batch.time[i] as number;
    let times = seen[k];
    if (times === undefined) times = seen[k] = new Set();
    if (times.has(t)) duplicates.push(i);
    else times.add(t);
  }
  return duplicates;
}
