/**
 * The history query both stores share: a range thinned to at most `size` points, read from the
 * 1-minute rollups when a display bucket is at least a minute wide, else from the samples.
 */
import { ROLLUP_S } from './migrations.js';
import { bucketsFor, thinMinMax } from './thin.js';
import type { HistoryQuery, ThinnedSeries } from './types.js';

/** Reads rows as (t, v) for samples, or (tmin, vmin, tmax, vmax) for rollups, in time order. */
export interface HistorySource {
  samples(channelId: number, startS: number, endS: number): Promise<[number, number][]>;
  rollups(channelId: number, fromBucket: number, endS: number): Promise<[number, number, number, number][]>;
}

export async function readHistory(
  source: HistorySource,
  channelId: number | undefined,
  query: HistoryQuery,
): Promise<ThinnedSeries> {
  const { channel, startS, endS, size } = query;
  if (channelId === undefined) return { channel, time: [], value: [], source: 'raw' };
  const buckets = bucketsFor(startS, endS, size);
  if (buckets.widthS >= ROLLUP_S) {
    const rows = await source.rollups(channelId, Math.floor(startS / ROLLUP_S) * ROLLUP_S, endS);
    const inRange = rows.map(([tl, vl, th, vh]) => [Math.max(startS, tl), vl, Math.min(endS, th), vh]) as [
      number,
      number,
      number,
      number,
    ][];
    return { channel, ...thinMinMax(buckets, inRange), source: 'rollup' };
  }
  const rows = await source.samples(channelId, startS, endS);
  if (rows.length <= size)
    return { channel, time: rows.map((r) => r[0]), value: rows.map((r) => r[1]), source: 'raw' };
  const points = rows.map(([t, v]) => [t, v, t, v] as const);
  return { channel, ...thinMinMax(buckets, points), source: 'minmax' };
}
