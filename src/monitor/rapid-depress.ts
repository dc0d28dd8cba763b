/**
 * Rapid depressurisation: from raw pressure samples, within seconds, the rate of fall of each
 * group, T1mm and the reserve time to the evacuation pressure (DOMAIN.md §4).
 *
 * ## Method
 * Each pressure channel keeps its samples of the last `windowS` (a report-on-change channel is
 * read as its held value every sampling period); a least-squares slope over them with its standard error (from the scatter about the line, floored by the sensor's quantization
 * and noise). A channel votes "falling" when the slope is below −minRate, the fitted fall exceeds
 * three quantization steps, and the slope is `minSigmas` standard errors from zero. A group falls
 * when at least half of its channels with data vote so; its rate is then the median slope over all
 * of them (not only the voters, whose selection would bias the rate high), pooled by inverse variance
 * over the channels near that median. While falling, a channel's rate is the slope after the bend
 * of a broken line (flat, then straight), so a flat start in the window does not bias it. For an
 * orifice, dp/dt = −p/τ, so τ = p/|ṗ|, T_res = τ·ln(p/p_evac) and T1mm = 1 mmHg/|ṗ|. The rate's
 * standard error (consensusRate, with 1 mmHg/h for what a minute cannot see) gives the reserve
 * time's 90 % interval, widened for where the gauges' readings leave the pressure now (levelSe).
 * This is the first reading of a fall; once it holds five minute bins, fall-fit.ts reads it whole.
 */
import { mmHgToPa, normalQuantile, type Station, unitScale } from '../core/index.js';
import { reserveFromDecay, widened } from './fall-fit.js';
import { dropFirst } from './group-series.js';
import type { ThermalRate, ThermometerWindow } from './rapid-thermal.js';

export interface RapidOptions {
  windowS: number;
  /** Slowest fall that counts [Pa/s] (thermal swings stay well below). */
  minRatePaPerS: number;
  minSigmas: number;
  /** Report only when the reserve time is below this [s]. */
  reportBelowS: number;
}

export const DEFAULT_RAPID: RapidOptions = {
  windowS: 60,
  minRatePaPerS: mmHgToPa(5) / 3600,
  minSigmas: 6,
  reportBelowS: 24 * 3600,
};

export interface ChannelTrend {
  times: number[];
  values: number[];
  /** Latest slope [Pa/s] and its standard error, NaN when not enough data. */
  slope: number;
  se: number;
  level: number;
  falling: boolean;
  updated: number;
  /** The last value before the window (what a report-on-change channel still holds). */
  heldBefore: number;
  /**
   * True when the window was too quiet to vote "falling" and its slope and standard error were not
   * yet computed (`slope` then only says the window has enough points); `settle` computes them.
   */
  deferred: boolean;
}

export interface RapidState {
  options: RapidOptions;
  channels: Map<number, ChannelTrend>;
  /** Quantization + noise floor per channel [Pa]. */
  floor: Float64Array;
  step: Float64Array;
  /** Sampling period of report-on-change channels (0 for the others) [s]. */
  holdPeriodS: Float64Array;
  /** Sampling period of every channel [s]. */
  periodS: Float64Array;
  /** Channels voting "falling" now: none on a quiet station, where groups then need no look. */
  fallingChannels: number;
  /** Each temperature channel's recent samples (rapid-thermal.ts), read only while a group falls. */
  thermometers: Map<number, ThermometerWindow>;
}

/** A pressure channel before its first sample. */
export function emptyChannelTrend(): ChannelTrend {
  return {
    times: [],
    values: [],
    slope: Number.NaN,
    se: Number.NaN,
    level: Number.NaN,
    falling: false,
    updated: Number.NaN,
    heldBefore: Number.NaN,
    deferred: false,
  };
}

