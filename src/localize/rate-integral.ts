/**
 * Expectations of a normal likelihood over a leak rate's prior, in logs: the integrals that turn
 * "the isolated group measured x ± s" into evidence for a hypothesis about where the leak is.
 *
 * ## Method
 * The rate prior is log-uniform on [min, max] (a leak of 0.1 kg/day as likely a priori as one of
 * 1 or 10): density 1/(R·ln(max/min)). With u = ln R, E[N(R; μ, σ²)] = (1/ln(max/min))·∫ N(e^u; μ, σ²) du,
 * integrated by the trapezoid rule on the union of an even grid over the whole range and a fine
 * grid of ±10σ around μ (so a likelihood far narrower than the range is resolved), in logs so that
 * a rate measured far from any allowed value gives a finite, very negative number rather than 0.
 * The two-leak integral nests this: the inner rate is a product of two normals (one normal times
 * a constant) and is integrated in closed form over the grid, the outer one on the same kind of
 * grid.
 */

export interface RateRange {
  /** Smallest and largest leak rate a priori [kg/day]. */
  min: number;
  max: number;
}

export const DEFAULT_RATE_RANGE: RateRange = { min: 0.01, max: 100 };

/** A normal likelihood in the rate: N(R; mean, sd²); `null` stands for "no information" (1). */
export interface RateLikelihood {
  mean: number;
  sd: number;
}

const BASE_POINTS = 241;
const FINE_POINTS = 201;
const FINE_SDS = 10;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export function logNormalDensity(x: number, mean: number, sd: number): number {
  const z = (x - mean) / sd;
  return -0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
}

/** Grid in u = ln R: even over the range, plus fine around each centre (mean, sd). */
function grid(range: RateRange, centres: readonly RateLikelihood[]): Float64Array {
  const lo = Math.log(range.min);
  const hi = Math.log(range.max);
  let points: Float64Array = Float64Array.from(
    { length: BASE_POINTS },
    (_, i) => lo + ((hi - lo) * i) / (BASE_POINTS - 1),
  );
  for (const { mean, sd } of centres) {
    const a = Math.max(range.min, mean - FINE_SDS * sd);
    const b = Math.min(range.max, mean + FINE_SDS * sd);
    if (!(b > a)) continue;
    const fine = Float64Array.from({ length: FINE_POINTS }, (_, i) =>
      Math.log(a + ((b - a) * i) / (FINE_POINTS - 1)),
    );
    points = mergeSorted(points, fine);
  }
  return points;
}

function mergeSorted(x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(x.length + y.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k++)
    out[k] =
      j >= y.length || (i < x.length && (x[i] as number) <= (y[j] as number))
        ? (x[i++] as number)
        : (y[j++] as number);
  return out;
}

/** log ∫ exp(f(u)) du by the trapezoid rule on the grid, f given in logs. */
function logTrapezoid(u: Float64Array, logF: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of logF) max = Math.max(max, v);
  if (!Number.isFinite(max)) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  let previous = Math.exp((logF[0] as number) - max);
  for (let i = 1; i < u.length; i++) {
    const current = Math.exp((logF[i] as number) - max);
    sum += 0.5 * ((u[i] as number) - (u[i - 1] as number)) * (current + previous);
    previous = current;
  }
  return max + Math.log(sum);
}

/**
 * log E_prior[N(R; mean, sd²)] for a log-uniform rate prior. The same trapezoid sum as on
 * `grid(range, [likelihood])`, streamed over the two merged point sets without building them
 * (this sits in the innermost loop of the two-leak integral), scaled by the density's peak;
 * when every point underflows it falls back to the sum in logs.
 */
