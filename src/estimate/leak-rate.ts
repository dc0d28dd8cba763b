/**
 * The leak mass rate of a group from its binned gas inventory: the temperature-compensated trend,
 * with an interval that accounts for the slow, correlated disturbance left after compensation.
 *
 * ## Method
 * Fit inventory y_k = a + b·t_k + β·T_k (T the group's temperature regressor; β, the pressure–
 * temperature coupling, is estimated, not assumed). Leak rate L = −b·(kg per Pa)/f, with f the
 * inventory's share of the pressure (1 for total pressure, x_N2 for a ppN2 inventory). The
 * residuals' correlation is modelled (noise-model.ts: empirical at short lags, AR(1) beyond); the
 * slope's variance is the sandwich Σ c_i c_j Cov(e_i, e_j) with c the slope's weights, and the
 * 90 % interval uses Student's t with the effective degrees of freedom minus the parameters. A known coupling or noise model (from a longer window) may be
 * passed in for short windows, where neither can be estimated.
 */
import { studentTQuantile } from '../core/index.js';
import { fitNoise, type NoiseModel, shapeVariance, weightedVariance } from './noise-model.js';
import {
  binsBetween,
  firstRow,
  gapFree,
  latticeWeights,
  sumsFor,
  sumsServe,
  type TrailingSums,
  trailingSums,
} from './trailing-sums.js';
import { type FitArrays, fitArrays, fitTrend, type TrendFit } from './trend-fit.js';

export interface InventorySeries {
  /** Bin centres [s]. */
  t: ArrayLike<number>;
  /** Inventory [Pa]. */
  inventory: ArrayLike<number>;
  /** Inventory share of the pressure, per bin. */
  fraction: ArrayLike<number>;
  /** Temperature regressor [K]. */
  temperature: ArrayLike<number>;
  /** kg of air per Pa of the group's pressure. */
  kgPerPa: number;
  binS: number;
}

export interface LeakEstimate {
  /** Leak mass rate [kg/s]; positive = gas lost. */
  rateKgPerS: number;
  /** Standard error of the rate [kg/s]. */
  seKgPerS: number;
  /** 90 % interval [kg/s]. */
  low90: number;
  high90: number;
  /** Inventory–temperature coupling [Pa/K] used. */
  couplingPaPerK: number;
  /** Its standard error [Pa/K] (fitted here, or as passed in with a known coupling). */
  couplingSePaPerK: number;
  /** Mean share of the pressure the inventory stands for (1 for total pressure, x_N2 for ppN2). */
  fraction: number;
  /** The residuals' noise model, in the inventory's pascals (a decay fit's carried over by its gain). */
  noise: NoiseModel;
  degreesOfFreedom: number;
  /** Bins used. */
  n: number;
  fromS: number;
  toS: number;
}

/** A slow disturbance one window cannot reveal: its size [inventory Pa] and correlation time [s]. */
export interface NoiseFloorSpec {
  sigmaPa: number;
  tauS: number;
}

export interface EstimateOptions {
  /** Use this coupling instead of fitting one [Pa/K]. */
  coupling?: number;
  /** Standard error of that coupling [Pa/K]: its uncertainty is carried into the rate's. */
  couplingSe?: number;
  /** Use this noise model instead of fitting one. */
  noise?: NoiseModel;
  /** Confidence of the interval (default 0.9). */
  confidence?: number;
  /** Floors of slow disturbance added to a fitted noise model [inventory Pa, correlation time s]. */
  floors?: readonly NoiseFloorSpec[];
  /**
   * A deep decay is fitted as the law it follows (orifice: ln y linear in time; crack: 1/y linear)
   * and the rate taken at the end of the window; a fixed noise model is then not used.
   */
  decay?: 'orifice' | 'crack';
  /**
   * Trailing sums of the series (trailingSums) that end where the window does: with a known
   * coupling and noise model the fit then takes O(1) (otherwise they are summed for the window).
   */
  sums?: TrailingSums;
  /**
   * What physics says the coupling is, with its uncertainty [Pa/K]: a fitted coupling is combined
   * with it, each weighted by the inverse of its variance, and the rate refitted at the combined
   * coupling with its standard error carried into the rate's. Where the window's temperature drifts
   * with time (half a day-night cycle, a leak-check hold), the fit alone can trade the trend for the
   * coupling and read a leak as a negative coupling; where the temperature swings richly the data
   * outweigh the prior.
   */
  couplingPrior?: { paPerK: number; sePaPerK: number };
}

