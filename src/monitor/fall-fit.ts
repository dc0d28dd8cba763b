/**
 * A rapid fall since it began, fitted on the group's minute bins, and the reserve time it leaves.
 *
 * ## Why
 * The first alarm of a rapid depressurisation reads the rate from the last minute of raw pressure
 * samples (rapid-depress.ts): it must come within seconds, and a minute of 0.1 mmHg steps knows
 * the rate to a few per cent. As the fall goes on, a minute stays a minute, and a reading updated
 * whenever its reserve time moved by a tenth is one whose last minute happened to stray: over 200
 * simulated 10 mm holes the updated readings were off by −16 % to +19 %, their ±6 % intervals
 * holding the truth 63 % of the time. The whole fall since it began knows the rate far better.
 *
 * ## Method
 * Choked flow through a hole is proportional to the cabin pressure, ṁ = k·m, while the cabin's gas
 * control may add gas from a store at its own pace (the ISS's N2 top-up below 742 mmHg, 2 kg/h):
 * dp/dt = −k·p + a(t). The bins carry the pressure p and `total`, the pressure less every gas added
 * from stores, so d(total)/dt = −k·p exactly, whatever was added when: k is the least-squares slope
 * of total against ∫p dt over the bins since the fall began. Its variance s²/S is inflated by
 * (1 + ρ)/(1 − ρ), ρ the residuals' lag-one correlation (the cabin's thermal swing and the gauges'
 * steps leave slow residuals), and the interval takes Student's t at the effective bins less two.
 * Gas still being added at the rate a of the last bins holds the pressure towards a/k, so the time
 * to the evacuation pressure is T = ln((p − a/k)/(p_evac − a/k))/k (with nothing added, ln(p/p_evac)/k
 * as in DOMAIN.md §4; infinite while a/k ≥ p_evac). Where the pressure will be then also depends on
 * the cabin's own wander (its temperature) and on where the gauges read it now: `levelSePa` widens
 * the interval by levelSe/|ṗ| in quadrature. The caller keeps the fit only while the last minute's
 * rate agrees with it: a hole that grows or is taped, or a hatch that closes, is a new fall.
 *
 * A crack's viscous flow goes as p² (DOMAIN.md §3): dp/dt = −k·p² + a, fitted alike against ∫p² dt.
 * Both laws are fitted; the crack's is taken when the orifice's leaves CRACK_EVIDENCE times its
 * squared residuals (a fall of a few per cent cannot tell them, and the orifice's reserve is then
 * the shorter: at 760 mmHg, 0.44·p/|ṗ| against the crack's 0.55·p/|ṗ|). With gas added the crack's
 * time is ln((p − s)(p_evac + s)/((p + s)(p_evac − s)))/(2ks), s = √(a/k); with none,
 * (1/p_evac − 1/p)/k. (Read as an orifice, a crack emptying a 5 m³ vessel from 760 to 490 mmHg in
 * 6.6 h restarted its fit as the fall left the orifice's curve, and its reading 6.5 h in put the
 * limit at most 64.5 min away (90 %) when it was 68.6.)
 */
import { studentTQuantile } from '../core/index.js';

/** The flow law of a fall: ṁ ∝ p through an orifice (choked), ∝ p² through a crack (viscous). */
export type FallLaw = 'orifice' | 'crack';

/** How many times the orifice's squared residuals must exceed the crack's for the crack's law. */
export const CRACK_EVIDENCE = 4;

export interface FallFit {
  /** The flow law fitted, and its constant k (dp/dt = −k·p or −k·p² [1/s, 1/(Pa·s)]) with its standard error. */
  law: FallLaw;
  k: number;
  seK: number;
  /** Degrees of freedom of its interval, and the Student quantile its 90 % interval takes. */
  degreesOfFreedom: number;
  q90: number;
  /** Gas being added from stores at the end of the fit [Pa/s of the group's pressure], ≥ 0. */
  addedPaPerS: number;
  /** Standard deviation of the bins about the fitted fall [Pa]. */
  residualPa: number;
  /** Bins fitted, and the span they cover [epoch s, bin centres]. */
  bins: number;
  fromS: number;
  toS: number;
}