export function logExpectNormal(range: RateRange, likelihood: RateLikelihood): number {
  const { mean, sd } = likelihood;
  const lo = Math.log(range.min);
  const step = (Math.log(range.max) - lo) / (BASE_POINTS - 1);
  const a = Math.max(range.min, mean - FINE_SDS * sd);
  const b = Math.min(range.max, mean + FINE_SDS * sd);
  const fine = b > a ? FINE_POINTS : 0;
  const fineStep = (b - a) / (FINE_POINTS - 1);
  let i = 0;
  let j = 0;
  let sum = 0;
  let previousU = Number.NaN;
  let previousF = 0;
  while (i < BASE_POINTS || j < fine) {
    const baseU = i < BASE_POINTS ? lo + step * i : Number.POSITIVE_INFINITY;
    const fineU = j < fine ? Math.log(a + fineStep * j) : Number.POSITIVE_INFINITY;
    let u: number;
    if (baseU <= fineU) {
      u = baseU;
      i++;
    } else {
      u = fineU;
      j++;
    }
    const z = (Math.exp(u) - mean) / sd;
    const f = Math.exp(-0.5 * z * z);
    if (!Number.isNaN(previousU)) sum += 0.5 * (u - previousU) * (f + previousF);
    previousU = u;
    previousF = f;
  }
  if (sum > 0) return Math.log(sum) - Math.log(sd) - LOG_SQRT_2PI - Math.log(Math.log(range.max / range.min));
  return logExpectNormalInLogs(range, likelihood);
}

function logExpectNormalInLogs(range: RateRange, likelihood: RateLikelihood): number {
  const u = grid(range, [likelihood]);
  const logF = new Float64Array(u.length);
  const norm = -Math.log(likelihood.sd) - LOG_SQRT_2PI;
  for (let i = 0; i < u.length; i++) {
    const z = (Math.exp(u[i] as number) - likelihood.mean) / likelihood.sd;
    logF[i] = norm - 0.5 * z * z;
  }
  return logTrapezoid(u, logF) - Math.log(Math.log(range.max / range.min));
}

/**
 * log E[N(R₁; a) · N(R₂; b) · N(R₁ + R₂; s)] over independent log-uniform R₁, R₂, any factor
 * absent (null) standing for 1: two leaks, seen alone in groups holding one of them (a, b) and
 * together in groups holding both (s).
 */
export function logExpectPair(
  range: RateRange,
  a: RateLikelihood | null,
  b: RateLikelihood | null,
  s: RateLikelihood | null,
): number {
  const L = Math.log(range.max / range.min);
  // inner expectation over R₂ given R₁, in logs
  const inner = (r1: number): number => {
    if (s === null) return b === null ? 0 : logExpectNormal(range, b);
    const shifted = { mean: s.mean - r1, sd: s.sd };
    if (b === null) return logExpectNormal(range, shifted);
    // N(R₂; b)·N(R₂; μs − R₁, σs²) = N(b.mean; μs − R₁, σb² + σs²) · N(R₂; m, v)
    const v = 1 / (1 / b.sd ** 2 + 1 / s.sd ** 2);
    const m = v * (b.mean / b.sd ** 2 + shifted.mean / s.sd ** 2);
    return (
      logNormalDensity(b.mean, shifted.mean, Math.sqrt(b.sd ** 2 + s.sd ** 2)) +
      logExpectNormal(range, { mean: m, sd: Math.sqrt(v) })
    );
  };
  const centres: RateLikelihood[] = [];
  if (a !== null) centres.push(a);
  if (s !== null) {
    centres.push(s);
    if (b !== null) centres.push({ mean: s.mean - b.mean, sd: Math.hypot(s.sd, b.sd) });
  }
  const u = grid(range, centres);
  const outer = u.map((x) => (a === null ? 0 : logNormalDensity(Math.exp(x), a.mean, a.sd)));
  // the inner expectation is at most the product of its densities' peaks: where the outer factor
  // is e^-60 below what the integrand reaches at the outer peak, the point adds nothing
  const innerBound =
    (b === null ? 0 : -Math.log(b.sd) - LOG_SQRT_2PI) + (s === null ? 0 : -Math.log(s.sd) - LOG_SQRT_2PI);
  let peak = 0;
  for (let k = 1; k < u.length; k++) if ((outer[k] as number) > (outer[peak] as number)) peak = k;
  const reference = (outer[peak] as number) + inner(Math.exp(u[peak] as number));
  const logF = u.map((x, k) =>
    k === peak
      ? reference
      : (outer[k] as number) + innerBound < reference - 60
        ? Number.NEGATIVE_INFINITY
        : (outer[k] as number) + inner(Math.exp(x)),
  );
  return logTrapezoid(u, logF) - Math.log(L);
}
