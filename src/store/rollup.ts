/**
 * One-minute rollups of a batch of samples: per (channel, minute) the count, sum, and the minimum
 * and maximum with their times. Stores merge them into their rollup table, so a long range is read
 * from 1/60 of the rows. Count and sum include samples sent again (the extremes are unaffected).
 */
import { ROLLUP_S } from './migrations.js';
import type { SampleColumns } from './types.js';

export interface RollupRow {
  channel: number;
  bucket: number;
  n: number;
  vsum: number;
  vmin: number;
  tmin: number;
  vmax: number;
  tmax: number;
}

/** Rolls a batch up; `channelIds[k]` is the store's id of the batch's channel k. */
export function rollUp(batch: SampleColumns, channelIds: readonly number[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (let i = 0; i < batch.length; i++) {
    const t = batch.time[i] as number;
    const v = batch.value[i] as number;
    const channel = channelIds[batch.channel[i] as number] as number;
    const bucket = Math.floor(t / ROLLUP_S) * ROLLUP_S;
    const key = `${channel}:${bucket}`;
    const row = rows.get(key);
    if (row === undefined) {
      rows.set(key, { channel, bucket, n: 1, vsum: v, vmin: v, tmin: t, vmax: v, tmax: t });
      continue;
    }
    row.n++;
    row.vsum += v;
    if (v < row.vmin) {
      row.vmin = v;
      row.tmin = t;
    }
    if (v > row.vmax) {
      row.vmax = v;
      row.tmax = t;
    }
  }
  return [...rows.values()];
}
