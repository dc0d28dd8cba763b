/**
 * A station's channels for a reader: name → index into `station.sensors`, and each channel's linear
 * map to SI (SI = value·scale + offset, exactly what `toSI` computes).
 */
import { type Station, toSI, unitScale } from '../core/index.js';

export interface ChannelTable {
  readonly names: readonly string[];
  /** The unit the station declares for each channel. */
  readonly units: readonly string[];
  readonly scale: Float64Array;
  readonly offset: Float64Array;
  /** Index of a channel name, or -1. */
  indexOf(name: string): number;
}

/** Slots of the name cache: a power of two well above any station's channel count. */
const CACHE_SLOTS = 1024;

/**
 * Builds the table. `indexOf` first tries the channel last found in the name's slot of a small
 * cache, chosen from the name's length and end characters; a right guess costs one string
 * comparison instead of hashing the whole name for a Map lookup, whatever order the file cycles
 * through its channels in.
 */
export function channelTable(station: Station): ChannelTable {
  const names = station.sensors.map((s) => s.id);
  const index = new Map(names.map((name, k) => [name, k]));
  const cache = new Int32Array(CACHE_SLOTS).fill(-1);
  return {
    names,
    units: station.sensors.map((s) => s.unit),
    scale: Float64Array.from(station.sensors, (s) => unitScale(s.unit)),
    offset: Float64Array.from(station.sensors, (s) => toSI(0, s.unit)),
    indexOf(name) {
      const slot = cacheSlot(name);
      const guess = cache[slot] as number;
      if (guess >= 0 && names[guess] === name) return guess;
      const k = index.get(name);
      if (k === undefined) return -1;
      cache[slot] = k;
      return k;
    },
  };
}

/**
 * A cache slot from the length and the first and last two characters: station channel names
 * differ in a prefix (`P_NODE1`, `T_NODE1`) or a numbered suffix (`USLAB000058`, `USLAB000059`).
 * Names that share a slot only cost Map lookups.
 */
function cacheSlot(name: string): number {
  const n = name.length;
  const code = n * 7 + name.charCodeAt(0) * 31 + name.charCodeAt(n - 1) * 17 + name.charCodeAt(n - 2);
  return code & (CACHE_SLOTS - 1); // NaN (names under two characters) gives slot 0
}
