/**
 * A station's channels for a reader: name → index into `station.sensors`, and each channel's linear
 * map to SI (SI = value·scale + offset, exactly what `toSI` computes).
 */
import { type Station, toSI, unitScale } from '../core/index.js';

export interface ChannelTable {
  readonly names: readonly string[];
  readonly scale: Float64Array;
  readonly offset: Float64Array;
  /** Index of a channel name, or -1. */
  indexOf(name: string): number;
}

/**
 * Builds the table. `indexOf` first guesses the channel that followed the previous one last time,
 * because telemetry files cycle through their channels in a fixed order; a right guess costs one
 * string comparison instead of a hash lookup.
 */
export function channelTable(station: Station): ChannelTable {
  const names = station.sensors.map((s) => s.id);
  const index = new Map(names.map((name, k) => [name, k]));
  const follower = new Int32Array(names.length);
  let previous = 0;
  return {
    names,
    scale: Float64Array.from(station.sensors, (s) => unitScale(s.unit)),
    offset: Float64Array.from(station.sensors, (s) => toSI(0, s.unit)),
    indexOf(name) {
      const guess = follower[previous] as number;
      if (names[guess] === name) {
        previous = guess;
        return guess;
      }
      const k = index.get(name);
      if (k === undefined) return -1;
      follower[previous] = k;
      previous = k;
      return k;
    },
  };
}
