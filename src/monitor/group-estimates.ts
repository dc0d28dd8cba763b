/**
 * A group's leak-rate estimates: over the trailing day, over its configuration's own bins and
 * over a whole long period, with the temperature coupling fitted, weighed or borrowed.
 */
import { unitScale } from '../core/index.js';
import {
  estimateLeakRate,
  fitFlowLaw,
  type InventorySeries,
  type LeakEstimate,
  type NoiseFloorSpec,
  type NoiseModel,
} from '../estimate/index.js';
import type { GroupModel } from './group-model.js';
import { type GroupSeries, periodView } from './group-series.js';
import type { GroupTrack, MonitorOptions, MonitorState } from './monitor-state.js';

/** The finest resolution of a group's pressure sensors [Pa] (one step the data can show). */
export function pressureStepPa(state: MonitorState, model: GroupModel): number {
  let step = Number.POSITIVE_INFINITY;
  for (const k of model.pressure) {
    const s = state.station.sensors[k];
    if (s !== undefined && s.resolution > 0) step = Math.min(step, s.resolution * unitScale(s.unit));
  }
  return Number.isFinite(step) ? step : 0;
}

/** First bin of the group's series after its air has settled. */
export function settledIndex(group: GroupTrack): number {
  const t = group.series.t;
  let i = 0;
  while (i < t.length && (t[i] as number) < group.settleUntilS) i++;
  return i;
}

/**
 * The slow disturbances no single window reveals [inventory Pa, correlation time s]: the
 * configured floor, and the quantization of the inventory's sensors — a slowly moving reading's
 * rounding error is itself a wander of up to half a step (σ = step/√12) over about a day.
 */
function floorsOf(state: MonitorState, group: GroupTrack): NoiseFloorSpec[] {
  return floorsFor(state, group.series.model.inventoryStepPa);
}

function floorsFor(state: MonitorState, step: number): NoiseFloorSpec[] {
  return noiseFloorsFor(state.options, step);
}

/** The floors every estimate of an inventory read in steps of `stepPa` carries (for power analyses too). */
export function noiseFloorsFor(options: MonitorOptions, step: number): NoiseFloorSpec[] {
  return [
    options.noiseFloor,
    ...(step > 0 ? [{ sigmaPa: step / Math.sqrt(12), tauS: QUANTIZATION_TAU_S }] : []),
  ];
}

/** Correlation time of a quantized reading's rounding error [s]. */
const QUANTIZATION_TAU_S = 3 * 3600;

/** The group's own inventory (ppN2 or pressure, less gas from stores) as the estimators read it. */
export function inventoryOf(series: GroupSeries, binS: number): InventorySeries {
  return {
    t: series.t,
    inventory: series.inventory,
    fraction: series.fraction,
    temperature: series.temperature,
    kgPerPa: series.model.kgPerPa,
    binS,
  };
}

/** A nitrogen group's total pressure less gas from stores, as the estimators read it. */
export function totalInventory(series: GroupSeries, binS: number): InventorySeries {
  if (ones.length < series.t.length) ones = new Float64Array(2 * series.t.length).fill(1);
  return {
    t: series.t,
    inventory: series.total,
    fraction: ones,
    temperature: series.temperature,
    kgPerPa: series.model.kgPerPa,
    binS,
  };
}

/** Total pressure's share of the pressure, per bin (read only, longer than any series). */
let ones = new Float64Array(0);

/** Noise model and coupling of a nitrogen group's total pressure over the trailing window. */
export function fitTotal(state: MonitorState, group: GroupTrack, n: number): GroupTrack['total'] {
  const { options } = state;
  const from = Math.max(settledIndex(group), n - Math.round(options.windowS / options.binS));
  const e = estimateLeakRate(totalInventory(group.series, options.binS), from, n, {
    floors: floorsFor(state, pressureStepPa(state, group.series.model)),
    couplingPrior: idealCoupling(group.series, group.series.total),
  });
  return e === null ? null : { noise: e.noise, ...couplingOf(e, group.series, group.series.total) };
}