export function createRapidState(station: Station, options: RapidOptions = DEFAULT_RAPID): RapidState {
  const channels = new Map<number, ChannelTrend>();
  const thermometers = new Map<number, ThermometerWindow>();
  station.sensors.forEach((s, k) => {
    if (s.quantity === 'pressure') channels.set(k, emptyChannelTrend());
    if (s.quantity === 'temperature')
      thermometers.set(k, { times: [], values: [], updated: Number.NaN, fit: null, fitAt: Number.NaN });
  });
  return {
    options,
    channels,
    floor: Float64Array.from(
      station.sensors.map((s) => unitScale(s.unit) * Math.sqrt(s.noiseSd ** 2 + s.resolution ** 2 / 12)),
    ),
    step: Float64Array.from(station.sensors.map((s) => unitScale(s.unit) * s.resolution)),
    holdPeriodS: Float64Array.from(station.sensors.map((s) => (s.reportOnChange ? s.periodS : 0))),
    periodS: Float64Array.from(station.sensors.map((s) => s.periodS)),
    fallingChannels: 0,
    thermometers,
  };
}

/** Adds a pressure sample [Pa] of channel k at time t [epoch s]; returns true if channel k is pressure. */
export function addPressureSample(state: RapidState, k: number, time: number, value: number): boolean {
  const trend = state.channels.get(k);
  if (trend === undefined) return false;
  const held = pushKeepingSince(trend, time, value, time - state.options.windowS);
  if (!Number.isNaN(held)) trend.heldBefore = held;
  fitChannel(state, k, trend, time);
  return true;
}

/**
 * Appends a sample to a window of samples and drops those before `cutoff`; returns the last value
 * dropped (what a report-on-change channel still held), NaN when none was.
 */
export function pushKeepingSince(
  window: { times: number[]; values: number[] },
  time: number,
  value: number,
  cutoff: number,
): number {
  window.times.push(time);
  window.values.push(value);
  let drop = 0;
  while (drop < window.times.length && (window.times[drop] as number) < cutoff) drop++;
  if (drop === 0) return Number.NaN;
  const held = window.values[drop - 1] as number;
  dropFirst(window.times, drop);
  dropFirst(window.values, drop);
  return held;
}

/** Held points of a report-on-change channel, rebuilt at each of its samples (reused, not reallocated). */
let heldT = new Float64Array(0);
let heldV = new Float64Array(0);
/** The points `points` chose last: the channel's own arrays, or the held ones (no object per call). */
let pointsT: ArrayLike<number> = heldT;
let pointsV: ArrayLike<number> = heldV;

/**
 * The channel's points for the fit: its samples, or for a report-on-change channel its held value
 * every period (in arrays reused until the next call). Sets `pointsT`, `pointsV`; returns their count.
 */
function points(state: RapidState, k: number, trend: ChannelTrend, now: number): number {
  const period = state.holdPeriodS[k] as number;
  if (!(period > 0)) {
    pointsT = trend.times;
    pointsV = trend.values;
    return trend.times.length;
  }
  const most = Math.floor(state.options.windowS / period) + 2;
  if (heldT.length < most) {
    heldT = new Float64Array(most);
    heldV = new Float64Array(most);
  }
  let n = 0;
  let j = -1;
  for (let x = now - state.options.windowS; x <= now + 1e-9; x += period) {
    while (j + 1 < trend.times.length && (trend.times[j + 1] as number) <= x) j++;
    const value = j >= 0 ? (trend.values[j] as number) : trend.heldBefore;
    if (Number.isFinite(value)) {
      if (n === heldT.length) {
        heldT = grow(heldT);
        heldV = grow(heldV);
      }
      heldT[n] = x;
      heldV[n] = value;
      n++;
    }
  }
  pointsT = heldT;
  pointsV = heldV;
  return n;
}

function grow(values: Float64Array): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(2 * values.length + 1);
  bigger.set(values);
  return bigger;
}

function fitChannel(state: RapidState, k: number, trend: ChannelTrend, now: number): void {
  trend.updated = now;
  trend.level = trend.values[trend.values.length - 1] as number;
  trend.deferred = false;
  // nearly every sample of a quiet station: the fit waits until a falling group needs it
  if (quietHeld(state, k, trend)) {
    trend.slope = 0;
    trend.deferred = true;
    setFalling(state, trend, false);
    return;
  }
  const n = points(state, k, trend, now);
  const t = pointsT;
  const v = pointsV;
  if (n < 3 || (t[n - 1] as number) - (t[0] as number) < 20) {
    trend.slope = Number.NaN;
    setFalling(state, trend, false);
    return;
  }
  if (channelCannotFall(state, k, spread(v, 1, n, v[0] as number), n, (state.holdPeriodS[k] as number) > 0)) {
    trend.slope = 0;
    trend.deferred = true;
    setFalling(state, trend, false);
    return;
  }
  fitLine(state, k, trend, t, v, n);
}

