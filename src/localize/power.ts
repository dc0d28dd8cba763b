/**
 * Power analysis of an isolation test: how precisely a group of modules' leak rate is measured
 * after a test of a given duration, and how long a test must run to tell its outcomes apart.
 *
 * ## Method
 * The monitor reads a group's leak rate as the slope of its gas inventory, in pressure units
 * [Pa], over 1-minute bins (monitor/), times the kilograms per pascal of the group
 * (V·M/(R·T)). The slope's variance over a test of duration T is that of an ordinary
 * least-squares slope under
 * - white bin noise σ_b² (the sensors' noise and rounding, averaged over the bin and over the
 *   group's sensors): 12·σ_b²/(n·(n² − 1)·Δ²) for n bins of Δ;
 * - slow disturbances the monitor itself allows for (its noise floors: an Ornstein–Uhlenbeck
 *   wander of σ with correlation time τ), in closed form: Var = (σ²/S²)·2∫₀ᵀ e^(−u/τ)·g(u) du with
 *   w(t) = t − T/2, S = ∫w² = T³/12 and g(u) = ∫₀^(T−u) w(t)·w(t+u) dt, a cubic in u;
 * - and the disturbance the analysis of this station's telemetry actually showed — the monitor
 *   fits each window's noise (thermal swings, crew activity, O2 control cycles) — as a wander of
 *   w pascals over any window, which leaves the slope uncertain by w/T: (w/T)² more variance,
 *   with w set so that the model reproduces the standard errors the monitor reported
 *   (observedWanderPa), apart for groups with the crew and groups closed off. (On simulated ISS
 *   hunts the monitor's standard errors of a crewed group over 3 h and over 24 h give the same w
 *   to 10 %: the 1/T law holds where a white or a 6-hour-correlated model would not.)
 *
 * Two outcomes "the leak is in group i" and "… in group j" give rate vectors R·e_i and R·e_j;
 * with independent normal readings their distance in standard errors is
 * d = R·√(1/s_i² + 1/s_j²) (an unmeasured group contributes nothing). Reading the test with the
 * midpoint rule errs with probability Φ(−d/2); a test separates its outcomes at confidence c when
 * every pair of outcomes that still has probability reaches d ≥ 2·z_c, using the low end of the
 * leak rate's interval for R.
 */
import type { NoiseFloorSpec } from '../estimate/index.js';

/** What blurs a group's inventory slope. */
export interface SlopeNoise {
  /** White noise of one bin [Pa²]; 0 for ideal sensors. */
  binVariancePa2: number;
  /** Bin length [s]. */
  binS: number;
  /** Slow disturbances (the monitor's noise floors). */
  floors: readonly NoiseFloorSpec[];
  /** Wander over any window [Pa]: slope variance (w/T)² (0 when not known). */
  wanderPa: number;
}

/** ∫₀ᵀ e^(−u/τ)·g(u) du by Simpson's rule (g from the cubic closed form). */
function ouIntegral(durationS: number, tauS: number): number {
  const half = durationS / 2;
  const g = (u: number): number => {
    const hi = half - u;
    const lo = -half;
    return hi ** 3 / 3 + (u * hi * hi) / 2 - (lo ** 3 / 3 + (u * lo * lo) / 2);
  };
  const n = 400;
  const h = durationS / n;
  let sum = g(0) + Math.exp(-durationS / tauS) * g(durationS);
  for (let i = 1; i < n; i++) {
    const u = i * h;
    sum += (i % 2 === 1 ? 4 : 2) * Math.exp(-u / tauS) * g(u);
  }
  return (sum * h) / 3;
}

/** Variance of the least-squares inventory slope over a test of `durationS` [Pa²/s²]. */
export function slopeVariance(noise: SlopeNoise, durationS: number): number {
  const n = Math.max(2, Math.floor(durationS / noise.binS));
  const white = (12 * noise.binVariancePa2) / (n * (n * n - 1) * noise.binS * noise.binS);
  const s = durationS ** 3 / 12;
  let slow = 0;
  for (const f of noise.floors)
    slow += ((f.sigmaPa * f.sigmaPa) / (s * s)) * 2 * ouIntegral(durationS, f.tauS);
  return white + slow + (noise.wanderPa / durationS) ** 2;
}

/** Standard error of a group's leak rate [kg/day] after a test of `durationS`. */
export function rateSeKgPerDay(noise: SlopeNoise, kgPerPa: number, durationS: number): number {
  return Math.sqrt(slopeVariance(noise, durationS)) * kgPerPa * 86400;
}

/** Distance in standard errors between "the leak (rate R) is in i" and "… in j". */
export function separation(rateKgPerDay: number, seI: number | null, seJ: number | null): number {
  const precision = (seI === null ? 0 : 1 / (seI * seI)) + (seJ === null ? 0 : 1 / (seJ * seJ));
  return rateKgPerDay * Math.sqrt(precision);
}

/**
 * Shortest duration in [minS, maxS] at which `distance(T)` reaches `target` (distance grows with
 * T), to a minute; null when even `maxS` falls short.
 */
export function durationToReach(
  distance: (durationS: number) => number,
  target: number,
  minS: number,
  maxS: number,
): number | null {
  if (distance(minS) >= target) return minS;
  if (distance(maxS) < target) return null;
  let lo = minS;
  let hi = maxS;
  while (hi - lo > 60) {
    const mid = (lo + hi) / 2;
    if (distance(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The wander [Pa] that, added to `base`, makes the model reproduce the estimates an analysis
 * produced: per estimate, w = T·√(observed slope variance − the base model's), the median over
 * estimates (never below 0), or null without estimates. `observed` holds, per estimate, the
 * standard error of its inventory slope [Pa/s] and its window T [s]. A crewed group's pressure
 * wanders with O2 control cycles and breathing, a closed-off module's hardly: fit them apart.
 */
export function observedWanderPa(
  base: SlopeNoise,
  observed: readonly { seSlopePaPerS: number; windowS: number }[],
): number | null {
  const values = observed
    .filter((o) => o.windowS >= 2 * base.binS && o.seSlopePaPerS > 0)
    .map((o) => o.windowS * Math.sqrt(Math.max(0, o.seSlopePaPerS ** 2 - slopeVariance(base, o.windowS))))
    .sort((a, b) => a - b);
  if (values.length === 0) return null;
  const mid = values.length >> 1;
  return values.length % 2 === 1
    ? (values[mid] as number)
    : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}