/** Fewest bins a fall is fitted on. */
export const MIN_FALL_BINS = 5;

/** Last bins the rate of gas added is taken over. */
const ADDED_BINS = 5;

/**
 * The fit over bins [from, to) with a finite pressure and total (pressure less gas added from
 * stores); null under MIN_FALL_BINS of them.
 */
export function fitFall(
  t: ArrayLike<number>,
  pressure: ArrayLike<number>,
  total: ArrayLike<number>,
  from: number,
  to: number,
): FallFit | null {
  const times: number[] = [];
  const integral: number[] = [];
  const squares: number[] = [];
  const totals: number[] = [];
  const added: number[] = [];
  let previousT = Number.NaN;
  let previousP = Number.NaN;
  let sum = 0;
  let sumSquares = 0;
  for (let i = Math.max(0, from); i < to; i++) {
    const p = pressure[i] as number;
    const y = total[i] as number;
    if (!Number.isFinite(p) || !Number.isFinite(y)) continue;
    const ti = t[i] as number;
    if (times.length > 0) {
      sum += ((p + previousP) / 2) * (ti - previousT);
      sumSquares += ((p * p + previousP * previousP) / 2) * (ti - previousT);
    }
    previousT = ti;
    previousP = p;
    times.push(ti);
    integral.push(sum);
    squares.push(sumSquares);
    totals.push(y);
    added.push(p - y);
  }
  const n = times.length;
  if (n < MIN_FALL_BINS) return null;
  const orifice = leastSquares(integral, totals);
  if (orifice === null) return null;
  const crack = leastSquares(squares, totals);
  const squared = (r: readonly number[]): number => r.reduce((a, x) => a + x * x, 0);
  const orificeSse = squared(orifice.residuals);
  const crackSse = crack === null ? Number.POSITIVE_INFINITY : squared(crack.residuals);
  const law: FallLaw = orificeSse > CRACK_EVIDENCE * crackSse ? 'crack' : 'orifice';
  const line = law === 'crack' && crack !== null ? crack : orifice;
  const x = law === 'crack' ? squares : integral;
  const sse = law === 'crack' ? crackSse : orificeSse;
  let lagged = 0;
  for (let i = 1; i < n; i++) lagged += (line.residuals[i] as number) * (line.residuals[i - 1] as number);
  const rho = sse > 0 ? Math.min(0.95, Math.max(0, lagged / sse)) : 0;
  const inflation = (1 + rho) / (1 - rho);
  const last = Math.max(0, n - ADDED_BINS);
  const addedLine = leastSquares(times.slice(last), added.slice(last));
  const residualPa = Math.sqrt(sse / (n - 2));
  const degreesOfFreedom = Math.max(1, n / inflation - 2);
  // a wander as large as the residuals at the fit's two ends tilts it: the slope's floor
  const span = (times[n - 1] as number) - (times[0] as number);
  // the mean of p (or p²) over the fit
  const meanFlow = x[n - 1] === 0 ? Number.NaN : (x[n - 1] as number) / span;
  const tilt = (Math.SQRT2 * residualPa) / (span * meanFlow);
  return {
    law,
    k: -line.slope,
    seK: Math.hypot(Math.sqrt(((sse / (n - 2)) * inflation) / line.sxx), Number.isFinite(tilt) ? tilt : 0),
    degreesOfFreedom,
    q90: studentTQuantile(0.95, degreesOfFreedom),
    addedPaPerS: Math.max(0, addedLine?.slope ?? 0),
    residualPa,
    bins: n,
    fromS: times[0] as number,
    toS: times[n - 1] as number,
  };
}