/** Longest residual lag used to fit the noise model [s]. */
const NOISE_LAGS_S = 4 * 3600;

/** Estimates the leak over bins [from, to) of a series; null if too few usable bins. */
export function estimateLeakRate(
  series: InventorySeries,
  from: number,
  to: number,
  options: EstimateOptions = {},
): LeakEstimate | null {
  const prior = options.couplingPrior;
  if (prior !== undefined && options.coupling === undefined && options.decay === undefined)
    return withCouplingPrior(series, from, to, options, prior);
  if (options.coupling !== undefined && options.noise !== undefined && options.decay === undefined)
    return estimateWithKnownModel(series, from, to, options.coupling, options.noise, options);
  return fitEstimate(series, from, to, options, false);
}

/**
 * The fit of estimateLeakRate with its coupling and noise model fitted here. `couplingOnly`: the
 * rate's variance and interval are left NaN (withCouplingPrior refits the rate, taking only the
 * coupling, its error and the noise model from this fit).
 */
function fitEstimate(
  series: InventorySeries,
  from: number,
  to: number,
  options: EstimateOptions,
  couplingOnly: boolean,
): LeakEstimate | null {
  const fixedCoupling = options.coupling !== undefined;
  const decay = options.decay;
  let y: ArrayLike<number> = fixedCoupling
    ? compensated(series, from, to, options.coupling as number)
    : series.inventory;
  if (decay !== undefined) y = transformed(y, from, to, decay);
  const regressors = fixedCoupling ? [] : [series.temperature];
  trendArrays = fitArrays(to - from, trendArrays);
  const fit = fitTrend(series.t, y, regressors, from, to, trendArrays);
  if (fit === null) return null;
  const parameters = 2 + regressors.length;
  // d(inventory)/d(fitted quantity) at the end of the window
  const tEnd = fit.times[fit.n - 1] as number;
  let yEnd = fit.intercept + fit.slope * tEnd;
  const temperatureEnd = lastFinite(series.temperature, from, to);
  if (!fixedCoupling && Number.isFinite(fit.coefficients[0] as number))
    yEnd += (fit.coefficients[0] as number) * temperatureEnd;
  const inventoryEnd = decay === 'orifice' ? Math.exp(yEnd) : decay === 'crack' ? 1 / yEnd : yEnd;
  const gain = decay === 'orifice' ? inventoryEnd : decay === 'crack' ? -(inventoryEnd * inventoryEnd) : 1;
  const floors = (options.floors ?? []).map((f) => ({
    sigma: f.sigmaPa / Math.abs(gain),
    tauBins: f.tauS / series.binS,
  }));
  // with bins missing, the residuals and weights go on the bin grid (trailing-sums.ts: latticeWeights)
  const lattice = onLattice(fit, series.binS);
  const noise =
    (decay === undefined ? options.noise : undefined) ??
    fitNoise(
      lattice?.place(fit.residuals) ?? fit.residuals,
      parameters,
      Math.max(1, Math.round(NOISE_LAGS_S / series.binS)),
      floors,
      lattice?.present,
    );
  // a decay's residuals are of ln y or 1/y: the model returned is in the inventory's pascals
  const inventoryNoise = gain === 1 ? noise : scaledNoise(noise, gain * gain);
  // a known coupling's error β̂ − β moves the slope by −(Σ c_i T_i)·(β̂ − β)
  const couplingSe = options.couplingSe ?? 0;
  const slopePerCoupling = fixedCoupling
    ? usedRows(y, from, to)
        .map((k) => {
          const v = series.temperature[k] as number;
          return Number.isFinite(v) ? v : 0;
        })
        .reduce((s, v, i) => s + (fit.slopeWeights[i] as number) * v, 0)
    : 0;
  const slopeVariance = couplingOnly
    ? Number.NaN
    : (weightedVariance(lattice?.place(fit.slopeWeights) ?? fit.slopeWeights, noise) +
        (slopePerCoupling * couplingSe) ** 2) *
      gain *
      gain;
  const fitCouplingWeights = fit.coefficientWeights[0];
  const couplingWeights =
    fitCouplingWeights !== undefined && lattice !== null
      ? lattice.place(fitCouplingWeights)
      : fitCouplingWeights;
  const fittedCouplingSe =
    !fixedCoupling && couplingWeights !== undefined && couplingWeights.length > 0
      ? Math.sqrt(weightedVariance(couplingWeights, noise)) * Math.abs(gain)
      : Number.NaN;
  const r = rateOf(
    series,
    meanFraction(series, from, to),
    fit.slope * gain,
    slopeVariance,
    fit.n,
    parameters,
    noise,
    options,
    couplingOnly,
  );
  return {
    rateKgPerS: r.rate,
    seKgPerS: r.se,
    low90: r.low90,
    high90: r.high90,
    couplingPaPerK: fixedCoupling ? (options.coupling as number) : (fit.coefficients[0] ?? Number.NaN) * gain,
    couplingSePaPerK: fixedCoupling ? couplingSe : fittedCouplingSe,
    fraction: r.fraction,
    noise: inventoryNoise,
    degreesOfFreedom: r.degreesOfFreedom,
    n: fit.n,
    fromS: fit.times[0] ?? Number.NaN,
    toS: fit.times[fit.n - 1] ?? Number.NaN,
  };
}