/**
 * `cannotFall` for a report-on-change channel without building its held points, when it already
 * holds for a superset of them: every held value is one of the window's samples or the value held
 * before it, and there are at most ⌊window/period⌋ + 3 of them (the bound grows with both). With a
 * finite held value before the window every grid point is finite, so the window has at least three
 * points over at least 20 s (window ≥ 4 periods and ≥ 21 s + a period): what `fitChannel` would
 * also have found before deferring. False (build the points) otherwise.
 */
function quietHeld(state: RapidState, k: number, trend: ChannelTrend): boolean {
  const period = state.holdPeriodS[k] as number;
  const windowS = state.options.windowS;
  const held = trend.heldBefore;
  if (!(period > 0) || !Number.isFinite(held) || windowS < 4 * period || windowS - period < 21) return false;
  const values = trend.values;
  return channelCannotFall(
    state,
    k,
    spread(values, 0, values.length, held),
    Math.floor(windowS / period) + 3,
    true,
  );
}

/** cannotFallRange with channel k's noise floor and step and the check's threshold. */
function channelCannotFall(
  state: RapidState,
  k: number,
  range: number,
  n: number,
  evenlySpaced: boolean,
): boolean {
  return cannotFallRange(
    range,
    n,
    state.floor[k] as number,
    Math.max(state.step[k] as number, 1e-9),
    state.options.minSigmas,
    evenlySpaced,
  );
}

/** max − min of `seed` and values [from, to). */
function spread(v: ArrayLike<number>, from: number, to: number, seed: number): number {
  let low = seed;
  let high = seed;
  for (let i = from; i < to; i++) {
    const x = v[i] as number;
    if (x < low) low = x;
    else if (x > high) high = x;
  }
  return high - low;
}

/**
 * True when no line through the points can vote "falling", from the range R of the values alone.
 * The slope's standard error is at least floor/√Stt, and by Cauchy–Schwarz |slope| ≤
 * √(Σ(v−v̄)²)/√Stt ≤ (R√n/2)/√Stt: so R√n/2 ≤ minSigmas·floor rules out a significant fall. On
 * the evenly spaced held points of a report-on-change channel, |slope|·span < 1.5 R (the
 * least-squares weights' Σ|t−t̄|·span/Σ(t−t̄)² stays below 3), so R ≤ 2 steps rules out a fall of
 * three steps. Both bounds keep a margin for rounding.
 */
export function cannotFall(
  v: ArrayLike<number>,
  n: number,
  floor: number,
  step: number,
  minSigmas: number,
  evenlySpaced: boolean,
): boolean {
  return cannotFallRange(spread(v, 1, n, v[0] as number), n, floor, step, minSigmas, evenlySpaced);
}

/** `cannotFall` from the range of the values; true stays true for any larger n or range. */
export function cannotFallRange(
  range: number,
  n: number,
  floor: number,
  step: number,
  minSigmas: number,
  evenlySpaced: boolean,
): boolean {
  if ((range * Math.sqrt(n)) / 2 <= 0.999 * minSigmas * floor) return true;
  return evenlySpaced && range <= 2 * 0.999 * step;
}

/** A deferred channel's slope and standard error, computed from its window as it was. */
function settle(state: RapidState, k: number, trend: ChannelTrend): void {
  if (!trend.deferred) return;
  const n = points(state, k, trend, trend.updated);
  trend.deferred = false;
  fitLine(state, k, trend, pointsT, pointsV, n);
}

/** The least-squares line through the first n points: its slope, squared residuals and Σ(t − t̄)². */
export function straightLine(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  n: number,
): { slope: number; sse: number; stt: number } {
  let tm = 0;
  let vm = 0;
  for (let i = 0; i < n; i++) {
    tm += t[i] as number;
    vm += v[i] as number;
  }
  tm /= n;
  vm /= n;
  let stt = 0;
  let stv = 0;
  for (let i = 0; i < n; i++) {
    const dt = (t[i] as number) - tm;
    stt += dt * dt;
    stv += dt * ((v[i] as number) - vm);
  }
  const slope = stv / stt;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += ((v[i] as number) - vm - slope * ((t[i] as number) - tm)) ** 2;
  return { slope, sse, stt };
}

