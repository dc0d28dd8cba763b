/**
 * The Monte Carlo fan of O2 and N2 reserves: per path, draw the uncertain inputs once (leak rate,
 * crew O2 use, flight slips and failures) and the generators' up/down history, then integrate
 * the stores exactly between events, recording when each store first falls below its floor.
 *
 * ## Method
 * Between consecutive events (grid points, generator failures and repairs, outage bounds, flight
 * arrivals, crew changes) every rate is constant, so each store is linear in time and the floor
 * crossing is solved exactly: t = t₀ + (S − F)/rate. O2 drawn from the stores is
 * max(0, crew·o2PerPerson + leak·w_O2 − Σ working generators' rate): generators run at their
 * nominal rate and cover the demand first (surplus O2 is not stored). N2 drawn is leak·w_N2
 * (N2 cannot be made on board, DOMAIN.md §5). A generator alternates exponential up times (mean
 * MTBF) and down times (mean MTTR), starting in its stationary state (up with probability
 * MTBF/(MTBF + MTTR)). Deterministic mode: one path with every input at its mean, each generator
 * producing availability × rate, each flight delivering (1 − p_fail) × its gas at its mean slip.
 * Stores never go below zero.
 */
import { type Rng, rngFor } from '../core/index.js';
import { type ForecastOptions, GASES, type Gas, type InventoryModel } from './model.js';
import { quantilesOf } from './quantiles.js';

const DAY_S = 86400;

export interface TimeQuantiles {
  p10: number;
  p50: number;
  p90: number;
}

export interface GasForecast {
  gas: Gas;
  initialKg: number;
  floorKg: number;
  /** Mean over paths of the average demand on the stores over the horizon [kg/s] (deliveries not netted). */
  netUseKgPerS: number;
  /** Time from the start until the floor is first breached [s]; +Infinity = not within the horizon. */
  timeToFloorS: TimeQuantiles;
  /** Time from the start until the store is empty [s]; +Infinity = not within the horizon. */
  timeToEmptyS: TimeQuantiles;
  /** Share of paths that breach the floor within the horizon. */
  breachProbability: number;
  /** Share of paths that breach the floor before the first delivery of this gas arrives (or within the horizon if none). */
  breachBeforeResupplyProbability: number;
  /** Planned arrival of the first flight carrying this gas [epoch s], or null. */
  nextResupplyS: number | null;
  /** The fan: store mass [kg] quantiles at each grid time. */
  fan: { p10: Float64Array; p50: Float64Array; p90: Float64Array };
}

export interface ForecastResult {
  startS: number;
  horizonS: number;
  paths: number;
  deterministic: boolean;
  /** Grid times [epoch s] of the fan. */
  t: Float64Array;
  o2: GasForecast;
  n2: GasForecast;
}

interface PathOutcome {
  breachS: Record<Gas, number>;
  emptyS: Record<Gas, number>;
  beforeResupply: Record<Gas, boolean>;
  drawnKg: Record<Gas, number>;
}

/** Runs the forecast; `model` is validated at the edge (finite, non-negative masses and rates). */
export function runForecast(model: InventoryModel, options: ForecastOptions): ForecastResult {
  const gridS = options.gridS ?? DAY_S;
  const steps = Math.max(1, Math.ceil(options.horizonS / gridS));
  const horizonS = steps * gridS;
  const paths = options.deterministic ? 1 : Math.max(1, Math.floor(options.paths));
  const t = new Float64Array(steps + 1);
  for (let k = 0; k <= steps; k++) t[k] = model.startS + k * gridS;
  const fan: Record<Gas, Float32Array> = {
    o2: new Float32Array(paths * (steps + 1)),
    n2: new Float32Array(paths * (steps + 1)),
  };
  const breach: Record<Gas, Float64Array> = { o2: new Float64Array(paths), n2: new Float64Array(paths) };
  const empty: Record<Gas, Float64Array> = { o2: new Float64Array(paths), n2: new Float64Array(paths) };
  const before = { o2: 0, n2: 0 };
  const drawn = { o2: 0, n2: 0 };
  const rng = rngFor(options.seed, 'forecast');
  for (let p = 0; p < paths; p++) {
    const outcome = runPath(model, options.deterministic, rng, gridS, steps, fan, p);
    for (const gas of GASES) {
      breach[gas][p] = outcome.breachS[gas];
      empty[gas][p] = outcome.emptyS[gas];
      if (outcome.beforeResupply[gas]) before[gas]++;
      drawn[gas] += outcome.drawnKg[gas];
    }
  }
  const summarise = (gas: Gas): GasForecast => {
    const [p10, p50, p90] = quantilesOf(breach[gas], [0.1, 0.5, 0.9]) as [number, number, number];
    const [e10, e50, e90] = quantilesOf(empty[gas], [0.1, 0.5, 0.9]) as [number, number, number];
    let breaches = 0;
    for (let p = 0; p < paths; p++) if (Number.isFinite(breach[gas][p] as number)) breaches++;
    const fanQ = fanQuantiles(fan[gas], paths, steps + 1);
    const carrying = model.flights.filter((f) => (gas === 'o2' ? f.o2Kg : f.n2Kg) > 0);
    return {
      gas,
      initialKg: model.initialKg[gas],
      floorKg: model.floorKg[gas],
      netUseKgPerS: drawn[gas] / paths / horizonS,
      timeToFloorS: { p10, p50, p90 },
      timeToEmptyS: { p10: e10, p50: e50, p90: e90 },
      breachProbability: breaches / paths,
      breachBeforeResupplyProbability: before[gas] / paths,
      nextResupplyS: carrying.length > 0 ? Math.min(...carrying.map((f) => f.arrivalS)) : null,
      fan: fanQ,
    };
  };
  return {
    startS: model.startS,
    horizonS,
    paths,
    deterministic: options.deterministic,
    t,
    o2: summarise('o2'),
    n2: summarise('n2'),
  };
}