/**
 * Standard errors of disagreement beyond which a fitted coupling is set aside for the prior. At 2,
 * the real ISS day's monitor, young, set aside its morning fits (75–100 ± 10 Pa/K against the gas
 * law's 254 ± 76) and read the morning's warm-up as a 28 kg/day leak (interval 4 to 53): the Lab
 * thermometer read back by its declared gain does not follow the bulk air that closely.
 */
const COUPLING_CONFLICT_Z = 3;

/** The fit, then the rate again at its coupling combined with the prior (EstimateOptions.couplingPrior). */
function withCouplingPrior(
  series: InventorySeries,
  from: number,
  to: number,
  options: EstimateOptions,
  prior: { paPerK: number; sePaPerK: number },
): LeakEstimate | null {
  const alone = { ...options, couplingPrior: undefined };
  // the fit's own rate is wanted only where the prior cannot be weighed in (then fitted again in full)
  const fitted = fitEstimate(series, from, to, alone, true);
  if (fitted === null) return null;
  const beta = fitted.couplingPaPerK;
  const se = fitted.couplingSePaPerK;
  if (!(prior.sePaPerK > 0) || !Number.isFinite(prior.paPerK) || !Number.isFinite(beta) || !(se > 0))
    return estimateLeakRate(series, from, to, alone);
  const wFit = 1 / (se * se);
  const wPrior = 1 / (prior.sePaPerK * prior.sePaPerK);
  // a fit this far from the gas law is not measuring the coupling: its straight line is the wrong
  // model (the leak changed inside the window) and the coupling took up the difference
  const conflict =
    Math.abs(beta - prior.paPerK) > COUPLING_CONFLICT_Z * Math.sqrt(se * se + prior.sePaPerK ** 2);
  const coupling = conflict ? prior.paPerK : (beta * wFit + prior.paPerK * wPrior) / (wFit + wPrior);
  const couplingSe = conflict ? prior.sePaPerK : 1 / Math.sqrt(wFit + wPrior);
  const sums = windowSums(series, from, to, options.sums);
  return (
    estimateLeakRate(series, from, to, {
      ...options,
      couplingPrior: undefined,
      coupling,
      couplingSe,
      noise: fitted.noise,
      sums,
    }) ?? estimateLeakRate(series, from, to, alone)
  );
}

/**
 * The sums of window [from, to): `given` when they serve it, else its own, kept only at its start,
 * in arrays lent from call to call (a check's day-long estimate would otherwise allocate and fill a
 * day of trailing sums for one window: a sixth of analyze's time on a month of ISS telemetry).
 */
function windowSums(
  series: InventorySeries,
  from: number,
  to: number,
  given: TrailingSums | undefined,
): TrailingSums {
  if (given !== undefined && sumsServe(given, from, to)) return given;
  lentSums = trailingSums(series, from, to, lentSums, [from]);
  return lentSums;
}

/** The sums windowSums lends from call to call. */
let lentSums: TrailingSums | undefined;

/**
 * A noise model in other units: variances times `factor` (a transformed series' model carried to
 * the inventory by the square of the transform's local gain).
 */
