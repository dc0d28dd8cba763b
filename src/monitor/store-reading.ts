/**
 * What a gas store's reading says it gave the cabin, bin by bin. The reading is smoothed
 * (exponential, τ = 5 min) against its quantization, and its drop is the gas given. A rise is gas
 * taken back, except a refill: a tank recharged from outside, by a cargo vehicle's gas or a
 * recharge tank, rises far beyond its reading's own flicker, and that gas never came from the
 * cabin. Counted as taken from it, a 45 kg recharge of the ISS's N2 tank stepped the N2 inventory
 * up by ~4,300 Pa, and the trailing rate read −100 kg/day for a day.
 *
 * ## Method
 * The track keeps the lowest smoothed reading since the last refill. A rise above it by more than
 * `bandUnits` (several steps of the reading's quantization and noise) is a refill. All of that rise
 * is then given back to the count, and so is every further rise until the reading falls again
 * (the smoothing catching up, a recharge taking hours); the low follows. A flicker within the
 * band counts both ways, so it cannot ratchet the count. A real rise within the band is counted
 * as gas taken back, as before this track (a tank warming in the sun, or the start of a refill
 * until it clears the band).
 */

/** Store readings are smoothed over this time [s] against their quantization. */
export const STORE_SMOOTHING_S = 300;
/** A rise beyond this many of the reading's steps (quantization and noise together) is a refill. */
export const REFILL_STEPS = 5;

export interface StoreTrack {
  /** Smoothed latest reading, NaN until the store first reports. */
  smooth: number;
  /** Lowest smoothed reading since the first one or the last refill. */
  low: number;
  /** Rise above `low` that makes a refill [channel SI units]. */
  bandUnits: number;
  /** True from a refill's recognition until the reading falls again. */
  refilling: boolean;
}

export function createStoreTrack(bandUnits: number): StoreTrack {
  return { smooth: Number.NaN, low: Number.NaN, bandUnits, refilling: false };
}

/**
 * Takes one bin's mean reading (NaN when it did not report: its level holds) and returns what the
 * store gave the cabin over the bin, in the channel's units (negative: taken back).
 */
export function storeGiven(track: StoreTrack, reading: number, binS: number): number {
  if (!Number.isFinite(reading)) return 0;
  const previous = track.smooth;
  if (Number.isNaN(previous)) {
    track.smooth = reading;
    track.low = reading;
    return 0;
  }
  const smooth = reading + Math.exp(-binS / STORE_SMOOTHING_S) * (previous - reading);
  track.smooth = smooth;
  const given = previous - smooth;
  if (track.refilling) {
    // the rest of the refill's rise (the smoothing still catching up, or the recharge going on)
    track.low = smooth;
    if (given <= 0) return 0;
    track.refilling = false;
    return given;
  }
  if (smooth < track.low) track.low = smooth;
  else if (smooth - track.low > track.bandUnits) {
    // a refill: what the rise since the low counted as taken back is given back
    const rise = smooth - track.low;
    track.low = smooth;
    track.refilling = true;
    return given + rise;
  }
  return given;
}
