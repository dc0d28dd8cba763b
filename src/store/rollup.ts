/**
 * One-minute rollups of a batch of samples: per (channel, minute) the count, sum, and the minimum
 * and maximum with their times. Stores merge them into their rollup table, so a long range is read
 * from 1/60 of the rows. Stores roll up only the samples they store (a time sent again is not).
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

/**
 * Rolls a batch up; `channelIds[k]` is the store's id of the batch's channel k. One pass, no
 * string keys: each channel's current minute is kept at hand (a feed's samples come in time
 * order), other minutes are found by a numeric key.
 */
export function rollUp(batch: SampleColumns, channelIds: readonly number[]): RollupRow[] {
  const channels = channelIds.length;
  const current = new Array<RollupRow | undefined>(channels);
  const rows = new Map<number, RollupRow>();
  for (let i = 0; i < batch.length; i++) {
    const t = batch.time[i] as number;
    const v = batch.value[i] as number;
    const k = batch.channel[i] as number;
    const minute = Math.floor(t / ROLLUP_S);
    let row = current[k];
    if (row === undefined || row.bucket !== minute * ROLLUP_S) {
      const key = minute * channels + k;
      row = rows.get(key);
      if (row === undefined) {
        row = {
          channel: channelIds[k] as number,
          bucket: minute * ROLLUP_S,
          n: 0,
          vsum: 0,
          vmin: v,
          tmin: t,
          vmax: v,
          tmax: t,
        };
        rows.set(key, row);
      }
      current[k] = row;
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
