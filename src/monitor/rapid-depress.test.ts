import { describe, expect, it } from 'vitest';
import { rngFor } from '../core/index.js';
import {
  addPressureSample,
  type ChannelTrend,
  cannotFall,
  consensusRate,
  DEFAULT_RAPID,
  emptyChannelTrend,
  hingeSlope,
  type RapidState,
} from './rapid-depress.js';

function ramp(onset: number, slope: number, n: number): { t: number[]; v: number[] } {
  const t = Array.from({ length: n }, (_, i) => i);
  return { t, v: t.map((x) => 1000 + slope * Math.max(0, x - onset)) };
}

describe('hingeSlope', () => {
  it('recovers the slope after a flat start exactly, where a straight line through the window is biased low', () => {
    const { t, v } = ramp(20, -1.7, 61);
    expect(hingeSlope(t, v, 20)).toBeCloseTo(-1.7, 10);
    // the straight-line slope over the same points, for contrast: a third of the window is flat
    const tm = 30;
    const vm = v.reduce((a, b) => a + b, 0) / v.length;
    const line =
      t.reduce((s, x, i) => s + (x - tm) * ((v[i] as number) - vm), 0) /
      t.reduce((s, x) => s + (x - tm) ** 2, 0);
    expect(line / -1.7).toBeLessThan(0.9);
  });

  it('is the straight-line slope when the fall began before the window', () => {
    const { t, v } = ramp(-5, -0.8, 61);
    expect(hingeSlope(t, v, 20)).toBeCloseTo(-0.8, 10);
  });

  it('keeps at least minAfterS of points after the bend', () => {
    // a last-point spike of −10 cannot become a steep short ramp (a bend at 59 s would give −10 /s)
    const t = Array.from({ length: 61 }, (_, i) => i);
    const v = t.map((x) => (x === 60 ? 990 : 1000));
    expect(Math.abs(hingeSlope(t, v, 20))).toBeLessThan(0.1);
  });
});

/** The straight-line test of a channel, computed in full: does the window vote "falling"? */
function votesFalling(t: number[], v: number[], floor: number, step: number, minSigmas: number): boolean {
  const n = t.length;
  const tm = t.reduce((a, b) => a + b, 0) / n;
  const vm = v.reduce((a, b) => a + b, 0) / n;
  let stt = 0;
  let stv = 0;
  t.forEach((x, i) => {
    stt += (x - tm) ** 2;
    stv += (x - tm) * ((v[i] as number) - vm);
  });
  const slope = stv / stt;
  const sse = t.reduce((s, x, i) => s + ((v[i] as number) - vm - slope * (x - tm)) ** 2, 0);
  const se = Math.sqrt(Math.max(sse / Math.max(1, n - 2), floor * floor) / stt);
  const fall = -slope * ((t[n - 1] as number) - (t[0] as number));
  return slope < 0 && fall > 3 * step && -slope > minSigmas * se;
}

describe('cannotFall', () => {
  it('never rules out a window that votes "falling" (worst-case steps, ramps and noise)', () => {
    const rng = rngFor(11, 'cannot-fall');
    let ruledOut = 0;
    let falling = 0;
    for (let c = 0; c < 20_000; c++) {
      const evenly = c % 2 === 0;
      const n = 3 + Math.floor(rng.uniform() * 70);
      const t = Array.from({ length: n }, (_, i) => (evenly ? i : i + 0.9 * rng.uniform()));
      const step = 0.5 + rng.uniform();
      const floor = step * 0.02 * 100 ** rng.uniform();
      // values around the bounds: a step down in the middle (the steepest line for its range), a
      // ramp, or noise, spanning up to four steps, quantized or not
      const levels = 4 * rng.uniform();
      const shape = Math.floor(rng.uniform() * 3);
      const quantized = rng.uniform() < 0.5;
      const v = t.map((_, i) => {
        const u = shape === 0 ? (i < n / 2 ? 1 : 0) : shape === 1 ? 1 - i / (n - 1) : rng.uniform();
        return 1000 + step * (quantized ? Math.round(u * levels) : u * levels);
      });
      const out = cannotFall(v, n, floor, step, 6, evenly);
      const votes = votesFalling(t, v, floor, step, 6);
      if (out) ruledOut++;
      if (votes) falling++;
      expect(out && votes).toBe(false);
    }
    // both kinds occur, so the check above is not empty
    expect(ruledOut).toBeGreaterThan(2_000);
    expect(falling).toBeGreaterThan(200);
  });
});

