/**
 * The disturbance left after temperature compensation, on the bin grid: variance σ², an empirical
 * short-range autocorrelation (the first `shortLags` lags: sample-and-hold steps, analyser update
 * cycles), and a slow AR(1) part a·φ^k beyond them (unmeasured temperature drift, humidity).
 *
 * ## Method
 * ρ̂(k) is the residuals' sample autocorrelation. For lags k ≥ K (K = shortLags) the model
 * ρ(k) = a·φ^k is fitted by least squares over K…L: for each φ on a log grid of correlation
 * times, a = Σρ̂(k)φ^k / Σφ^{2k} clamped to [0, 1], keeping the (a, φ) of least squared error.
 * The variance of a weighted sum Σc_i e_i is then
 * σ²·[Σc_i² + 2·Σ_{k<K} ρ̂(k)·Σ_i c_i c_{i+k} + 2a·Σ_{k≥K} φ^k·Σ_i c_i c_{i+k}],
 * the last term in O(n) by the delayed running sum r_i = φ·r_{i−1} + φ^K·c_{i−K}.
 *
 * Floors are added: independent slow processes of variance σ_f² and correlation time τ_f that one
 * window cannot reveal (composition gradients that follow the crew's day, the daily temperature
 * pattern), contributing σ_f²·Σ_i Σ_j c_i c_j φ_f^|i−j|. Its size is calibrated by simulation
 * (`npm run bench`, estimator coverage).
 */
export interface NoiseModel {
  sigma2: number;
  /** ρ(1)…ρ(K−1), clamped to [−1, 1]. */
  shortAcf: Float64Array;
  /** Weight and lag-one correlation of the slow AR(1) part. */
  slowWeight: number;
  phi: number;
  /** Effective number of independent bins in the fitted window. */
  effectiveN: number;
  /** Slow floor processes, each a variance [unit²] and a lag-one correlation. */
  floors: { sigma2: number; phi: number }[];
}

export interface NoiseFloor {
  sigma: number;
  /** Correlation time in bins. */
  tauBins: number;
}

/** Lags [bins] treated empirically before the slow part takes over. */
export const SHORT_LAGS = 10;

export function fitNoise(
  residuals: Float64Array,
  parameters: number,
  maxLag: number,
  floors: readonly NoiseFloor[] = [],
): NoiseModel {
  const n = residuals.length;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (residuals[i] as number) ** 2;
  const sigma2 = ss / Math.max(1, n - parameters);
  const lags = Math.max(SHORT_LAGS + 2, Math.min(maxLag, Math.floor(n / 3)));
  const acf = new Float64Array(lags + 1);
  for (let k = 1; k <= lags && k < n; k++) {
    let s = 0;
    for (let i = k; i < n; i++) s += (residuals[i] as number) * (residuals[i - k] as number);
    acf[k] = ss > 0 ? Math.max(-1, Math.min(1, s / ss)) : 0;
  }
  let best = { a: 0, phi: 0, error: Number.POSITIVE_INFINITY };
  for (let g = 0; g <= 120; g++) {
    const tau = SHORT_LAGS * 0.5 * 10 ** (g / 40); // correlation time, 5 … 5000 bins
    const phi = Math.exp(-1 / tau);
    // φ^k by running products (powers in the inner loop would dominate the whole fit)
    let num = 0;
    let den = 0;
    let m = phi ** SHORT_LAGS;
    for (let k = SHORT_LAGS; k <= lags; k++, m *= phi) {
      num += (acf[k] as number) * m;
      den += m * m;
    }
    const a = den > 0 ? Math.max(0, Math.min(1, num / den)) : 0;
    let error = 0;
    m = phi ** SHORT_LAGS;
    for (let k = SHORT_LAGS; k <= lags; k++, m *= phi) error += ((acf[k] as number) - a * m) ** 2;
    if (error < best.error) best = { a, phi, error };
  }
  const model: NoiseModel = {
    sigma2,
    shortAcf: acf.slice(1, SHORT_LAGS),
    slowWeight: best.a,
    phi: best.phi,
    effectiveN: n,
    floors: floors.map((f) => ({ sigma2: f.sigma ** 2, phi: Math.exp(-1 / f.tauBins) })),
  };
  model.effectiveN = effectiveSamples(model, n);
  return model;
}

/**
 * Effective number of independent bins among n consecutive ones: n divided by the variance
 * inflation of their plain mean under the fitted part of the model (floors are prescribed, not
 * estimated from the residuals, so they cost no degrees of freedom).
 */
export function effectiveSamples(noise: NoiseModel, n: number): number {
  if (n <= 0 || !(noise.sigma2 > 0)) return n;
  const memo = memoOf(noise).effective;
  const known = memo.get(n);
  if (known !== undefined) return known;
  const value = computeEffectiveSamples(noise, n);
  memo.set(n, value);
  return value;
}