/** A fit at least this long determines a group's temperature coupling [s]. */
export const LONG_FIT_S = 12 * 3600;

/** Relative uncertainty of a coupling carried from one group of modules into another. */
const PRIOR_COUPLING_SHARE = 0.3;

/**
 * The rate over a configuration period longer than the trailing window the series keeps: the same
 * estimate over the period's own bins (its last PERIOD_MAX_S). The floors stand for slow
 * disturbance a day's residuals cannot show; a longer window's residuals show more of it, so past
 * the trailing window their variance is scaled by (window / span)^FLOOR_DECAY.
 */
export function periodEstimate(state: MonitorState, group: GroupTrack): LeakEstimate | null {
  const bins = group.period.t.length;
  const from = Math.max(0, bins - periodBins(state));
  const spanS = (bins - from) * state.options.binS;
  const scale = Math.min(1, state.options.windowS / spanS) ** (FLOOR_DECAY / 2);
  const floors = floorsOf(state, group).map((f) => ({ sigmaPa: f.sigmaPa * scale, tauS: f.tauS }));
  const view = { ...group, series: periodView(group.series, group.period) };
  return ownSpanEstimate(state, view, from, bins, floors);
}

/** Bins of the longest stretch of a period its rate is estimated over. */
export function periodBins(state: MonitorState): number {
  return Math.ceil(PERIOD_MAX_S / state.options.binS);
}

/** The longest stretch of a configuration period its rate is estimated over [s]. */
const PERIOD_MAX_S = 30 * 86400;

/**
 * How fast the floors fade past the trailing window: their variance as (window / span)². Simulated
 * ISS periods of 36–120 h with a steady leak then cover the truth 90–94 % of the time (the
 * estimation bench and a 60–100-seed study at 36, 72 and 120 h); kept at full size they cover 98 %
 * at 72 h (a third too wide), dropped 93 %.
 */
const FLOOR_DECAY = 2;

/**
 * The leak rate over bins [from, to), with the group's noise model and coupling when short.
 * `afterFall`: the span follows a rapid fall that stopped or slowed, so the group's noise model and coupling,
 * fitted over windows that hold the fall, are not its own: it is taken as a freshly isolated
 * group's (a vessel tight again after a 1 mm hole was plugged read 0.06 kg/day ± 2.0 at the
 * 44,000 Pa/K its flat thermometer had been fitted to during the fall).
 */
export function ownSpanEstimate(
  state: MonitorState,
  group: GroupTrack,
  from: number,
  to: number,
  floors: NoiseFloorSpec[] = floorsOf(state, group),
  afterFall = false,
): LeakEstimate | null {
  const { series } = group;
  // a group whose series began with this configuration (no history carried in)
  const fresh = from === 0 || afterFall;
  from = Math.max(from, settledIndex(group));
  if (to - from < MIN_BINS) return null;
  const inventory = inventoryOf(series, state.options.binS);
  const start = shallowWindowStart(series.pressure, from, to);
  const decay = deepDecay(series, start, to);
  if (decay !== undefined) return estimateLeakRate(inventory, start, to, { decay, floors });
  // a few hours of a freshly isolated group cannot fit its temperature coupling: its bulk swings
  // there are about its thermometers' steps, so a fitted coupling shrinks towards zero and leaves
  // the slow drift in the trend. Take the coupling of the modules' earlier long fit instead,
  // scaled to this inventory, or, without one, a sealed volume's ideal-gas coupling (inventory / T),
  // with its uncertainty carried into the rate. (A group that carried its history in fits its own.)
  const spanS = (to - from) * state.options.binS;
  const level = lastFinite(series.inventory);
  if (fresh && spanS < LONG_FIT_S && Number.isFinite(level)) {
    const coupling = Number.isFinite(group.priorRelCoupling)
      ? group.priorRelCoupling * level
      : sealedCoupling(series, series.inventory);
    return estimateLeakRate(inventory, from, to, {
      coupling,
      couplingSe: PRIOR_COUPLING_SHARE * Math.abs(coupling),
      floors,
    });
  }
  const couplingPrior = idealCoupling(series, series.inventory);
  if (spanS >= state.options.minHistoryS)
    return estimateLeakRate(inventory, from, to, { floors, couplingPrior });
  if (group.noise !== null && Number.isFinite(group.coupling))
    return estimateLeakRate(inventory, from, to, { coupling: group.coupling, noise: group.noise });
  return estimateLeakRate(inventory, from, to, { floors, couplingPrior });
}

