/**
 * What the cabin's temperature does to a rapid fall: the rate its air's warming or cooling moves
 * the pressure, from the group's thermometers, to take out of the fall the gauges see.
 *
 * ## Why
 * A sealed volume's pressure follows its air temperature, p ∝ T: cooling by 10 K an hour drops a
 * 760 mmHg cabin by 26 mmHg an hour, five times the slowest fall the rapid watch counts. A ground
 * vessel whose air followed a ±3 K, 90-minute thermal cycle raised 17 and 19 rapid-depress alarms
 * in a day without a leak (two seeds); on the ISS in 2020, an apparent jump in the night the crew
 * closed hatches one by one was a temperature change (DOMAIN.md §1).
 *
 * ## Method
 * Each thermometer keeps its samples of the last max(2 windows, 10 periods) (two minutes of a
 * 10 s RTD, ten of the ISS's 60 s 0.1 K sensors: fewer would know the slope to no better than a
 * step). Its slope is the straight line's, or the broken line's after its bend (rapid-depress.ts
 * `hingeFit`, the bend at least a window before the end) when the bend lowers the squared
 * residuals by more than nine times the scatter: a heater switched on bends the temperature when
 * it bends the pressure, and a straight line over the longer span would read half the ramp. Its
 * standard error is the scatter's (at least the sensor's noise and quantization) over Σ(x − x̄)².
 * The group's air rate is the thermometers' volume-weighted mean, each divided by its declared
 * thermal gain, and the pressure's rate of rise from it (p/T)·Ṫ with its standard error.
 */
import { hingeFit, pushKeepingSince, type RapidState, straightLine } from './rapid-depress.js';

export interface ThermometerWindow {
  times: number[];
  values: number[];
  updated: number;
  /** The slope last read and the sample time it was read at (read again only after a new sample). */
  fit: { slope: number; se: number } | null;
  fitAt: number;
}

/**
 * Most samples a slope is read from: a 1 s thermometer's two minutes are read every third sample
 * (the broken line's search grows with the square of the count, and runs at every pressure sample
 * of a falling group).
 */
const MOST_POINTS = 40;

/** A thermometer of the group: its channel, the module volume it stands for, its thermal gain. */
export interface GroupThermometer {
  channel: number;
  weight: number;
  gain: number;
}

/** The pressure's rate of rise from the air's temperature [Pa/s] and its standard error. */
export interface ThermalRate {
  ratePaPerS: number;
  sePaPerS: number;
}

/** The span each thermometer's samples are kept over [s]. */
export function thermometerSpanS(windowS: number, periodS: number): number {
  return Math.max(2 * windowS, 10 * periodS);
}

/** Adds a temperature sample [K] of channel k at time t [epoch s]; returns true if channel k is a thermometer. */
export function addTemperatureSample(state: RapidState, k: number, time: number, value: number): boolean {
  const window = state.thermometers.get(k);
  if (window === undefined) return false;
  addToThermometer(window, time, value, thermometerSpanS(state.options.windowS, state.periodS[k] as number));
  return true;
}

/** Thermometer k's slope [K/s] and standard error at `now`, null when it has not read within its span. */
export function thermometerSlopeAt(
  state: RapidState,
  k: number,
  now: number,
): { slope: number; se: number } | null {
  const window = state.thermometers.get(k);
  const spanS = thermometerSpanS(state.options.windowS, state.periodS[k] as number);
  if (window === undefined || !(now - window.updated <= spanS)) return null;
  if (window.fitAt !== window.updated) {
    window.fit = thermometerSlope(
      thinned(window),
      state.options.windowS,
      state.floor[k] as number,
      state.step[k] as number,
    );
    window.fitAt = window.updated;
  }
  return window.fit;
}

/** The window's samples, every m-th counted back from the last so that at most MOST_POINTS remain. */
function thinned(window: ThermometerWindow): { times: number[]; values: number[] } {
  const n = window.times.length;
  const every = Math.ceil(n / MOST_POINTS);
  if (every <= 1) return window;
  const times: number[] = [];
  const values: number[] = [];
  for (let i = (n - 1) % every; i < n; i += every) {
    times.push(window.times[i] as number);
    values.push(window.values[i] as number);
  }
  return { times, values };
}

/** Adds a temperature sample [K] to a thermometer's window of `spanS` seconds. */
export function addToThermometer(
  window: ThermometerWindow,
  time: number,
  value: number,
  spanS: number,
): void {
  pushKeepingSince(window, time, value, time - spanS);
  window.updated = time;
}

/**
 * A thermometer's slope [K/s] and its standard error, or null with fewer than three samples over
 * at least a window. `floor` is the sensor's noise and quantization [K], `step` its resolution.
 */
export function thermometerSlope(
  window: { times: readonly number[]; values: readonly number[] },
  windowS: number,
  floor: number,
  step: number,
): { slope: number; se: number } | null {
  const { times: t, values: v } = window;
  const n = t.length;
  if (n < 3 || (t[n - 1] as number) - (t[0] as number) < windowS) return null;
  const { slope: line, sse: sseLine, stt } = straightLine(t, v, n);
  const span = (t[n - 1] as number) - (t[0] as number);
  // a slope known to no better than a step over the span it is read over
  const quantized = (span: number): number => (step / (span * Math.sqrt(3))) ** 2;
  const bent = n >= 5 ? hingeFit(t, v, windowS, n) : null;
  if (bent !== null && Number.isFinite(bent.slope)) {
    const scatter = Math.max(bent.sse / (n - 3), floor * floor);
    if (sseLine - bent.sse > 9 * scatter)
      return { slope: bent.slope, se: Math.sqrt(Math.max(scatter / bent.sxx, quantized(bent.afterS))) };
  }
  const scatter = Math.max(sseLine / Math.max(1, n - 2), floor * floor);
  return { slope: line, se: Math.sqrt(Math.max(scatter / stt, quantized(span))) };
}

/**
 * The pressure's rate of rise [Pa/s] from the group's air temperature at pressure `pressurePa` and
 * absolute temperature `temperatureK`, or null when no thermometer has a slope to tell.
 */
export function thermalRate(
  thermometers: readonly GroupThermometer[],
  slopeOf: (channel: number) => { slope: number; se: number } | null,
  pressurePa: number,
  temperatureK: number,
): ThermalRate | null {
  let sw = 0;
  let sum = 0;
  let variance = 0;
  for (const { channel, weight, gain } of thermometers) {
    const fit = slopeOf(channel);
    if (fit === null || !(weight > 0)) continue;
    sw += weight;
    sum += (weight * fit.slope) / gain;
    variance += ((weight * fit.se) / gain) ** 2;
  }
  if (!(sw > 0)) return null;
  const perK = pressurePa / temperatureK;
  return { ratePaPerS: (perK * sum) / sw, sePaPerS: (perK * Math.sqrt(variance)) / sw };
}
