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

/**
 * The model with white noise of variance `extra` added (per bin, independent between bins): the
 * correlated parts keep their covariance, σ²·ρ(k) and σ²·a, as σ² grows. The effective number of
 * bins is kept (more white noise would raise it: the degrees of freedom stay conservative).
 */
export function withWhiteNoise(model: NoiseModel, extra: number): NoiseModel {
  if (!(extra > 0)) return model;
  const sigma2 = model.sigma2 + extra;
  const keep = model.sigma2 / sigma2;
  return {
    ...model,
    sigma2,
    shortAcf: model.shortAcf.map((r) => r * keep),
    slowWeight: model.slowWeight * keep,
  };
}

export interface NoiseFloor {
  sigma: number;
  /** Correlation time in bins. */
  tauBins: number;
}

/** Lags [bins] treated empirically before the slow part takes over. */
export const SHORT_LAGS = 10;

/**
 * The model of residuals on the bin grid. With `present` (1 where a bin holds a residual; the
 * others are 0 in `residuals`), the variance is over the bins present and each lag's correlation
 * over the pairs of bins present at that lag.
 */
export function fitNoise(
  residuals: Float64Array,
  parameters: number,
  maxLag: number,
  floors: readonly NoiseFloor[] = [],
  present?: Uint8Array,
): NoiseModel {
  const n = residuals.length;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (residuals[i] as number) ** 2;
  let used = n;
  if (present !== undefined) {
    used = 0;
    for (let i = 0; i < n; i++) used += present[i] as number;
  }
  const sigma2 = ss / Math.max(1, used - parameters);
  const lags = Math.max(SHORT_LAGS + 2, Math.min(maxLag, Math.floor(n / 3)));
  const acf = new Float64Array(lags + 1);
  const sums = laggedSums(residuals, Math.min(lags, n - 1));
  const pairs = present !== undefined ? laggedSums(present, Math.min(lags, n - 1)) : undefined;
  for (let k = 1; k < sums.length; k++) {
    // with bins missing: the mean product over the pairs present, over the mean square
    const r =
      pairs === undefined
        ? (sums[k] as number) / ss
        : (pairs[k] as number) > 0
          ? ((sums[k] as number) / (pairs[k] as number)) * (used / ss)
          : 0;
    acf[k] = ss > 0 ? Math.max(-1, Math.min(1, r)) : 0;
  }
  const grid = slowGrid(lags);
  const count = lags - SHORT_LAGS + 1;
  const { powers } = grid;
  // four grid points per pass over the lags: each point's sums still add in order of k
  const num = grid.scratch;
  let g = 0;
  for (; g + 3 < GRID_POINTS; g += 4) {
    const o = g * count;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < count; j++) {
      const r = acf[SHORT_LAGS + j] as number;
      s0 += r * (powers[o + j] as number);
      s1 += r * (powers[o + count + j] as number);
      s2 += r * (powers[o + 2 * count + j] as number);
      s3 += r * (powers[o + 3 * count + j] as number);
    }
    num[g] = s0;
    num[g + 1] = s1;
    num[g + 2] = s2;
    num[g + 3] = s3;
  }
  for (; g < GRID_POINTS; g++) {
    let s0 = 0;
    for (let j = 0; j < count; j++) s0 += (acf[SHORT_LAGS + j] as number) * (powers[g * count + j] as number);
    num[g] = s0;
  }
  const a = new Float64Array(GRID_POINTS);
  for (let h = 0; h < GRID_POINTS; h++) {
    const den = grid.den[h] as number;
    a[h] = den > 0 ? Math.max(0, Math.min(1, (num[h] as number) / den)) : 0;
  }
  const error = num;
  for (g = 0; g + 3 < GRID_POINTS; g += 4) {
    const o = g * count;
    const a0 = a[g] as number;
    const a1 = a[g + 1] as number;
    const a2 = a[g + 2] as number;
    const a3 = a[g + 3] as number;
    let e0 = 0;
    let e1 = 0;
    let e2 = 0;
    let e3 = 0;
    for (let j = 0; j < count; j++) {
      const r = acf[SHORT_LAGS + j] as number;
      e0 += (r - a0 * (powers[o + j] as number)) ** 2;
      e1 += (r - a1 * (powers[o + count + j] as number)) ** 2;
      e2 += (r - a2 * (powers[o + 2 * count + j] as number)) ** 2;
      e3 += (r - a3 * (powers[o + 3 * count + j] as number)) ** 2;
    }
    error[g] = e0;
    error[g + 1] = e1;
    error[g + 2] = e2;
    error[g + 3] = e3;
  }
  for (; g < GRID_POINTS; g++) {
    let e0 = 0;
    const ag = a[g] as number;
    for (let j = 0; j < count; j++)
      e0 += ((acf[SHORT_LAGS + j] as number) - ag * (powers[g * count + j] as number)) ** 2;
    error[g] = e0;
  }
  let best = { a: 0, phi: 0, error: Number.POSITIVE_INFINITY };
  for (let h = 0; h < GRID_POINTS; h++)
    if ((error[h] as number) < best.error)
      best = { a: a[h] as number, phi: grid.phi[h] as number, error: error[h] as number };
  const model: NoiseModel = {
    sigma2,
    shortAcf: acf.slice(1, SHORT_LAGS),
    slowWeight: best.a,
    phi: best.phi,
    effectiveN: n,
    floors: floors.map((f) => ({ sigma2: f.sigma ** 2, phi: Math.exp(-1 / f.tauBins) })),
  };
  model.effectiveN =
    present === undefined ? effectiveSamples(model, n) : effectiveOnLattice(model, present, used);
  return model;
}