/**
 * A sealed volume's ideal-gas coupling of an inventory to its bulk temperature (inventory / T)
 * [Pa/K]: the coupling used where none can be fitted, as in a freshly isolated group, or when the
 * group's temperature did not move over the fit (it has no thermometer, or its readings stayed on
 * one step: the fit drops the regressor). Over a window whose temperature is flat every coupling
 * compensates alike, so this one only keeps the scans running until a coupling can be fitted.
 */
function sealedCoupling(series: GroupSeries, inventory: number[]): number {
  return lastFinite(inventory) / bulkTemperatureK(series);
}

/**
 * What a fitted coupling is weighed against: a sealed volume's ideal-gas coupling (the thermometers
 * read back to bulk air by their declared gains), to the group's `couplingShare`. On the real ISS
 * day the N2 inventory's day-long fit is 187 ± 22 Pa/K against the gas law's 254 ± 76, so the data
 * decide there; in a ground vessel's 12 h hold, whose temperature drifts with the time of day, the
 * fit alone read a leak that began mid-hold as a coupling of −0.2 mmHg/K (ideal: 2.6).
 */
function idealCoupling(series: GroupSeries, inventory: number[]): { paPerK: number; sePaPerK: number } {
  const paPerK = sealedCoupling(series, inventory);
  return { paPerK, sePaPerK: series.model.couplingShare * Math.abs(paPerK) };
}

/**
 * The coupling an estimate fitted, with its standard error; where it could fit none (NaN), a
 * sealed volume's, with the uncertainty of a borrowed coupling.
 */
export function couplingOf(
  e: LeakEstimate,
  series: GroupSeries,
  inventory: number[],
): { coupling: number; couplingSe: number; fitted: boolean } {
  if (!Number.isFinite(e.couplingPaPerK)) {
    const coupling = sealedCoupling(series, inventory);
    return { coupling, couplingSe: PRIOR_COUPLING_SHARE * Math.abs(coupling), fitted: false };
  }
  const se = e.couplingSePaPerK;
  return { coupling: e.couplingPaPerK, couplingSe: Number.isFinite(se) ? se : 0, fitted: true };
}

/** Mean first reading of the group's temperature sensors [K] (a nominal cabin's when none reported). */
function bulkTemperatureK(series: GroupSeries): number {
  let sum = 0;
  let n = 0;
  for (const t of series.model.temperature) {
    const first = series.reference.get(t.channel);
    if (first === undefined || !Number.isFinite(first)) continue;
    sum += first;
    n++;
  }
  return n > 0 ? sum / n : NOMINAL_CABIN_K;
}

/** A cabin's air temperature when a group has no thermometer [K]. */
const NOMINAL_CABIN_K = 295.15;

/** Volume-weighted mean declared gain of the temperature sensors that reported (1 if none). */
export function measuredThermalGain(series: GroupSeries): number {
  let w = 0;
  let wg = 0;
  for (const t of series.model.temperature) {
    if (!series.reference.has(t.channel)) continue;
    w += t.weight;
    wg += t.weight * t.gain;
  }
  return w > 0 ? wg / w : 1;
}

export function lastFinite(values: number[]): number {
  for (let i = values.length - 1; i >= 0; i--)
    if (Number.isFinite(values[i] as number)) return values[i] as number;
  return Number.NaN;
}

