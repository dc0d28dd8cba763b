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
import { fitNoise, type NoiseModel, weightedVariance } from './noise-model.js';
import { fitTrend, invertSymmetric } from './trend-fit.js';

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
  if (options.coupling !== undefined && options.noise !== undefined && options.decay === undefined)
    return estimateWithKnownModel(series, from, to, options.coupling, options.noise, options);
  const fixedCoupling = options.coupling !== undefined;
  const decay = options.decay;
  let y: ArrayLike<number> = fixedCoupling
    ? compensated(series, from, to, options.coupling as number)
    : series.inventory;
  if (decay !== undefined) y = transformed(y, from, to, decay);
  const regressors = fixedCoupling ? [] : [series.temperature];
  const fit = fitTrend(series.t, y, regressors, from, to);
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
  const noise =
    (decay === undefined ? options.noise : undefined) ??
    fitNoise(fit.residuals, parameters, Math.max(1, Math.round(NOISE_LAGS_S / series.binS)), floors);
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
  const slopeVariance =
    (weightedVariance(fit.slopeWeights, noise) + (slopePerCoupling * couplingSe) ** 2) * gain * gain;
  const couplingWeights = fit.coefficientWeights[0];
  const fittedCouplingSe =
    !fixedCoupling && couplingWeights !== undefined && couplingWeights.length > 0
      ? Math.sqrt(weightedVariance(couplingWeights, noise)) * Math.abs(gain)
      : Number.NaN;
  const r = rateOf(series, from, to, fit.slope * gain, slopeVariance, fit.n, parameters, noise, options);
  return {
    rateKgPerS: r.rate,
    seKgPerS: r.se,
    low90: r.low90,
    high90: r.high90,
    couplingPaPerK: fixedCoupling ? (options.coupling as number) : (fit.coefficients[0] ?? Number.NaN) * gain,
    couplingSePaPerK: fixedCoupling ? couplingSe : fittedCouplingSe,
    fraction: r.fraction,
    noise,
    degreesOfFreedom: r.degreesOfFreedom,
    n: fit.n,
    fromS: fit.times[0] ?? Number.NaN,
    toS: fit.times[fit.n - 1] ?? Number.NaN,
  };
}

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

/** Scratch rows for estimateWithKnownModel (the scans call it thousands of times per simulated day). */
let scratch = { rows: new Int32Array(0), time: new Float64Array(0), y: new Float64Array(0) };
let scratchTemperature = new Float64Array(0);
let scratchWeights = new Float64Array(0);

/**
 * estimateLeakRate with a known coupling and noise model (the scans' case): the same least-squares
 * line through the compensated inventory, in the same arithmetic as fitTrend with no regressors,
 * so the numbers are the general path's to the last bit (a test checks); only the parts of the
 * fit the estimate needs are computed, in reused arrays.
 */
function estimateWithKnownModel(
  series: InventorySeries,
  from: number,
  to: number,
  coupling: number,
  noise: NoiseModel,
  options: EstimateOptions,
): LeakEstimate | null {
  const length = Math.max(0, to - from);
  if (scratch.rows.length < length) {
    scratch = { rows: new Int32Array(length), time: new Float64Array(length), y: new Float64Array(length) };
    scratchTemperature = new Float64Array(length);
    scratchWeights = new Float64Array(length);
  }
  const { rows, time, y } = scratch;
  const temperatureRows = scratchTemperature;
  const { inventory, temperature, t } = series;
  // rows with a finite compensated inventory (compensated() then fitTrend's row filter)
  let n = 0;
  for (let k = from; k < to; k++) {
    const v = temperature[k] as number;
    const tv = Number.isFinite(v) ? v : 0;
    const yk = (inventory[k] as number) - coupling * tv;
    if (!Number.isFinite(yk)) continue;
    rows[n] = k;
    y[n] = yk;
    temperatureRows[n] = tv;
    n++;
  }
  if (n < 3) return null;
  // the time column centred and scaled (trend-fit.ts centred())
  let tMean = 0;
  for (let i = 0; i < n; i++) {
    time[i] = t[rows[i] as number] as number;
    tMean += time[i] as number;
  }
  tMean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    time[i] = (time[i] as number) - tMean;
    ss += (time[i] as number) ** 2;
  }
  const tScale = Math.sqrt(ss / n);
  if (tScale > 0) for (let i = 0; i < n; i++) time[i] = (time[i] as number) / tScale;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i] as number;
  yMean /= n;
  // the 1×1 normal equations
  let xtx = 0;
  let xty = 0;
  for (let i = 0; i < n; i++) {
    xtx += (time[i] as number) * (time[i] as number);
    xty += (time[i] as number) * ((y[i] as number) - yMean);
  }
  const inverse = invertSymmetric(Float64Array.of(xtx), 1);
  if (inverse === null) return null;
  const inv = inverse[0] as number;
  const beta = inv * xty;
  const weights = scratchWeights.subarray(0, n);
  // a known coupling's error β̂ − β moves the slope by −(Σ c_i T_i)·(β̂ − β)
  let slopePerCoupling = 0;
  for (let i = 0; i < n; i++) {
    weights[i] = (inv * (time[i] as number)) / tScale;
    slopePerCoupling += (weights[i] as number) * (temperatureRows[i] as number);
  }
  const slope = beta / tScale;
  const couplingSe = options.couplingSe ?? 0;
  const slopeVariance = weightedVariance(weights, noise) + (slopePerCoupling * couplingSe) ** 2;
  const r = rateOf(series, from, to, slope, slopeVariance, n, 2, noise, options);
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
    fromS: t[rows[0] as number] as number,
    toS: t[rows[n - 1] as number] as number,
  };
}

/**
 * The leak rate [kg/s] from the inventory's slope [Pa/s] and its variance, with its standard error
 * and interval on the degrees of freedom left: the bins used (at most the noise model's effective
 * sample size) less the parameters fitted.
 */
function rateOf(
  series: InventorySeries,
  from: number,
  to: number,
  slope: number,
  slopeVariance: number,
  usedBins: number,
  parameters: number,
  noise: NoiseModel,
  options: EstimateOptions,
): { rate: number; se: number; low90: number; high90: number; fraction: number; degreesOfFreedom: number } {
  const fraction = meanFraction(series, from, to);
  const scale = series.kgPerPa / fraction;
  const rate = -slope * scale;
  const se = Math.sqrt(slopeVariance) * scale;
  const degreesOfFreedom = Math.max(1, Math.min(usedBins, noise.effectiveN) - parameters);
  const q = studentTQuantile(0.5 + (options.confidence ?? 0.9) / 2, degreesOfFreedom);
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