/** Block of grid points transposed at a time (16 floats = one 64-byte cache line per path). */
const BLOCK = 16;

/** p10/p50/p90 across paths at each grid point of a path-major fan (path p, point k at p·points + k). */
function fanQuantiles(
  fan: Float32Array,
  paths: number,
  points: number,
): { p10: Float64Array; p50: Float64Array; p90: Float64Array } {
  const out = { p10: new Float64Array(points), p50: new Float64Array(points), p90: new Float64Array(points) };
  const columns = Array.from({ length: BLOCK }, () => new Float64Array(paths));
  const scratch = new Float64Array(paths);
  for (let k0 = 0; k0 < points; k0 += BLOCK) {
    const width = Math.min(BLOCK, points - k0);
    for (let p = 0; p < paths; p++) {
      const row = p * points + k0;
      for (let j = 0; j < width; j++) (columns[j] as Float64Array)[p] = fan[row + j] as number;
    }
    for (let j = 0; j < width; j++) {
      const [a, b, c] = quantilesOf(columns[j] as Float64Array, [0.1, 0.5, 0.9], scratch) as [
        number,
        number,
        number,
      ];
      out.p10[k0 + j] = a;
      out.p50[k0 + j] = b;
      out.p90[k0 + j] = c;
    }
  }
  return out;
}

interface Arrival {
  atS: number;
  o2Kg: number;
  n2Kg: number;
}