function fitLine(
  state: RapidState,
  k: number,
  trend: ChannelTrend,
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  n: number,
): void {
  const { slope, sse, stt } = straightLine(t, v, n);
  const scatter = Math.max(sse / Math.max(1, n - 2), (state.floor[k] as number) ** 2);
  trend.slope = slope;
  trend.se = Math.sqrt(scatter / stt);
  const span = (t[n - 1] as number) - (t[0] as number);
  const fall = -slope * span;
  setFalling(
    state,
    trend,
    slope < -state.options.minRatePaPerS &&
      fall > 3 * Math.max(state.step[k] as number, 1e-9) &&
      -slope > state.options.minSigmas * trend.se,
  );
}

function setFalling(state: RapidState, trend: ChannelTrend, falling: boolean): void {
  if (falling !== trend.falling) state.fallingChannels += falling ? 1 : -1;
  trend.falling = falling;
}

/**
 * The slope after the bend of the best broken line (flat, then straight) through the points, the
 * bend at a sample time leaving at least `minAfterS` after it. A hole that opened inside the
 * window, or a report-on-change channel whose first step down came late, leaves a flat start that
 * would bias a straight-line slope low; with no flat start the best bend is the first point and
 * this is the straight-line slope.
 */
export function hingeSlope(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  minAfterS: number,
  n: number = t.length,
): number {
  return hingeFit(t, v, minAfterS, n).slope;
}

/** hingeSlope's fit: the slope, its residual sum of squares, Σ(x − x̄)² of the bent abscissa, and the span after the bend [s]. */
export function hingeFit(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  minAfterS: number,
  n: number = t.length,
): { slope: number; sse: number; sxx: number; afterS: number } {
  const last = t[n - 1] as number;
  let best = Number.POSITIVE_INFINITY;
  let fit = { slope: Number.NaN, sse: Number.NaN, sxx: Number.NaN, afterS: Number.NaN };
  for (let j = 0; j < n - 2 && last - (t[j] as number) >= minAfterS; j++) {
    const t0 = t[j] as number;
    let xm = 0;
    let vm = 0;
    for (let i = 0; i < n; i++) {
      xm += Math.max(0, (t[i] as number) - t0);
      vm += v[i] as number;
    }
    xm /= n;
    vm /= n;
    let sxx = 0;
    let sxv = 0;
    for (let i = 0; i < n; i++) {
      const dx = Math.max(0, (t[i] as number) - t0) - xm;
      sxx += dx * dx;
      sxv += dx * ((v[i] as number) - vm);
    }
    const b = sxv / sxx;
    let sse = 0;
    for (let i = 0; i < n; i++)
      sse += ((v[i] as number) - vm - b * (Math.max(0, (t[i] as number) - t0) - xm)) ** 2;
    if (sse < best) {
      best = sse;
      fit = { slope: b, sse, sxx, afterS: last - t0 };
    }
  }
  return fit;
}

export interface GroupFall {
  /** Pooled rate of fall over the group's channels [Pa/s], positive. */
  ratePaPerS: number;
  /** Its standard error [Pa/s]. */
  rateSePaPerS: number;
  pressurePa: number;
  reserveS: number;
  /** 90 % interval of the reserve time [s] (the upper end infinite when the fall could be nil). */
  reserveS90: [number, number];
  t1mmS: number;
  channels: number;
  /**
   * What the air's warming (+) or cooling (−) added to the pressure's rate [Pa/s], taken out of the
   * gauges' fall to give `ratePaPerS`; 0 without thermometers.
   */
  thermalPaPerS: number;
}

/**
 * Standard errors of the thermometers' own rate a fall must exceed once the air's cooling is taken
 * out of it: a fall the temperature may explain is not a leak (rapid-thermal.ts).
 */
const THERMAL_Z = 3;

/**
 * Standard errors the air's own rate must reach to be taken out of a fall: below, what the
 * temperature may do is the 1 mmHg/h allowed for the cabin's gas and heat (ROUTINE_RATE_SE). On the
 * ISS, whose 0.1 K thermometers read every minute know a ten-minute slope to ~0.5 K/h each, taking
 * every reading out added its noise to 100 simulated 10 mm holes' first readings (median error 3.7
 * → 4.1 %; so gated, 3.8 %) for a thermal swing of a few tenths of a mmHg/h.
 */