/** Ordinary least squares of y on x: slope, Σ(x − x̄)² and the residuals; null without spread in x. */
function leastSquares(
  x: readonly number[],
  y: readonly number[],
): { slope: number; sxx: number; residuals: number[] } | null {
  const n = x.length;
  if (n < 2) return null;
  const xm = x.reduce((a, b) => a + b, 0) / n;
  const ym = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - xm;
    sxx += dx * dx;
    sxy += dx * ((y[i] as number) - ym);
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  return { slope, sxx, residuals: x.map((v, i) => (y[i] as number) - ym - slope * (v - xm)) };
}

/**
 * The time [s] for pressure p to fall to p_evac through a hole of decay constant k [1/s] with gas
 * added at `addedPaPerS` (0 when the pressure is at or below it; infinite when k ≤ 0 or the gas
 * added holds the pressure above it).
 */
export function reserveFromDecay(
  pressurePa: number,
  evacuationPa: number,
  k: number,
  addedPaPerS = 0,
): number {
  if (!(pressurePa > evacuationPa)) return 0;
  if (!(k > 0)) return Number.POSITIVE_INFINITY;
  const held = addedPaPerS / k;
  return held < evacuationPa
    ? Math.log((pressurePa - held) / (evacuationPa - held)) / k
    : Number.POSITIVE_INFINITY;
}

/**
 * The time [s] for pressure p to fall to p_evac by `law` with constant k (dp/dt = −k·p or −k·p²)
 * with gas added at `addedPaPerS`: reserveFromDecay for an orifice, the crack's closed form above.
 */
export function reserveFromLaw(
  law: FallLaw,
  pressurePa: number,
  evacuationPa: number,
  k: number,
  addedPaPerS = 0,
): number {
  if (law === 'orifice') return reserveFromDecay(pressurePa, evacuationPa, k, addedPaPerS);
  if (!(pressurePa > evacuationPa)) return 0;
  if (!(k > 0)) return Number.POSITIVE_INFINITY;
  if (!(addedPaPerS > 0)) return (1 / evacuationPa - 1 / pressurePa) / k;
  const s = Math.sqrt(addedPaPerS / k);
  if (s >= evacuationPa) return Number.POSITIVE_INFINITY;
  return (
    Math.log(((pressurePa - s) * (evacuationPa + s)) / ((pressurePa + s) * (evacuationPa - s))) / (2 * k * s)
  );
}

/**
 * The fall at pressure p by the fit: the net rate [Pa/s] with its standard error, the reserve time
 * and its 90 % interval [s], the interval widened for an uncertainty `levelSePa` of where the
 * pressure is and will wander.
 */
export function fallAt(
  fit: FallFit,
  pressurePa: number,
  evacuationPa: number,
  levelSePa: number,
): { ratePaPerS: number; rateSePaPerS: number; reserveS: number; reserveS90: [number, number] } {
  const q = fit.q90;
  const reserve = (k: number): number =>
    reserveFromLaw(fit.law, pressurePa, evacuationPa, k, fit.addedPaPerS);
  // the pressure's power the law's flow goes as
  const flow = fit.law === 'crack' ? pressurePa * pressurePa : pressurePa;
  const ratePaPerS = fit.k * flow - fit.addedPaPerS;
  const reserveS = reserve(fit.k);
  return {
    ratePaPerS,
    rateSePaPerS: fit.seK * flow,
    reserveS,
    reserveS90: widened(
      reserveS,
      [reserve(fit.k + q * fit.seK), reserve(fit.k - q * fit.seK)],
      (q * levelSePa) / ratePaPerS,
    ),
  };
}

/** A reserve time's interval [low, high] widened by `by` [s] in quadrature on each side (low not below 0). */
export function widened(reserveS: number, [low, high]: [number, number], by: number): [number, number] {
  if (!(by > 0) || !Number.isFinite(reserveS)) return [low, high];
  return [
    Math.max(0, reserveS - Math.hypot(reserveS - low, by)),
    Number.isFinite(high) ? reserveS + Math.hypot(high - reserveS, by) : high,
  ];
}