function runPath(
  model: InventoryModel,
  deterministic: boolean,
  rng: Rng,
  gridS: number,
  steps: number,
  fan: Record<Gas, Float32Array>,
  path: number,
): PathOutcome {
  const start = model.startS;
  const end = start + steps * gridS;
  const draw = (mean: number, sd: number): number =>
    deterministic || sd === 0 ? mean : mean + sd * rng.normal();
  const total = Math.max(0, draw(model.leakKgPerS.mean, model.leakKgPerS.sd));
  const background = Math.min(total, model.backgroundLeakKgPerS);
  const leak = background + model.excessLeakFactor * (total - background);
  const leakO2 = leak * model.leakFraction.o2;
  const leakN2 = leak * model.leakFraction.n2;
  const perPerson = Math.max(0, draw(model.o2PerPersonKgPerS.mean, model.o2PerPersonKgPerS.sd));

  // generators: state, next transition, and deterministic mean output
  const gens = model.generators;
  const outFrom = Float64Array.from(gens, (g) => g.outage?.fromS ?? Number.POSITIVE_INFINITY);
  const outTo = Float64Array.from(gens, (g) => g.outage?.toS ?? Number.NEGATIVE_INFINITY);
  const up = new Uint8Array(gens.length);
  const next = new Float64Array(gens.length);
  const level = new Float64Array(gens.length);
  gens.forEach((g, i) => {
    const random = g.mtbfS !== undefined && g.mttrS !== undefined;
    const availability = random ? (g.mtbfS as number) / ((g.mtbfS as number) + (g.mttrS as number)) : 1;
    if (deterministic || !random) {
      up[i] = 1;
      level[i] = availability * g.rateKgPerS;
      next[i] = Number.POSITIVE_INFINITY;
    } else {
      up[i] = rng.uniform() < availability ? 1 : 0;
      level[i] = g.rateKgPerS;
      next[i] = start + rng.exponential(up[i] ? (g.mtbfS as number) : (g.mttrS as number));
    }
  });

  // flights: arrival with slip, delivered or lost
  const arrivals: Arrival[] = model.flights.map((f) => {
    const atS = Math.max(start, f.arrivalS + draw(f.slipS.mean, f.slipS.sd));
    const share = deterministic ? 1 - f.failureProbability : rng.uniform() < f.failureProbability ? 0 : 1;
    return { atS, o2Kg: share * f.o2Kg, n2Kg: share * f.n2Kg };
  });
  arrivals.sort((a, b) => a.atS - b.atS);
  const firstDelivery = {
    o2: arrivals.find((a) => a.o2Kg > 0)?.atS ?? Number.POSITIVE_INFINITY,
    n2: arrivals.find((a) => a.n2Kg > 0)?.atS ?? Number.POSITIVE_INFINITY,
  };

  const crewFrom = Float64Array.from(model.crew, (c) => c.fromS);
  const crewCount = Float64Array.from(model.crew, (c) => c.count);
  const crewPeriods = crewFrom.length;
  let crewIndex = 0;
  while (crewIndex + 1 < crewPeriods && (crewFrom[crewIndex + 1] as number) <= start) crewIndex++;
  let arrivalIndex = 0;

  let o2 = model.initialKg.o2;
  let n2 = model.initialKg.n2;
  const floorO2 = model.floorKg.o2;
  const floorN2 = model.floorKg.n2;
  let breachO2 = o2 < floorO2 ? start : Number.POSITIVE_INFINITY;
  let breachN2 = n2 < floorN2 ? start : Number.POSITIVE_INFINITY;
  let emptyO2 = o2 <= 0 ? start : Number.POSITIVE_INFINITY;
  let emptyN2 = n2 <= 0 ? start : Number.POSITIVE_INFINITY;
  let drawnO2 = 0;
  let drawnN2 = 0;
  const fanO2 = fan.o2;
  const fanN2 = fan.n2;
  const row = path * (steps + 1);
  fanO2[row] = o2;
  fanN2[row] = n2;
  let t = start;
  let k = 1;
  let nextGrid = start + gridS;
  while (t < end) {
    // the next event
    let tn = nextGrid;
    for (let i = 0; i < gens.length; i++) if ((next[i] as number) < tn) tn = next[i] as number;
    const arrival = arrivals[arrivalIndex];
    if (arrival !== undefined && arrival.atS < tn) tn = arrival.atS;
    if (crewIndex + 1 < crewPeriods) {
      const nextCrew = crewFrom[crewIndex + 1] as number;
      if (nextCrew > t && nextCrew < tn) tn = nextCrew;
    }
    let production = 0;
    for (let i = 0; i < gens.length; i++) {
      const from = outFrom[i] as number;
      const to = outTo[i] as number;
      if (from > t && from < tn) tn = from;
      if (to > t && to < tn) tn = to;
      if (t >= from && t < to) continue;
      if (up[i]) production += level[i] as number;
    }
    const count = crewPeriods > 0 ? (crewCount[crewIndex] as number) : 0;
    const rateO2 = Math.max(0, count * perPerson + leakO2 - production);
    const dt = tn - t;
    // O2
    const o2End = o2 - rateO2 * dt;
    if (o2End < floorO2 && breachO2 === Number.POSITIVE_INFINITY)
      breachO2 = o2 < floorO2 ? t : t + (o2 - floorO2) / rateO2;
    if (o2End < 0 && emptyO2 === Number.POSITIVE_INFINITY) emptyO2 = t + o2 / rateO2;
    drawnO2 += rateO2 * dt;
    o2 = Math.max(0, o2End);
    // N2
    const n2End = n2 - leakN2 * dt;
    if (n2End < floorN2 && breachN2 === Number.POSITIVE_INFINITY)
      breachN2 = n2 < floorN2 ? t : t + (n2 - floorN2) / leakN2;
    if (n2End < 0 && emptyN2 === Number.POSITIVE_INFINITY) emptyN2 = t + n2 / leakN2;
    drawnN2 += leakN2 * dt;
    n2 = Math.max(0, n2End);
    t = tn;
    // events at tn
    for (let i = 0; i < gens.length; i++) {
      if ((next[i] as number) <= t) {
        const g = gens[i] as (typeof gens)[number];
        up[i] = up[i] ? 0 : 1;
        next[i] = t + rng.exponential(up[i] ? (g.mtbfS as number) : (g.mttrS as number));
      }
    }
    while (arrivalIndex < arrivals.length && (arrivals[arrivalIndex] as Arrival).atS <= t) {
      const a = arrivals[arrivalIndex] as Arrival;
      o2 += a.o2Kg;
      n2 += a.n2Kg;
      arrivalIndex++;
    }
    while (crewIndex + 1 < crewPeriods && (crewFrom[crewIndex + 1] as number) <= t) crewIndex++;
    if (t >= nextGrid) {
      fanO2[row + k] = o2;
      fanN2[row + k] = n2;
      k++;
      nextGrid = start + k * gridS;
    }
  }
  return {
    breachS: {
      o2: breachO2 === Number.POSITIVE_INFINITY ? breachO2 : breachO2 - start,
      n2: breachN2 === Number.POSITIVE_INFINITY ? breachN2 : breachN2 - start,
    },
    emptyS: {
      o2: emptyO2 === Number.POSITIVE_INFINITY ? emptyO2 : emptyO2 - start,
      n2: emptyN2 === Number.POSITIVE_INFINITY ? emptyN2 : emptyN2 - start,
    },
    beforeResupply: { o2: breachO2 < firstDelivery.o2, n2: breachN2 < firstDelivery.n2 },
    drawnKg: { o2: drawnO2, n2: drawnN2 },
  };
}
