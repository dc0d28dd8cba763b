import { describe, expect, it } from 'vitest';
import { addSample, type CompletedBin, completeBins, createBinner } from './bins.js';

function binner(channels: number) {
  return createBinner(channels, {
    binS: 60,
    lagS: 120,
    holdLimitS: new Float64Array(channels).fill(600),
  });
}

describe('completeBins', () => {
  it('starts every bin from zero though bins are reused, across binners of different sizes', () => {
    const a = binner(3);
    const b = binner(5);
    const outA: CompletedBin[] = [];
    const outB: CompletedBin[] = [];
    // one binner alone (its bins reused), then both (bins of the other size are not)
    for (let s = 0; s < 1200; s++) {
      const time = 10 * s;
      for (let k = 0; k < 3; k++) addSample(a, k, time, 100 * k + (s % 7));
      completeBins(a, false, (bin) => outA.push(bin));
      if (s < 600) continue;
      for (let k = 0; k < 5; k++) addSample(b, k, time, 1000 + k);
      completeBins(b, false, (bin) => outB.push(bin));
    }
    expect(outA.length).toBeGreaterThan(90);
    expect(outB.length).toBeGreaterThan(90);
    // six samples of 10 s per bin: the mean of each channel's six values, every bin alike
    outA.forEach((bin, i) => {
      for (let k = 0; k < 3; k++) {
        const values = Array.from({ length: 6 }, (_, j) => 100 * k + ((6 * i + j) % 7));
        expect(bin.means[k]).toBeCloseTo(values.reduce((x, y) => x + y, 0) / 6, 12);
      }
    });
    for (const bin of outB) expect(Array.from(bin.means)).toEqual([1000, 1001, 1002, 1003, 1004]);
  });
});