function computeEffectiveSamples(noise: NoiseModel, n: number): number {
  // weightedVariance of the weights 1/n, in closed form: the mean's variance is
  // σ²/n·(1 + 2/n·[Σ_{k<K} (n−k)·ρ(k) + a·Σ_{d=K}^{n−1} (n−d)·φ^d])
  let short = 0;
  for (let k = 1; k <= noise.shortAcf.length && k < n; k++)
    short += (n - k) * (noise.shortAcf[k - 1] as number);
  let slow = 0;
  if (noise.slowWeight > 0) {
    const K = noise.shortAcf.length + 1;
    let m = noise.phi ** K;
    for (let d = K; d < n; d++, m *= noise.phi) slow += (n - d) * m;
    slow *= noise.slowWeight;
  }
  return n / Math.max(1, 1 + (2 * (short + slow)) / n);
}

/**
 * Variance of Σ c_i·e_i under the noise model (bins equally spaced). The monitor asks this again
 * and again for the same weights (a window of a given length, between hourly refits of the
 * model), so each model remembers its last few answers per length, matched value for value:
 * an answer from memory is the very number the sums would give.
 */
export function weightedVariance(weights: ArrayLike<number>, noise: NoiseModel): number {
  const n = weights.length;
  if (n < MEMO_MIN_LENGTH) return computeWeightedVariance(weights, noise);
  const memo = memoOf(noise);
  // looked up by length and first weight, then matched value for value
  let byFirst = memo.variances.get(n);
  if (byFirst === undefined) {
    byFirst = new Map();
    memo.variances.set(n, byFirst);
  }
  const first = weights[0] as number;
  let entries = byFirst.get(first);
  if (entries !== undefined)
    for (const entry of entries) if (sameValues(entry.weights, weights)) return entry.variance;
  const variance = computeWeightedVariance(weights, noise);
  if (memo.size >= MEMO_ENTRIES) {
    memo.variances.clear();
    memo.size = 0;
    byFirst = new Map();
    memo.variances.set(n, byFirst);
    entries = undefined;
  }
  if (entries === undefined) {
    entries = [];
    byFirst.set(first, entries);
  }
  if (entries.length >= MEMO_PER_KEY) entries.shift();
  else memo.size++;
  entries.push({ weights: Float64Array.from(weights), variance });
  return variance;
}

/** Weight vectors shorter than this are summed afresh (remembering them costs as much). */
const MEMO_MIN_LENGTH = 32;
/** Weight vectors remembered per model before its memory starts over (at most ~6 MB of day-long windows). */
const MEMO_ENTRIES = 512;
/** Weight vectors remembered per length and first weight (the latest ones). */
const MEMO_PER_KEY = 4;

interface NoiseMemo {
  variances: Map<number, Map<number, { weights: Float64Array; variance: number }[]>>;
  size: number;
  effective: Map<number, number>;
}

/** Answers remembered per model (models are never changed once fitted; a dropped model takes its memo along). */
const memos = new WeakMap<NoiseModel, NoiseMemo>();

function memoOf(noise: NoiseModel): NoiseMemo {
  let memo = memos.get(noise);
  if (memo === undefined) {
    memo = { variances: new Map(), size: 0, effective: new Map() };
    memos.set(noise, memo);
  }
  return memo;
}

function sameValues(a: Float64Array, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function computeWeightedVariance(weights: ArrayLike<number>, noise: NoiseModel): number {
  const n = weights.length;
  let diagonal = 0;
  for (let i = 0; i < n; i++) diagonal += (weights[i] as number) ** 2;
  let short = 0;
  for (let k = 1; k <= noise.shortAcf.length; k++) {
    const rho = noise.shortAcf[k - 1] as number;
    if (rho === 0) continue;
    let s = 0;
    for (let i = 0; i + k < n; i++) s += (weights[i] as number) * (weights[i + k] as number);
    short += rho * s;
  }
  let slow = 0;
  if (noise.slowWeight > 0) {
    const K = noise.shortAcf.length + 1;
    const lead = noise.phi ** K;
    let running = 0;
    for (let i = 0; i < n; i++) {
      running = noise.phi * running + (i >= K ? lead * (weights[i - K] as number) : 0);
      slow += (weights[i] as number) * running;
    }
    slow *= noise.slowWeight;
  }
  let floor = 0;
  for (const { sigma2, phi } of noise.floors) {
    if (!(sigma2 > 0)) continue;
    let running = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      running = phi * running + (i > 0 ? phi * (weights[i - 1] as number) : 0);
      sum += (weights[i] as number) * ((weights[i] as number) + 2 * running);
    }
    floor += sum * sigma2;
  }
  return noise.sigma2 * Math.max(diagonal, diagonal + 2 * short + 2 * slow) + floor;
}
