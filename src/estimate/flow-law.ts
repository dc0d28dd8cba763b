/**
 * Which flow law a decay follows, and the hole it corresponds to.
 *
 * ## Method
 * A choked orifice empties a volume exponentially (ln p linear in time); a viscous crack follows
 * dp/dt = −k·p² (1/p linear in time; DOMAIN.md §1). Both lines are fitted to the same pressures;
 * the law whose fit leaves less than `margin` of the other's squared error wins, provided the
 * pressure fell far enough for the two curves to part by more than the scatter: at mid-decay the
 * orifice curve (geometric mean) and the crack curve (harmonic mean) differ by
 * ≈ p̄·(Δp/p̄)²/8, which must exceed 3 residual standard deviations.
 * Equivalent diameter: the orifice that loses ṁ at pressure p and temperature T,
 * d = sqrt(4A/π) with A = ṁ/(C_d·p·Γ·sqrt(M/(R·T))).
 */
import { CHOKED_FACTOR, GAS_CONSTANT } from '../core/index.js';

export type FlowLaw = 'orifice' | 'crack';

export interface FlowLawFit {
  law: FlowLaw | null;
  /** Why no law was chosen, when none was. */
  reason?: string;
  /** Fractional pressure fall over the fit. */
  fall: number;
  orificeRss: number;
  crackRss: number;
}

export function fitFlowLaw(t: ArrayLike<number>, p: ArrayLike<number>, margin = 0.7): FlowLawFit {
  const rows: number[] = [];
  for (let i = 0; i < t.length; i++)
    if (Number.isFinite(p[i] as number) && (p[i] as number) > 0) rows.push(i);
  if (rows.length < 5)
    return { law: null, reason: 'too few points', fall: 0, orificeRss: Number.NaN, crackRss: Number.NaN };
  const first = p[rows[0] as number] as number;
  const last = p[rows.at(-1) as number] as number;
  const fall = (first - last) / first;
  const orifice = lineRss(
    rows,
    t,
    p,
    (v) => Math.log(v),
    (v) => Math.exp(v),
  );
  const crack = lineRss(
    rows,
    t,
    p,
    (v) => 1 / v,
    (v) => 1 / v,
  );
  const mean = 0.5 * (first + last);
  const separation = (mean * fall * fall) / 8;
  const scatter = Math.sqrt(Math.min(orifice, crack) / Math.max(1, rows.length - 2));
  const base = { fall, orificeRss: orifice, crackRss: crack };
  if (!(fall > 0) || separation < 3 * scatter)
    return {
      ...base,
      law: null,
      reason: `the pressure fell ${(fall * 100).toFixed(1)} %, too little to tell the laws apart`,
    };
  if (orifice < margin * crack) return { ...base, law: 'orifice' };
  if (crack < margin * orifice) return { ...base, law: 'crack' };
  return { ...base, law: null, reason: 'both laws fit equally well' };
}

/** Squared error, in pressure units, of a straight line fitted to g(p) against t. */
function lineRss(
  rows: number[],
  t: ArrayLike<number>,
  p: ArrayLike<number>,
  g: (v: number) => number,
  inverse: (v: number) => number,
): number {
  let tm = 0;
  let gm = 0;
  for (const i of rows) {
    tm += t[i] as number;
    gm += g(p[i] as number);
  }
  tm /= rows.length;
  gm /= rows.length;
  let stt = 0;
  let stg = 0;
  for (const i of rows) {
    const dt = (t[i] as number) - tm;
    stt += dt * dt;
    stg += dt * (g(p[i] as number) - gm);
  }
  const slope = stt > 0 ? stg / stt : 0;
  let rss = 0;
  for (const i of rows) {
    const fitted = inverse(gm + slope * ((t[i] as number) - tm));
    rss += ((p[i] as number) - fitted) ** 2;
  }
  return rss;
}

/** Diameter [m] of the orifice (discharge coefficient cd) that loses `rateKgPerS` at p and T. */
export function equivalentDiameterM(
  rateKgPerS: number,
  pressurePa: number,
  temperatureK: number,
  molarMass: number,
  cd: number,
): number {
  if (!(rateKgPerS > 0) || !(pressurePa > 0)) return 0;
  const area =
    rateKgPerS / (cd * pressurePa * CHOKED_FACTOR * Math.sqrt(molarMass / (GAS_CONSTANT * temperatureK)));
  return Math.sqrt((4 * area) / Math.PI);
}
