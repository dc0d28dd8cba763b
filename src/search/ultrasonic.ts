/**
 * Detection model of a handheld airborne ultrasonic detector (~40 kHz) swept over the wall.
 *
 * ## Method
 * A leak's jet radiates sound power in proportion to its kinetic power, ṁ·c²/2 (c the sonic exit
 * speed, fixed), so ∝ ṁ. Spreading into the half-space in front of the wall, intensity falls as
 * 1/d²; the detector hears the leak while intensity exceeds its threshold, so the detection range
 * grows as √ṁ. The lateral-range curve (probability of hearing the leak when the probe passes at
 * lateral distance x) is taken Gaussian, p(x) = exp(−x²/(2σ²)), whose integral is the sweep width
 * W = σ·√(2π) (Koopman). W = W_ref·√(ṁ/ṁ_ref) with W_ref = 0.3 m at 1 kg/day (est.: a few tens of
 * cm for a sub-millimetre leak; the 2020 handheld hunts took weeks, so not more).
 *
 * A crew sweep of area A for t minutes at speed v lays a track L = v·t; with the track's placement
 * effectively random over A (no systematic lanes behind equipment), the probability of detection
 * is Koopman's random-search formula POD = 1 − exp(−W·L/A). A leak outside the swept area at
 * distance d from it is heard with POD·exp(−d²/(2σ²)) (the lateral-range curve from the edge).
 */

/** Reference sweep width [m] at the reference leak rate (est.). */
export const REFERENCE_SWEEP_WIDTH_M = 0.3;
export const REFERENCE_LEAK_KG_PER_DAY = 1;
/** Probe speed of a careful hand sweep [m/min] (5 cm/s, est.). */
export const DEFAULT_SWEEP_SPEED_M_PER_MIN = 3;
/** Probability of "heard something" with no leak in reach (pumps, fans; est.). */
export const DEFAULT_FALSE_ALARM = 0.05;

export interface UltrasonicModel {
  /** Leak mass rate being searched for [kg/day]. */
  leakKgPerDay: number;
  speedMPerMin?: number;
}

/** Sweep width W [m] for a leak of `leakKgPerDay`, clamped to 2 cm – 3 m. */
export function sweepWidthM(leakKgPerDay: number): number {
  const w = REFERENCE_SWEEP_WIDTH_M * Math.sqrt(Math.max(leakKgPerDay, 0) / REFERENCE_LEAK_KG_PER_DAY);
  return Math.min(3, Math.max(0.02, w));
}

/** Koopman's random search: POD = 1 − exp(−W·L/A). */
export function randomSearchPod(widthM: number, trackM: number, areaM2: number): number {
  if (!(areaM2 > 0)) return 0;
  return 1 - Math.exp((-widthM * trackM) / areaM2);
}

/** Lateral-range falloff exp(−d²/(2σ²)) with σ = W/√(2π). */
export function lateralRangeFactor(widthM: number, distanceM: number): number {
  const sigma = widthM / Math.sqrt(2 * Math.PI);
  return Math.exp(-(distanceM * distanceM) / (2 * sigma * sigma));
}