const THERMAL_SEEN_Z = 2;

/** Normal quantile of the two-sided 90 % interval. */
const Z90 = normalQuantile(0.95);

/**
 * What the cabin's own gas and heat may do to its pressure within a minute, unseen in it, as a
 * standard error of the rate [Pa/s]: 1 mmHg/h. The ISS's N2 top-up (2 kg/h into ~1,100 kg of air)
 * moves it by 1.4 mmHg/h and starts below 742 mmHg, so a minute at the top of a fall does not hold
 * it; an orbit's 0.05 K thermal swing, by up to 0.3 mmHg/h. Without it the first readings of 100
 * simulated 10 mm holes, 3 % short of the time their cabins took (the top-up's share), were held
 * by their intervals 81 % of the time; with it, see the detection bench.
 */
const ROUTINE_RATE_SE = mmHgToPa(1) / 3600;

/**
 * The channels' rates pooled: the inverse-variance mean of those within three standard errors of
 * the median (a channel that disagrees — a failing sensor — does not pull it), which averages
 * the quantization error of channels whose steps fall at different pressures. Of two channels
 * neither is set aside (which one is off only a third can tell, as for the sensor-fault check):
 * the median of two was the higher, so a precise gauge was dropped whenever a coarse one read a
 * steeper last minute (a 5 m³ vessel's reference gauge at 5.2 mmHg/h, its capacitance manometer
 * at 15.1 ± 3.9 over its last three samples: the fall read 15.1 mmHg/h, a CRITICAL 21.8 h from the
 * limit when 51 h were left).
 *
 * Its standard error is that of this weighted mean with each rate's own variance (`variances`: the
 * bent line's scatter and quantization after the bend, where the weights use the straight line's),
 * times the Birge ratio √(χ²/(m − 1)) when the m rates scatter more than their errors allow: air
 * that reaches a module's gauge later than another's is a spread the errors alone do not hold.
 */
export function consensusRate(
  rates: readonly number[],
  ses: readonly number[],
  variances: readonly number[],
): { rate: number; se: number } {
  const med = [...rates].sort((a, b) => a - b)[rates.length >> 1] as number;
  let sw = 0;
  let swr = 0;
  const used: number[] = [];
  rates.forEach((r, i) => {
    const se = ses[i] as number;
    if (!(se > 0) || (rates.length > 2 && Math.abs(r - med) > 3 * se)) return;
    sw += 1 / se ** 2;
    swr += r / se ** 2;
    used.push(i);
  });
  if (!(sw > 0)) {
    const i = rates.indexOf(med);
    return { rate: med, se: Math.sqrt(variances[i] as number) };
  }
  const rate = swr / sw;
  let variance = 0;
  let chi2 = 0;
  for (const i of used) {
    const w = 1 / (ses[i] as number) ** 2 / sw;
    variance += w * w * (variances[i] as number);
    // (an ideal gauge on an exact ramp has no variance: it tells nothing of the others' scatter)
    if ((variances[i] as number) > 0) chi2 += ((rates[i] as number) - rate) ** 2 / (variances[i] as number);
  }
  const birge = used.length >= 2 ? Math.max(1, Math.sqrt(chi2 / (used.length - 1))) : 1;
  return { rate, se: Math.sqrt(variance) * birge };
}

/**
 * The rate of fall of a group of modules from its pressure channels (those updated within the
 * window), or null unless at least half of them see a significant fall. `thermal` tells, at the
 * group's pressure, how fast its air's temperature moves it (rapid-thermal.ts): taken out of the
 * fall, and the fall null unless what is left is still fast and beyond that rate's uncertainty.
 */