/** effectiveSamples of the bins present: their count over the variance inflation of their mean. */
function effectiveOnLattice(model: NoiseModel, present: Uint8Array, used: number): number {
  if (!(model.sigma2 > 0) || used <= 0) return used;
  const mean = Float64Array.from(present, (p) => p / used);
  const variance = weightedVariance(mean, { ...model, floors: [] });
  return used / Math.max(1, variance / (model.sigma2 / used));
}

/** Points of the slow part's grid of correlation times. */
const GRID_POINTS = 121;

/**
 * The grid of the slow part for fits up to lag `lags`, which depends on nothing else: each point's
 * φ (correlation times 5 … 5000 bins on a log scale), φ^k for k = K…lags by running products
 * (row g of `powers`) and Σ φ^{2k}. The last one is kept: the monitor's fits all share one.
 */
function slowGrid(lags: number): {
  phi: Float64Array;
  powers: Float64Array;
  den: Float64Array;
  scratch: Float64Array;
} {
  if (lastGrid !== undefined && lastGrid.lags === lags) return lastGrid;
  const count = lags - SHORT_LAGS + 1;
  const phis = new Float64Array(GRID_POINTS);
  const powers = new Float64Array(GRID_POINTS * count);
  const den = new Float64Array(GRID_POINTS);
  for (let g = 0; g < GRID_POINTS; g++) {
    const tau = SHORT_LAGS * 0.5 * 10 ** (g / 40);
    const phi = Math.exp(-1 / tau);
    phis[g] = phi;
    let sum = 0;
    let m = phi ** SHORT_LAGS;
    for (let k = SHORT_LAGS; k <= lags; k++, m *= phi) {
      powers[g * count + k - SHORT_LAGS] = m;
      sum += m * m;
    }
    den[g] = sum;
  }
  lastGrid = { lags, phi: phis, powers, den, scratch: new Float64Array(GRID_POINTS) };
  return lastGrid;
}

let lastGrid:
  | { lags: number; phi: Float64Array; powers: Float64Array; den: Float64Array; scratch: Float64Array }
  | undefined;

/**
 * Σ_i r_i·r_{i−k} for k = 1…maxLag (index k of the result), four (or five) lags per pass over the values:
 * each lag's sum still adds its products in order of i, so it is the plain loop's to the last bit.
 */