/** A rapid-depress state of one report-on-change pressure channel (k = 0). */
function heldChannel(periodS: number, step: number, floor: number): RapidState {
  const trend = emptyChannelTrend();
  return {
    options: DEFAULT_RAPID,
    channels: new Map([[0, trend]]),
    floor: Float64Array.of(floor),
    step: Float64Array.of(step),
    holdPeriodS: Float64Array.of(periodS),
    periodS: Float64Array.of(periodS),
    fallingChannels: 0,
    thermometers: new Map(),
  };
}

/** The held grid of a report-on-change window, built in full as the fit reads it. */
function heldGrid(trend: ChannelTrend, periodS: number, now: number): { t: number[]; v: number[] } {
  const t: number[] = [];
  const v: number[] = [];
  let j = -1;
  for (let x = now - DEFAULT_RAPID.windowS; x <= now + 1e-9; x += periodS) {
    while (j + 1 < trend.times.length && (trend.times[j + 1] as number) <= x) j++;
    const value = j >= 0 ? (trend.values[j] as number) : trend.heldBefore;
    if (Number.isFinite(value)) {
      t.push(x);
      v.push(value);
    }
  }
  return { t, v };
}

describe('a report-on-change channel', () => {
  it('is deferred, fitted or left without a slope exactly as its held grid says (the shortcut from its raw samples)', () => {
    const rng = rngFor(12, 'held-window');
    let deferred = 0;
    let fitted = 0;
    // a fine sensor (only the range-of-steps bound can rule a fall out) and a noisy one (the other)
    for (const [periodS, floorSteps] of [
      [1, 0.3],
      [10, 0.3],
      [1, 2.5],
      [10, 2.5],
    ] as const) {
      const step = 13.5;
      const state = heldChannel(periodS, step, step * floorSteps * (1 + 0.2 * rng.uniform()));
      const trend = state.channels.get(0) as ChannelTrend;
      let time = 1.7e9 + rng.uniform();
      let level = 100_000;
      for (let s = 0; s < 10_000; s++) {
        // flicker by a step, hold, or walk down (a fall of one to three steps in the window)
        time += 0.2 + (rng.uniform() < 0.2 ? 40 : 12) * rng.uniform();
        const u = rng.uniform();
        level += u < 0.45 ? step : u < 0.9 ? -step : u < 0.97 ? 0 : -3 * step;
        if (level < 99_000) level += 30 * step;
        addPressureSample(state, 0, time, level);
        const { t, v } = heldGrid(trend, periodS, time);
        const n = v.length;
        if (n < 3 || (t[n - 1] as number) - (t[0] as number) < 20) {
          expect(trend.slope).toBeNaN();
          continue;
        }
        const quiet = cannotFall(v, n, state.floor[0] as number, step, DEFAULT_RAPID.minSigmas, true);
        expect(trend.deferred).toBe(quiet);
        if (quiet) deferred++;
        else {
          fitted++;
          expect(Number.isFinite(trend.slope)).toBe(true);
        }
      }
    }
    // both outcomes occur, so the comparison is not empty
    expect(deferred).toBeGreaterThan(2_000);
    expect(fitted).toBeGreaterThan(2_000);
  });
});

describe('consensusRate', () => {
  it('pools two channels that disagree, the precise one weighing most, widened by their disagreement', () => {
    // the ground vessel's reference gauge and its capacitance manometer on a 1 kg/day crack [mmHg/h]:
    // the median of two was the higher, the precise gauge outside three of its standard errors from
    // it, and the fall read 15.09
    const { rate, se } = consensusRate([5.22, 15.09], [0.07, 1.54], [0.08 ** 2, 3.92 ** 2]);
    const w = [1 / 0.07 ** 2, 1 / 1.54 ** 2];
    const mean = (5.22 * (w[0] as number) + 15.09 * (w[1] as number)) / ((w[0] as number) + (w[1] as number));
    expect(rate).toBeCloseTo(mean, 10);
    expect(rate).toBeLessThan(5.3);
    // the weighted mean's own error, times the Birge ratio of the two's scatter (χ² on one degree of freedom)
    const own = Math.hypot(
      ((w[0] as number) / ((w[0] as number) + (w[1] as number))) * 0.08,
      ((w[1] as number) / ((w[0] as number) + (w[1] as number))) * 3.92,
    );
    const chi2 = (5.22 - mean) ** 2 / 0.08 ** 2 + (15.09 - mean) ** 2 / 3.92 ** 2;
    expect(se).toBeCloseTo(own * Math.sqrt(chi2), 10);
    expect(se).toBeGreaterThan(0.08);
  });

  it('sets aside, of three or more, a channel far from their median', () => {
    const { rate } = consensusRate([5.2, 5.3, 15.09], [0.07, 0.07, 1.54], [0.0064, 0.0064, 15.4]);
    expect(rate).toBeCloseTo(5.25, 10);
  });
});