function scaledNoise(noise: NoiseModel, factor: number): NoiseModel {
  return {
    ...noise,
    sigma2: noise.sigma2 * factor,
    floors: noise.floors.map((f) => ({ ...f, sigma2: f.sigma2 * factor })),
  };
}

/** The fit's arrays, lent from call to call (an estimate keeps none of them). */
let trendArrays: FitArrays | undefined;

function transformed(
  y: ArrayLike<number>,
  from: number,
  to: number,
  decay: 'orifice' | 'crack',
): Float64Array {
  const out = new Float64Array(y.length).fill(Number.NaN);
  for (let k = from; k < to; k++) {
    const v = y[k] as number;
    if (v > 0) out[k] = decay === 'orifice' ? Math.log(v) : 1 / v;
  }
  return out;
}

/**
 * A fit's rows on their bin grid when some bins between them are missing (null when they are
 * consecutive): which bins hold a row, and a row array placed there, zeros elsewhere.
 */
function onLattice(
  fit: TrendFit,
  binS: number,
): { present: Uint8Array; place: (values: Float64Array) => Float64Array } | null {
  const { times, n } = fit;
  if (n < 2) return null;
  const t0 = times[0] as number;
  const span = binsBetween(t0, times[n - 1] as number, binS);
  if (span === n - 1) return null;
  const index = Int32Array.from(times.subarray(0, n), (t) => binsBetween(t0, t, binS));
  const present = new Uint8Array(span + 1);
  for (const i of index) present[i] = 1;
  return {
    present,
    place: (values) => {
      const out = new Float64Array(span + 1);
      for (let i = 0; i < n; i++) out[index[i] as number] = values[i] as number;
      return out;
    },
  };
}

/** Rows [from, to) with a finite value, in order (the rows a fit uses when its regressors are finite). */
function usedRows(y: ArrayLike<number>, from: number, to: number): number[] {
  const rows: number[] = [];
  for (let k = from; k < to; k++) if (Number.isFinite(y[k] as number)) rows.push(k);
  return rows;
}

function lastFinite(values: ArrayLike<number>, from: number, to: number): number {
  for (let k = to - 1; k >= from; k--) if (Number.isFinite(values[k] as number)) return values[k] as number;
  return 0;
}

function compensated(series: InventorySeries, from: number, to: number, coupling: number): Float64Array {
  const out = new Float64Array(series.inventory.length).fill(Number.NaN);
  for (let k = from; k < to; k++) {
    const temperature = series.temperature[k] as number;
    out[k] = (series.inventory[k] as number) - coupling * (Number.isFinite(temperature) ? temperature : 0);
  }
  return out;
}

/**
 * estimateLeakRate with a known coupling and noise model (the scans' case): the least-squares line
 * through the compensated inventory, from the window's trailing sums (given, or summed here). The
 * slope's weights are c_i = (τ_i − τ̄)/Σ(τ−τ̄)²; a gap-free window's depend on its length alone, so
 * their variance is remembered per model (shapeVariance), else they are formed and summed.
 */
function estimateWithKnownModel(
  series: InventorySeries,
  from: number,
  to: number,
  coupling: number,
  noise: NoiseModel,
  options: EstimateOptions,
): LeakEstimate | null {
  const sums = sumsFor(series, options.sums, from, to);
  const i = from - sums.from;
  const n = sums.count[i] as number;
  if (n < 3) return null;
  const st = sums.time[i] as number;
  const sT = sums.temperature[i] as number;
  const ctt = (sums.time2[i] as number) - (st * st) / n;
  if (!(ctt > 0)) return null;
  const sy = (sums.inventory[i] as number) - coupling * sT;
  const sty = (sums.timeInventory[i] as number) - coupling * (sums.timeTemperature[i] as number);
  const slope = lineSlope(sums, i, sy, sty);
  // a known coupling's error β̂ − β moves the slope by −(Σ c_i T_i)·(β̂ − β)
  const slopePerCoupling = lineSlope(sums, i, sT, sums.timeTemperature[i] as number);
  const couplingSe = options.couplingSe ?? 0;
  const slopeVariance =
    lineVariance(series, sums, from, to, n, st / n, ctt, noise) + (slopePerCoupling * couplingSe) ** 2;
  const r = rateOf(series, lineFraction(sums, i), slope, slopeVariance, n, 2, noise, options);
  return {
    rateKgPerS: r.rate,
    seKgPerS: r.se,
    low90: r.low90,
    high90: r.high90,
    couplingPaPerK: coupling,
    couplingSePaPerK: couplingSe,
    fraction: r.fraction,
    noise,
    degreesOfFreedom: r.degreesOfFreedom,
    n,
    fromS: series.t[firstRow(series, from)] as number,
    toS: series.t[sums.lastRow] as number,
  };
}

