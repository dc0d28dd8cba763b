// The air's temperature rate behind a rapid fall: a thermometer's slope against exact ramps, its
// standard error by Monte Carlo, and the gas law's p/T·Ṫ over a group's thermometers.
import { describe, expect, it } from 'vitest';
import { rngFor } from '../core/index.js';
import { thermalRate, thermometerSlope } from './rapid-thermal.js';

const WINDOW_S = 60;

/** Samples every `periodS` over `spanS` ending at t = spanS, from `value(t)`. */
function samples(spanS: number, periodS: number, value: (t: number) => number) {
  const times: number[] = [];
  const values: number[] = [];
  for (let t = 0; t <= spanS + 1e-9; t += periodS) {
    times.push(t);
    values.push(value(t));
  }
  return { times, values };
}

describe('thermometerSlope', () => {
  it('reads an exact ramp exactly, and the ramp after a bend once the bend is plain', () => {
    const ramp = thermometerSlope(
      samples(120, 10, (t) => 295 - t / 360),
      WINDOW_S,
      0.01,
      0.01,
    );
    expect(ramp?.slope).toBeCloseTo(-1 / 360, 10);
    // flat, then cooling 10 K/h for the last 90 s: a straight line over 120 s reads about half
    const bent = thermometerSlope(
      samples(120, 10, (t) => 295 - Math.max(0, t - 30) / 360),
      WINDOW_S,
      0.001,
      0.001,
    );
    expect(bent?.slope).toBeCloseTo(-1 / 360, 8);
    // too few samples, or too short a span, tells nothing
    expect(
      thermometerSlope(
        samples(20, 10, () => 295),
        WINDOW_S,
        0.01,
        0.01,
      ),
    ).toBeNull();
    expect(
      thermometerSlope(
        samples(50, 10, () => 295),
        WINDOW_S,
        0.01,
        0.01,
      ),
    ).toBeNull();
  });

  it('holds the true slope within 1.645 standard errors about 90 % of the time (Monte Carlo)', () => {
    // an RTD (0.01 K noise, 0.01 K steps, 10 s) on a 4 K/h ramp, and an ISS sensor (0.05 K
    // noise, 0.1 K steps, 60 s over ten minutes) on a 0.5 K/h drift
    const rng = rngFor(20261128, 'thermometer-slope');
    for (const [periodS, spanS, noise, step, rate] of [
      [10, 120, 0.01, 0.01, 4 / 3600],
      [60, 600, 0.05, 0.1, 0.5 / 3600],
    ] as const) {
      const runs = 2000;
      let held = 0;
      for (let run = 0; run < runs; run++) {
        const offset = rng.uniform();
        const read = samples(spanS, periodS, (t) => {
          const x = 295 + rate * t + noise * rng.normal();
          return step * Math.round(x / step + offset) - step * offset;
        });
        const fit = thermometerSlope(read, WINDOW_S, Math.sqrt(noise ** 2 + step ** 2 / 12), step);
        if (fit !== null && Math.abs(fit.slope - rate) <= 1.645 * fit.se) held++;
      }
      expect(held / runs).toBeGreaterThan(0.85);
      expect(held / runs).toBeLessThan(0.99);
    }
  });
});

describe('thermalRate', () => {
  it("is the gas law's p/T times the volume-weighted air rate, each sensor read back by its gain", () => {
    const slopes = new Map([
      [4, { slope: 2e-3, se: 1e-4 }],
      [7, { slope: 1e-3, se: 2e-4 }],
    ]);
    const rate = thermalRate(
      [
        { channel: 4, weight: 30, gain: 2 }, // a wall sensor swinging twice the air
        { channel: 7, weight: 10, gain: 1 },
        { channel: 9, weight: 50, gain: 1 }, // no slope: left out
      ],
      (k) => slopes.get(k) ?? null,
      100_000,
      295,
    );
    const air = (30 * (2e-3 / 2) + 10 * 1e-3) / 40;
    expect(rate?.ratePaPerS).toBeCloseTo((100_000 / 295) * air, 10);
    const se = Math.hypot(30 * (1e-4 / 2), 10 * 2e-4) / 40;
    expect(rate?.sePaPerS).toBeCloseTo((100_000 / 295) * se, 10);
    expect(thermalRate([{ channel: 9, weight: 50, gain: 1 }], () => null, 100_000, 295)).toBeNull();
  });
});
