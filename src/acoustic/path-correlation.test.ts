import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import { type GroupSpeedModel, pathDifference, sensorPairs } from '../search/index.js';
import { crossSpectra } from './cross-spectra.js';
import { correlationPeak, pathCorrelation } from './path-correlation.js';
import { synthesizeLeakRecording } from './synthetic-leak.js';
import { readWav } from './wav-file.js';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures');

interface Reference {
  sample_rate_hz: number;
  frame_size: number;
  band_hz: [number, number];
  pairs: { i: number; j: number; tdoa_s: number; true_tdoa_s: number }[];
}

/** Time differences t_i − t_j by GCC-PHAT with a non-dispersive model of speed c (Δ = c·τ). */
function tdoas(
  channels: Float64Array[],
  fs: number,
  frameSize: number,
  bandHz: [number, number],
  taper: number,
) {
  const c = 1000;
  const model: GroupSpeedModel = { kind: 'nondispersive', groupSpeedMPerS: c, referenceHz: 200e3 };
  const pairs = sensorPairs(channels.length);
  const spectra = crossSpectra(channels, fs, pairs, { frameSize, bandHz });
  return pairs.map((pair, p) => {
    const corr = pathCorrelation(spectra, p, {
      model,
      weighting: 'phat',
      maxPathDifferenceM: 0.2,
      resolutionM: 5e-6,
      taperFraction: taper,
    });
    return { ...pair, tdoaS: correlationPeak(corr, 0.15).deltaM / c };
  });
}

describe('GCC-PHAT time differences', () => {
  it('agree with the scipy reference (scripts/fixtures/acoustic_gcc_phat.py) to 0.005 samples', () => {
    const ref = JSON.parse(readFileSync(resolve(FIXTURES, 'acoustic-gcc-phat.json'), 'utf8')) as Reference;
    const rec = readWav(resolve(FIXTURES, 'acoustic-gcc-phat.wav'));
    const ours = tdoas(rec.channels, rec.sampleRateHz, ref.frame_size, ref.band_hz, 0);
    for (const r of ref.pairs) {
      const mine = ours.find((o) => o.i === r.i && o.j === r.j)!;
      const samples = (s: number) => s * ref.sample_rate_hz;
      expect(
        Math.abs(samples(mine.tdoaS - r.tdoa_s)),
        `pair ${r.i}-${r.j}: ${mine.tdoaS} vs ${r.tdoa_s}`,
      ).toBeLessThan(0.005);
      expect(Math.abs(samples(mine.tdoaS - r.true_tdoa_s))).toBeLessThan(0.02);
    }
  });

  it('a pure delay of D samples gives a time difference of exactly D/fs (closed form)', () => {
    const n = 16384;
    const fs = 1e6;
    const rng = new Rng(3);
    const x = Float64Array.from({ length: n }, () => rng.normal());
    for (const d of [0, 1, 17, -120]) {
      // channel 1 hears x d samples later (circular shift), so t_0 − t_1 = −d/fs
      const y = Float64Array.from({ length: n }, (_, i) => x[(((i - d) % n) + n) % n]!);
      const [pair] = tdoas([x, y], fs, 2048, [50e3, 400e3], 0.1);
      // D lies on the zero-padded grid; only the Hann frames cutting the shifted noise differently (±1e-4)
      // keep the averaged PHAT spectrum from being a pure phase ramp
      expect(Math.abs(pair!.tdoaS * fs + d), `delay ${d}`).toBeLessThan(1e-3);
    }
  });

  it('with flexural dispersion, the wavenumber-domain correlation peaks at the geometric path difference', () => {
    const model: GroupSpeedModel = { kind: 'flexural', groupSpeedMPerS: 2500, referenceHz: 200e3 };
    const sensors = [
      { channel: 0, xM: 0, yM: 0 },
      { channel: 1, xM: 1, yM: 0 },
      { channel: 2, xM: 1, yM: 1 },
    ];
    const leak = { xM: 0.27, yM: 0.61 };
    const rec = synthesizeLeakRecording({
      panel: { widthM: 1, heightM: 1 },
      sensors,
      leak,
      model,
      seed: 11,
      snrDb: 40,
      samples: 1 << 16,
      reflection: 0,
    });
    const pairs = sensorPairs(3);
    const spectra = crossSpectra(rec.channels, rec.sampleRateHz, pairs, {
      frameSize: 8192,
      bandHz: [50e3, 400e3],
    });
    const options = {
      weighting: 'phat',
      maxPathDifferenceM: 1.5,
      resolutionM: 0.0005,
      taperFraction: 0.1,
    } as const;
    pairs.forEach((pair, p) => {
      const truth = pathDifference(sensors[pair.i]!, sensors[pair.j]!, leak.xM, leak.yM);
      const compensated = correlationPeak(pathCorrelation(spectra, p, { ...options, model }), 1.45).deltaM;
      expect(Math.abs(compensated - truth), `pair ${pair.i}-${pair.j}`).toBeLessThan(2e-4);
      // ignoring dispersion (one speed, c_g0) puts the peak elsewhere
      const naive = pathCorrelation(spectra, p, { ...options, model: { ...model, kind: 'nondispersive' } });
      if (Math.abs(truth) > 0.1)
        expect(Math.abs(correlationPeak(naive, 1.45).deltaM - truth)).toBeGreaterThan(0.01);
    });
  });
});
