/**
 * Least-squares trend with optional regressors, over a window of a binned series, and the
 * variance of its slope under AR(1) noise.
 *
 * ## Method
 * Model y_k = a + b·t_k + Σ_j β_j·x_jk + e_k, rows with any NaN skipped. Columns are centred and
 * scaled before forming the normal equations (Cholesky; a regressor with no spread is dropped).
 * With c the row of (XᵀX)⁻¹Xᵀ that gives b, the slope's variance under AR(1) noise
 * e_k = φ·e_{k−1} + w_k with stationary variance σ² is σ²·Σ_i Σ_j c_i c_j φ^|i−j|, summed in O(n)
 * with the running sum r_i = φ·(r_{i−1} + c_{i−1}) (bins are equally spaced). φ = 0 gives the
 * ordinary OLS variance.
 */

export interface TrendFit {
  /** Rows used. */
  n: number;
  /** Slope [y units per s]. */
  slope: number;
  intercept: number;
  /** Coefficient of each extra regressor (NaN when dropped for lack of spread). */
  coefficients: number[];
  /** Residuals of the used rows, in time order. */
  residuals: Float64Array;
  /** Times [s] of the used rows. */
  times: Float64Array;
  /** Slope weights: slope = Σ c_i·y_i. */
  slopeWeights: Float64Array;
  /** Weights of each regressor's coefficient (empty when dropped): β_j = Σ c_ji·y_i. */
  coefficientWeights: Float64Array[];
}

/** Arrays a fit with one regressor may fill instead of new ones (the fit's are then views of them). */
export interface FitArrays {
  times: Float64Array;
  residuals: Float64Array;
  slopeWeights: Float64Array;
  coefficientWeights: Float64Array;
}

/** FitArrays for fits of up to `rows` rows: `previous` when it holds that many. */
export function fitArrays(rows: number, previous?: FitArrays): FitArrays {
  if (previous !== undefined && previous.times.length >= rows) return previous;
  return {
    times: new Float64Array(rows),
    residuals: new Float64Array(rows),
    slopeWeights: new Float64Array(rows),
    coefficientWeights: new Float64Array(rows),
  };
}

/**
 * Fits y on time and regressors over rows [from, to) of equally spaced bins.
 * Returns null when fewer than (2 + regressors + 1) usable rows remain. With `into`, a fit with
 * one regressor fills those arrays (valid until they are next lent).
 */
