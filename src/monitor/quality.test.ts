// The spike test (a Hampel filter with a floor): a glitch is rejected and counted; the samples of
// a channel moving as the air does are not, even when it is declared noiseless.
import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { mmHgToPa, rngFor } from '../core/index.js';
import { checkSample, createChannelQuality, flushPending, QUALITY_REASONS } from './quality.js';

const station = loadStation('chamber');
const channel = (id: string): number => station.sensors.findIndex((s) => s.id === id);

/** Feeds `values` (1 Hz) through the checks; the accepted count and the spikes rejected. */
function run(k: number, values: number[], on = station): { accepted: number; spikes: number } {
  const q = createChannelQuality(on);
  let accepted = 0;
  const accept = (): void => {
    accepted++;
  };
  values.forEach((v, i) => {
    checkSample(q, k, i, v, accept);
  });
  flushPending(q, accept);
  const spikes = q.rejected[k * QUALITY_REASONS.length + QUALITY_REASONS.indexOf('spike')] as number;
  return { accepted, spikes };
}

/** A 1 Hz random walk about 295 K with steps of `stepK` sd: a bulk air temperature's jitter. */
function airTemperature(seed: number, n: number, stepK: number): number[] {
  const rng = rngFor(seed, 'quality-test');
  const out: number[] = [];
  let t = 295;
  for (let i = 0; i < n; i++) {
    t += stepK * rng.normal();
    out.push(t);
  }
  return out;
}

describe('spike test', () => {
  it('rejects and counts single-sample glitches on a noisy gauge, and nothing else', () => {
    const k = channel('P_VESSEL_GAUGE');
    const rng = rngFor(1, 'gauge');
    const sdPa = 0.02 * 133.322;
    const values = Array.from({ length: 20_000 }, () => 101_325 + sdPa * rng.normal());
    const glitches = [1000, 5000, 9000, 13_000, 17_000];
    for (const i of glitches) values[i] = (values[i] as number) + 30 * sdPa;
    const { accepted, spikes } = run(k, values);
    expect(spikes).toBe(glitches.length);
    expect(accepted).toBe(values.length - glitches.length);
  });

  it('keeps every sample of a channel declared noiseless that moves with the air', () => {
    // the chamber's ideal thermometer: no declared noise or resolution, so nine samples' MAD alone
    // set the scale, and 0.27 % of a simulated hold's samples were called spikes
    const k = channel('T_VESSEL');
    for (const seed of [1, 2, 3]) {
      const values = airTemperature(seed, 30_000, 0.0005);
      expect(run(k, values)).toEqual({ accepted: values.length, spikes: 0 });
    }
  });

  it('keeps a step the size of its band on a coarse gauge, and rejects the same jump when it comes back', () => {
    // prk-2020's PrK gauge (1 mmHg, every 5 min) as the hatches reopened: 736 → 745, then 744, just
    // inside the 8 mmHg band; its 745 was rejected as a spike
    const iss = loadStation('iss');
    const k = iss.sensors.findIndex((s) => s.id === 'P_ZVEZDA_PRK');
    const before = [737, 737, 737, 737, 736, 736, 736, 737, 737, 736].map(mmHgToPa);
    const step = [745, 744, 744, 745, 744, 744].map(mmHgToPa);
    expect(run(k, [...before, ...step], iss)).toEqual({ accepted: 16, spikes: 0 });
    const back = [745, 736, 737, 736].map(mmHgToPa);
    expect(run(k, [...before, ...back], iss)).toEqual({ accepted: 13, spikes: 1 });
  });

  it('still rejects a glitch on a channel declared noiseless', () => {
    const k = channel('T_VESSEL');
    const values = airTemperature(4, 10_000, 0.0005);
    values[5000] = (values[5000] as number) + 0.5;
    expect(run(k, values)).toEqual({ accepted: values.length - 1, spikes: 1 });
  });
});