/** Largest relative pressure fall a straight-line rate is fitted over; deeper decays use their end. */
const MAX_FALL = 0.05;

/** Fewest bins of a shortened window. */
export const MIN_BINS = 20;

/**
 * Start of the window ending at `to` over which the pressure falls by at most MAX_FALL (a deep
 * decay is not a straight line; its rate at the end is what matters), never fewer than MIN_BINS.
 */
function shallowWindowStart(pressure: number[], from: number, to: number): number {
  let end = Number.NaN;
  for (let i = to - 1; i >= from && Number.isNaN(end); i--)
    if (Number.isFinite(pressure[i] as number)) end = pressure[i] as number;
  if (Number.isNaN(end)) return from;
  let start = to;
  for (let i = to - 1; i >= from; i--) {
    const p = pressure[i] as number;
    if (Number.isFinite(p) && p > end * (1 + MAX_FALL)) break;
    start = i;
  }
  return Math.min(start, Math.max(from, to - MIN_BINS));
}

/** A window whose pressure falls more than this is fitted as a decay, not a straight line. */
const DEEP_FALL = 0.02;

/** The flow law to fit a window by, when the pressure falls deeply across it. */
function deepDecay(series: GroupSeries, from: number, to: number): 'orifice' | 'crack' | undefined {
  // first and last finite pressure (checked at every check: no copies)
  let first = Number.NaN;
  let last = Number.NaN;
  let count = 0;
  for (let i = from; i < to; i++) {
    const v = series.pressure[i] as number;
    if (!Number.isFinite(v)) continue;
    if (count++ === 0) first = v;
    last = v;
  }
  if (count < 2 || !(first - last > DEEP_FALL * first)) return undefined;
  return fitFlowLaw(series.t.slice(from, to), series.pressure.slice(from, to)).law ?? 'orifice';
}

/** The group's rate over the trailing window (the whole segment when shorter). */
export function estimate24(
  state: MonitorState,
  group: GroupTrack,
  n: number,
  noise?: NoiseModel,
): LeakEstimate | null {
  const { series } = group;
  const windowFrom = Math.max(
    settledIndex(group),
    n - Math.round(state.options.windowS / state.options.binS),
  );
  // a rapid fall over inside the window (its alarm back to normal): the rate since, as the analysis
  // reports it (a straight line through a plugged hole's fall and the quiet after read a 5 m³ vessel
  // tight again as losing 2.2 kg/day for the rest of the day)
  const fellUntil = state.alarms[group.rapidAlarm]?.evidence?.until;
  if (fellUntil !== undefined) {
    let cut = n;
    while (cut > windowFrom && (series.t[cut - 1] as number) - state.options.binS / 2 >= fellUntil) cut--;
    if (cut > windowFrom) return ownSpanEstimate(state, group, cut, n, floorsOf(state, group), true);
  }
  const from = shallowWindowStart(series.pressure, windowFrom, n);
  const span = (n - from) * state.options.binS;
  const inventory = inventoryOf(series, state.options.binS);
  const decay = deepDecay(series, from, n);
  if (decay !== undefined)
    return n - from >= MIN_BINS
      ? estimateLeakRate(inventory, from, n, { decay, floors: floorsOf(state, group) })
      : null;
  const couplingPrior = idealCoupling(series, series.inventory);
  if (span >= state.options.minHistoryS)
    return estimateLeakRate(
      inventory,
      from,
      n,
      noise !== undefined ? { noise, couplingPrior } : { floors: floorsOf(state, group), couplingPrior },
    );
  if (group.noise !== null && Number.isFinite(group.coupling))
    return estimateLeakRate(inventory, from, n, { coupling: group.coupling, noise: group.noise });
  // no history and no prior: fit what there is (a short window gives few degrees of freedom)
  return n - from >= MIN_BINS
    ? estimateLeakRate(inventory, from, n, { floors: floorsOf(state, group), couplingPrior })
    : null;
}