export function fitTrend(
  t: ArrayLike<number>,
  y: ArrayLike<number>,
  regressors: readonly ArrayLike<number>[],
  from: number,
  to: number,
  into?: FitArrays,
): TrendFit | null {
  if (rowScratch.length < to - from) rowScratch = new Int32Array(to - from);
  const rows = rowScratch;
  let n = 0;
  for (let k = from; k < to; k++) {
    if (!Number.isFinite(y[k] as number)) continue;
    let ok = true;
    for (let j = 0; j < regressors.length; j++)
      if (!Number.isFinite((regressors[j] as ArrayLike<number>)[k] as number)) ok = false;
    if (ok) rows[n++] = k;
  }
  if (n < 3 + regressors.length) return null;
  if (regressors.length === 1) {
    const fit = fitOneRegressor(t, y, regressors[0] as ArrayLike<number>, rows, n, into);
    if (fit !== undefined) return fit;
  }
  // Centre and scale each column; drop regressors without spread.
  const columns: Float64Array[] = [];
  const kept: number[] = [];
  const scales: number[] = [];
  const means: number[] = [];
  const tCol = centred(t, rows, n);
  columns.push(tCol.values);
  scales.push(tCol.scale);
  regressors.forEach((x, j) => {
    const col = centred(x, rows, n);
    if (col.scale > 1e-12) {
      columns.push(col.values);
      scales.push(col.scale);
      means.push(col.mean);
      kept.push(j);
    }
  });
  const p = columns.length;
  const yValues = new Float64Array(n);
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    yValues[i] = y[rows[i] as number] as number;
    yMean += yValues[i] as number;
  }
  yMean /= n;
  // Normal equations on centred columns (the intercept is the mean).
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    const ca = columns[a] as Float64Array;
    for (let b = a; b < p; b++) {
      const cb = columns[b] as Float64Array;
      let s = 0;
      for (let i = 0; i < n; i++) s += (ca[i] as number) * (cb[i] as number);
      xtx[a * p + b] = s;
      xtx[b * p + a] = s;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += (ca[i] as number) * ((yValues[i] as number) - yMean);
    xty[a] = s;
  }
  const inverse = invertSymmetric(xtx, p);
  if (inverse === null) return null;
  const beta = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    let s = 0;
    for (let b = 0; b < p; b++) s += (inverse[a * p + b] as number) * (xty[b] as number);
    beta[a] = s;
  }
  const residuals = new Float64Array(n);
  const slopeWeights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let fitted = yMean;
    let weight = 0;
    for (let a = 0; a < p; a++) {
      const v = (columns[a] as Float64Array)[i] as number;
      fitted += (beta[a] as number) * v;
      weight += (inverse[a] as number) * v; // row 0 of the inverse: the time column
    }
    residuals[i] = (yValues[i] as number) - fitted;
    slopeWeights[i] = weight / (scales[0] as number);
  }
  const coefficientWeights = regressors.map(() => new Float64Array(0));
  kept.forEach((j, m) => {
    const a = m + 1;
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let b = 0; b < p; b++)
        s += (inverse[a * p + b] as number) * ((columns[b] as Float64Array)[i] as number);
      w[i] = s / (scales[a] as number);
    }
    coefficientWeights[j] = w;
  });
  const coefficients = regressors.map(() => Number.NaN);
  kept.forEach((j, m) => {
    coefficients[j] = (beta[m + 1] as number) / (scales[m + 1] as number);
  });
  const slope = (beta[0] as number) / (scales[0] as number);
  let intercept = yMean - slope * tCol.mean;
  kept.forEach((j, m) => {
    intercept -= (coefficients[j] as number) * (means[m] as number);
  });
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = t[rows[i] as number] as number;
  return {
    n,
    slope,
    intercept,
    coefficients,
    residuals,
    times,
    slopeWeights,
    coefficientWeights,
  };
}

/**
 * fitTrend with one regressor that has spread (the monitor's day-long fit at every check), in
 * fused passes over the rows: each sum still runs over the rows in order, so the numbers are the
 * general path's to the last bit (a test checks). Undefined when the regressor has no spread
 * (the general path drops it); null when the normal equations are singular.
 */