/**
 * Slope [per s] of the least-squares line over the rows the sums hold from window row i, for a
 * column whose trailing sums there are Σy and Στy (τ in hours).
 */
export function lineSlope(sums: TrailingSums, i: number, sy: number, sty: number): number {
  const n = sums.count[i] as number;
  const st = sums.time[i] as number;
  const ctt = (sums.time2[i] as number) - (st * st) / n;
  // per hour, then per second
  return (sty - (st * sy) / n) / ctt / 3600;
}

/** Mean share of the pressure the inventory stands for over window row i's bins (1 when unknown). */
export function lineFraction(sums: TrailingSums, i: number): number {
  const fractions = sums.fractionCount[i] as number;
  return fractions > 0 ? (sums.fraction[i] as number) / fractions : 1;
}

/** Variance of a trend's slope [(Pa/s)²] over n usable rows of [from, to), τ̄ and Σ(τ−τ̄)² in hours. */
function lineVariance(
  series: InventorySeries,
  sums: TrailingSums,
  from: number,
  to: number,
  n: number,
  meanTime: number,
  ctt: number,
  noise: NoiseModel,
): number {
  if (gapFree(series, sums, from, to)) {
    // per bin: c_i = (i − (n−1)/2) / Σ(j − (n−1)/2)²
    const perBin = shapeVariance(noise, n, () => {
      const w = new Float64Array(n);
      let ss = 0;
      for (let j = 0; j < n; j++) ss += (j - (n - 1) / 2) ** 2;
      for (let j = 0; j < n; j++) w[j] = (j - (n - 1) / 2) / ss;
      return w;
    });
    return perBin / (series.binS * series.binS);
  }
  const weights = latticeWeights(
    series,
    from,
    to,
    (k) => (((series.t[k] as number) - sums.endS) / 3600 - meanTime) / ctt / 3600,
  );
  return weightedVariance(weights, noise);
}

/**
 * The leak rate [kg/s] from the inventory's slope [Pa/s] and its variance, with its standard error
 * and interval on the degrees of freedom left: the bins used (at most the noise model's effective
 * sample size) less the parameters fitted.
 */
function rateOf(
  series: InventorySeries,
  fraction: number,
  slope: number,
  slopeVariance: number,
  usedBins: number,
  parameters: number,
  noise: NoiseModel,
  options: EstimateOptions,
  rateOnly = false,
): { rate: number; se: number; low90: number; high90: number; fraction: number; degreesOfFreedom: number } {
  const scale = series.kgPerPa / fraction;
  const rate = -slope * scale;
  const se = Math.sqrt(slopeVariance) * scale;
  const degreesOfFreedom = Math.max(1, Math.min(usedBins, noise.effectiveN) - parameters);
  const q = rateOnly ? Number.NaN : tQuantile(0.5 + (options.confidence ?? 0.9) / 2, degreesOfFreedom);
  return { rate, se, low90: rate - q * se, high90: rate + q * se, fraction, degreesOfFreedom };
}

/** Mean share of the pressure the inventory stands for over bins [from, to) (1 when unknown). */
function meanFraction(series: InventorySeries, from: number, to: number): number {
  let fraction = 0;
  let count = 0;
  for (let k = from; k < to; k++) {
    const f = series.fraction[k] as number;
    if (Number.isFinite(f)) {
      fraction += f;
      count++;
    }
  }
  return count > 0 ? fraction / count : 1;
}

/**
 * Student's t quantile, remembered by probability and degrees of freedom: the scans ask for the
 * same few (each window's degrees of freedom under a model refitted hourly) at every check.
 */
export function tQuantile(p: number, dof: number): number {
  let byDof = tQuantiles.get(p);
  if (byDof === undefined || byDof.size >= 4096) {
    byDof = new Map();
    tQuantiles.set(p, byDof);
  }
  let q = byDof.get(dof);
  if (q === undefined) {
    q = studentTQuantile(p, dof);
    byDof.set(dof, q);
  }
  return q;
}

const tQuantiles = new Map<number, Map<number, number>>();