function laggedSums(r: ArrayLike<number>, maxLag: number): Float64Array {
  const n = r.length;
  const out = new Float64Array(Math.max(1, maxLag + 1));
  let k = 1;
  // nine short lags: five, then four
  if (maxLag % 4 === 1 && maxLag >= 5) {
    fiveLags(r, out);
    k = 6;
  }
  for (; k + 3 <= maxLag; k += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    // the first rows reach back far enough for the shorter lags only
    s0 += (r[k] as number) * (r[0] as number);
    s0 += (r[k + 1] as number) * (r[1] as number);
    s1 += (r[k + 1] as number) * (r[0] as number);
    s0 += (r[k + 2] as number) * (r[2] as number);
    s1 += (r[k + 2] as number) * (r[1] as number);
    s2 += (r[k + 2] as number) * (r[0] as number);
    let s3 = 0;
    for (let i = k + 3; i < n; i++) {
      const v = r[i] as number;
      s0 += v * (r[i - k] as number);
      s1 += v * (r[i - k - 1] as number);
      s2 += v * (r[i - k - 2] as number);
      s3 += v * (r[i - k - 3] as number);
    }
    out[k] = s0;
    out[k + 1] = s1;
    out[k + 2] = s2;
    out[k + 3] = s3;
  }
  for (; k <= maxLag; k++) {
    let s = 0;
    for (let i = k; i < n; i++) s += (r[i] as number) * (r[i - k] as number);
    out[k] = s;
  }
  return out;
}