export function groupFall(
  state: RapidState,
  channels: readonly number[],
  now: number,
  evacuationPa: number,
  thermal: (pressurePa: number) => ThermalRate | null = () => null,
): GroupFall | null {
  // counted first: at nearly every sample of a quiet station no channel falls
  if (state.fallingChannels === 0) return null;
  let count = 0;
  let voters = 0;
  for (const k of channels) {
    const trend = state.channels.get(k);
    if (trend === undefined || !(now - trend.updated <= state.options.windowS) || Number.isNaN(trend.slope))
      continue;
    count++;
    if (trend.falling) voters++;
  }
  if (count === 0 || voters * 2 < count) return null;
  const live: [number, ChannelTrend][] = [];
  for (const k of channels) {
    const trend = state.channels.get(k);
    if (trend === undefined || !(now - trend.updated <= state.options.windowS) || Number.isNaN(trend.slope))
      continue;
    settle(state, k, trend);
    live.push([k, trend]);
  }
  // the group falls: every channel's rate after the bend (only now, so a quiet station pays nothing),
  // and its variance: the scatter about the bent line (at least the sensor's noise and
  // quantization), or a step over the span after the bend, whichever is larger
  const { windowS } = state.options;
  const rates: number[] = [];
  const variances: number[] = [];
  for (const [k, trend] of live) {
    const n = points(state, k, trend, now);
    const fit = hingeFit(pointsT, pointsV, windowS / 3, n);
    const step = state.step[k] as number;
    const floor = state.floor[k] as number;
    if (Number.isFinite(fit.slope)) {
      rates.push(-fit.slope);
      const scatter = Math.max(fit.sse / Math.max(1, n - 3), floor * floor);
      variances.push(Math.max(scatter / fit.sxx, (step / (fit.afterS * Math.sqrt(3))) ** 2));
    } else {
      rates.push(-trend.slope);
      variances.push(Math.max(trend.se, step / (windowS * Math.sqrt(3))) ** 2);
    }
  }
  // channels that read exactly alike (one kind of gauge, stepping together on the same ramp) are
  // one measurement, not a dozen votes; a quantized slope is uncertain by about a step over the span
  const seen = new Map<number, { se: number; variance: number }>();
  live.forEach(([k, trend], i) => {
    const r = rates[i] as number;
    const se = Math.max(trend.se, (state.step[k] as number) / (windowS * Math.sqrt(3)));
    const before = seen.get(r);
    seen.set(r, {
      se: Math.max(before?.se ?? 0, se),
      variance: Math.max(before?.variance ?? 0, variances[i] as number),
    });
  });
  const pooled = consensusRate(
    [...seen.keys()],
    [...seen.values()].map((x) => x.se),
    [...seen.values()].map((x) => x.variance),
  );
  const levels = live.map(([, trend]) => trend.level);
  levels.sort((a, b) => a - b);
  const pressure = levels[levels.length >> 1] as number;
  const told = thermal(pressure);
  const heat = told !== null && Math.abs(told.ratePaPerS) > THERMAL_SEEN_Z * told.sePaPerS ? told : null;
  const rate = pooled.rate + (heat?.ratePaPerS ?? 0);
  const rateSe = Math.hypot(pooled.se, ROUTINE_RATE_SE, heat?.sePaPerS ?? 0);
  if (heat !== null && !(rate > state.options.minRatePaPerS && rate > THERMAL_Z * heat.sePaPerS)) return null;
  const reserveS = reserveFromDecay(pressure, evacuationPa, rate / pressure);
  return {
    ratePaPerS: rate,
    rateSePaPerS: rateSe,
    pressurePa: pressure,
    reserveS,
    reserveS90: widened(
      reserveS,
      [
        reserveFromDecay(pressure, evacuationPa, (rate + Z90 * rateSe) / pressure),
        reserveFromDecay(pressure, evacuationPa, (rate - Z90 * rateSe) / pressure),
      ],
      (Z90 *
        levelSe(
          state,
          live.map(([k]) => k),
          rate,
        )) /
        rate,
    ),
    t1mmS: mmHgToPa(1) / rate,
    channels: rates.length,
    thermalPaPerS: heat?.ratePaPerS ?? 0,
  };
}

/**
 * How far the gauges' median reading may be from the pressure now [Pa], falling at `ratePaPerS`:
 * a reading is one step of quantization and up to a sampling period old, each uniform (the median
 * channel's), as a standard deviation.
 */
export function levelSe(state: RapidState, channels: readonly number[], ratePaPerS: number): number {
  const each = channels.map((k) =>
    Math.sqrt(((state.step[k] as number) ** 2 + (ratePaPerS * (state.periodS[k] as number)) ** 2) / 12),
  );
  each.sort((a, b) => a - b);
  return each.length > 0 ? (each[each.length >> 1] as number) : 0;
}