function fitOneRegressor(
  t: ArrayLike<number>,
  y: ArrayLike<number>,
  x: ArrayLike<number>,
  rows: Int32Array,
  n: number,
  into: FitArrays | undefined,
): TrendFit | null | undefined {
  const out = into !== undefined && into.times.length >= n ? into : undefined;
  if (scratch.length < 3 * n) scratch = new Float64Array(3 * n);
  const c0 = scratch.subarray(0, n);
  const c1 = scratch.subarray(n, 2 * n);
  const yValues = scratch.subarray(2 * n, 3 * n);
  const times = out !== undefined ? out.times.subarray(0, n) : new Float64Array(n);
  let m0 = 0;
  let m1 = 0;
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    const k = rows[i] as number;
    const tk = t[k] as number;
    times[i] = tk;
    c0[i] = tk;
    m0 += tk;
    c1[i] = x[k] as number;
    m1 += c1[i] as number;
    yValues[i] = y[k] as number;
    yMean += yValues[i] as number;
  }
  m0 /= n;
  m1 /= n;
  yMean /= n;
  let ss0 = 0;
  let ss1 = 0;
  for (let i = 0; i < n; i++) {
    c0[i] = (c0[i] as number) - m0;
    ss0 += (c0[i] as number) ** 2;
    c1[i] = (c1[i] as number) - m1;
    ss1 += (c1[i] as number) ** 2;
  }
  const scale0 = Math.sqrt(ss0 / n);
  const scale1 = Math.sqrt(ss1 / n);
  if (!(scale1 > 1e-12)) return undefined;
  let a00 = 0;
  let a01 = 0;
  let a11 = 0;
  let b0 = 0;
  let b1 = 0;
  for (let i = 0; i < n; i++) {
    if (scale0 > 0) c0[i] = (c0[i] as number) / scale0;
    c1[i] = (c1[i] as number) / scale1;
    const v0 = c0[i] as number;
    const v1 = c1[i] as number;
    const dy = (yValues[i] as number) - yMean;
    a00 += v0 * v0;
    a01 += v0 * v1;
    a11 += v1 * v1;
    b0 += v0 * dy;
    b1 += v1 * dy;
  }
  const inverse = invertSymmetric(Float64Array.of(a00, a01, a01, a11), 2);
  if (inverse === null) return null;
  const i00 = inverse[0] as number;
  const i01 = inverse[1] as number;
  const i10 = inverse[2] as number;
  const i11 = inverse[3] as number;
  const beta0 = 0 + i00 * b0 + i01 * b1;
  const beta1 = 0 + i10 * b0 + i11 * b1;
  const residuals = out !== undefined ? out.residuals.subarray(0, n) : new Float64Array(n);
  const slopeWeights = out !== undefined ? out.slopeWeights.subarray(0, n) : new Float64Array(n);
  const coefficientWeights = out !== undefined ? out.coefficientWeights.subarray(0, n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v0 = c0[i] as number;
    const v1 = c1[i] as number;
    residuals[i] = (yValues[i] as number) - (yMean + beta0 * v0 + beta1 * v1);
    slopeWeights[i] = (0 + i00 * v0 + i01 * v1) / scale0;
    coefficientWeights[i] = (0 + i10 * v0 + i11 * v1) / scale1;
  }
  const slope = beta0 / scale0;
  const coefficient = beta1 / scale1;
  return {
    n,
    slope,
    intercept: yMean - slope * m0 - coefficient * m1,
    coefficients: [coefficient],
    residuals,
    times,
    slopeWeights,
    coefficientWeights: [coefficientWeights],
  };
}

/** Rows of fitTrend and centred columns and values of fitOneRegressor, reused from call to call. */
let rowScratch = new Int32Array(0);
let scratch = new Float64Array(0);

/** Variance of Σ c_i·e_i when e is AR(1) with stationary variance σ² and lag-one correlation φ. */
export function ar1WeightedVariance(weights: ArrayLike<number>, sigma2: number, phi: number): number {
  let total = 0;
  let running = 0;
  for (let i = 0; i < weights.length; i++) {
    const c = weights[i] as number;
    if (i > 0) running = phi * (running + (weights[i - 1] as number));
    total += c * (c + 2 * running);
  }
  return sigma2 * total;
}

/** The column's values at the given rows, centred and scaled to unit RMS, with its mean and scale. */
function centred(
  column: ArrayLike<number>,
  rows: Int32Array,
  n: number,
): { values: Float64Array; mean: number; scale: number } {
  const out = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    out[i] = column[rows[i] as number] as number;
    mean += out[i] as number;
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    out[i] = (out[i] as number) - mean;
    ss += (out[i] as number) ** 2;
  }
  const scale = Math.sqrt(ss / n);
  if (scale > 0) for (let i = 0; i < n; i++) out[i] = (out[i] as number) / scale;
  return { values: out, mean, scale };
}

/** Inverse of a small symmetric positive-definite matrix by Cholesky; null if not positive definite. */
export function invertSymmetric(matrix: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = matrix[i * p + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * p + k] as number) * (l[j * p + k] as number);
      if (i === j) {
        if (!(s > 1e-12 * Math.max(1, matrix[i * p + i] as number))) return null;
        l[i * p + i] = Math.sqrt(s);
      } else l[i * p + j] = s / (l[j * p + j] as number);
    }
  }
  // inverse of L, then (L⁻¹)ᵀ L⁻¹
  const li = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    li[i * p + i] = 1 / (l[i * p + i] as number);
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= (l[i * p + k] as number) * (li[k * p + j] as number);
      li[i * p + j] = s / (l[i * p + i] as number);
    }
  }
  const inv = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = Math.max(i, j); k < p; k++) s += (li[k * p + i] as number) * (li[k * p + j] as number);
      inv[i * p + j] = s;
    }
  return inv;
}