/** laggedSums of lags 1…5 in one pass (needs at least six values), into `out`. */
function fiveLags(r: ArrayLike<number>, out: Float64Array): void {
  const n = r.length;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  // the first rows reach back far enough for the shorter lags only
  for (let i = 1; i < 5; i++) {
    const v = r[i] as number;
    s1 += v * (r[i - 1] as number);
    if (i >= 2) s2 += v * (r[i - 2] as number);
    if (i >= 3) s3 += v * (r[i - 3] as number);
    if (i >= 4) s4 += v * (r[i - 4] as number);
  }
  for (let i = 5; i < n; i++) {
    const v = r[i] as number;
    s1 += v * (r[i - 1] as number);
    s2 += v * (r[i - 2] as number);
    s3 += v * (r[i - 3] as number);
    s4 += v * (r[i - 4] as number);
    s5 += v * (r[i - 5] as number);
  }
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
  out[4] = s4;
  out[5] = s5;
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

/**
 * Independent readings in n consecutive bins: the effective samples of the model's fast part
 * alone, the short-lag correlation left after the slow AR(1) part's share (a reading held over
 * several bins). A window over a slowly updated reading counts its updates; one over a reading
 * taken every bin that wanders slowly counts its bins, since the wander is in the model's variance
 * already.
 */
export function independentReadings(noise: NoiseModel, n: number): number {
  const fast = 1 - noise.slowWeight;
  if (n <= 0 || !(noise.sigma2 > 0) || !(fast > 0)) return n;
  let sum = 0;
  let slow = noise.phi;
  for (let k = 1; k <= noise.shortAcf.length && k < n; k++, slow *= noise.phi)
    sum += (n - k) * Math.max(0, ((noise.shortAcf[k - 1] as number) - noise.slowWeight * slow) / fast);
  return n / Math.max(1, 1 + (2 * sum) / n);
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
 * weightedVariance of weights that depend on nothing but a shape (a gap-free window of equally
 * spaced bins: its length, where its onset falls), remembered per model: the scans ask for the
 * same few shapes at every check between hourly refits of the model. `shape` names the weights
 * (callers keep theirs apart); `weightsOf` gives them when the shape is new to the model.
 */
export function shapeVariance(noise: NoiseModel, shape: number, weightsOf: () => ArrayLike<number>): number {
  const memo = memoOf(noise);
  const known = memo.shapes.get(shape);
  if (known !== undefined) return known;
  // the weights and their short-lag sums belong to the shape, whatever the model
  let weights = shapeWeights.get(shape);
  if (weights === undefined) {
    const w = Float64Array.from(weightsOf());
    weights = { values: w, lagged: laggedSums(w, Math.min(SHORT_LAGS - 1, w.length - 1)) };
    if (shapeWeights.size >= SHAPES) shapeWeights.clear();
    shapeWeights.set(shape, weights);
  }
  const variance =
    noise.shortAcf.length < weights.lagged.length || weights.lagged.length >= weights.values.length
      ? varianceWithLags(weights.values, weights.lagged, noise)
      : weightedVariance(weights.values, noise);
  if (memo.shapes.size >= MEMO_SHAPES) memo.shapes.clear();
  memo.shapes.set(shape, variance);
  return variance;
}

/** Shapes remembered per model before its memory starts over (a day's windows take a few dozen). */
const MEMO_SHAPES = 4096;
/** Shapes whose weights are remembered (about 12 kB each for a day of bins). */
const SHAPES = 256;

/** Each shape's weights and their lagged sums Σ_i c_i·c_{i+k}, k < SHORT_LAGS. */
const shapeWeights = new Map<number, { values: Float64Array; lagged: Float64Array }>();

interface NoiseMemo {
  shapes: Map<number, number>;
  effective: Map<number, number>;
}

/** Answers remembered per model (models are never changed once fitted; a dropped model takes its memo along). */
const memos = new WeakMap<NoiseModel, NoiseMemo>();

function memoOf(noise: NoiseModel): NoiseMemo {
  let memo = memos.get(noise);
  if (memo === undefined) {
    memo = { shapes: new Map(), effective: new Map() };
    memos.set(noise, memo);
  }
  return memo;
}

/**
 * Variance of Σ c_i·e_i under the noise model (bins equally spaced). The short lags take four
 * or five per pass; the diagonal, the slow part and the first two floors share one pass; every sum still
 * adds its terms in order of i, so the numbers are those of one loop per term.
 */
export function weightedVariance(weights: ArrayLike<number>, noise: NoiseModel): number {
  return varianceWithLags(
    weights,
    laggedSums(weights, Math.min(noise.shortAcf.length, weights.length - 1)),
    noise,
  );
}

/** weightedVariance with the weights' lagged sums given (index k: Σ_i c_i·c_{i+k}; lags beyond them are 0). */
function varianceWithLags(weights: ArrayLike<number>, lagged: Float64Array, noise: NoiseModel): number {
  const n = weights.length;
  let short = 0;
  for (let k = 1; k <= noise.shortAcf.length; k++) {
    const rho = noise.shortAcf[k - 1] as number;
    if (rho === 0) continue;
    short += rho * (k < lagged.length ? (lagged[k] as number) : 0);
  }
  const { floors } = noise;
  const first = nextFloor(floors, 0);
  const second = nextFloor(floors, first + 1);
  // a term the model lacks runs with φ = 0 and is left out
  const K = noise.shortAcf.length + 1;
  const phi = noise.slowWeight > 0 ? noise.phi : 0;
  const lead = phi ** K;
  const phi1 = first < floors.length ? (floors[first] as { phi: number }).phi : 0;
  const phi2 = second < floors.length ? (floors[second] as { phi: number }).phi : 0;
  let diagonal = 0;
  let slow = 0;
  let running = 0;
  let running1 = 0;
  let sum1 = 0;
  let running2 = 0;
  let sum2 = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    diagonal += w ** 2;
    running = phi * running + (i >= K ? lead * (weights[i - K] as number) : 0);
    slow += w * running;
    const previous = i > 0 ? (weights[i - 1] as number) : 0;
    running1 = phi1 * running1 + (i > 0 ? phi1 * previous : 0);
    sum1 += w * (w + 2 * running1);
    running2 = phi2 * running2 + (i > 0 ? phi2 * previous : 0);
    sum2 += w * (w + 2 * running2);
  }
  slow = noise.slowWeight > 0 ? slow * noise.slowWeight : 0;
  let floor = 0;
  if (first < floors.length) floor += sum1 * (floors[first] as { sigma2: number }).sigma2;
  if (second < floors.length) floor += sum2 * (floors[second] as { sigma2: number }).sigma2;
  for (let f = nextFloor(floors, second + 1); f < floors.length; f = nextFloor(floors, f + 1)) {
    const { sigma2, phi: phiF } = floors[f] as { sigma2: number; phi: number };
    let runningF = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      runningF = phiF * runningF + (i > 0 ? phiF * (weights[i - 1] as number) : 0);
      sum += (weights[i] as number) * ((weights[i] as number) + 2 * runningF);
    }
    floor += sum * sigma2;
  }
  return noise.sigma2 * Math.max(diagonal, diagonal + 2 * short + 2 * slow) + floor;
}

/** Index of the first floor from `from` on with a variance (floors.length when none). */
function nextFloor(floors: readonly { sigma2: number }[], from: number): number {
  let f = from;
  while (f < floors.length && !((floors[f] as { sigma2: number }).sigma2 > 0)) f++;
  return f;
}
