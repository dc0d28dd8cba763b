import { describe, expect, it } from 'vitest';
import { addSample, type CompletedBin, completeBins, createBinner, MAX_EMPTY_S } from './bins.js';

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

describe('a loss of signal', () => {
  it('is completed bin by bin for eight days, and the rest skipped to the data (a year mistyped ten ahead)', () => {
    const b = binner(2);
    const out: CompletedBin[] = [];
    for (let t = 0; t < 3600; t += 10) {
      addSample(b, 0, t, 1);
      addSample(b, 1, t, 2);
    }
    completeBins(b, false, (bin) => out.push(bin));
    const before = out.length;
    const jump = 10 * 365 * 86400;
    for (let t = jump; t < jump + 3600; t += 10) {
      addSample(b, 0, t, 3);
      addSample(b, 1, t, 4);
    }
    completeBins(b, true, (bin) => out.push(bin));
    const gap = out.slice(before).filter((bin) => Number.isNaN(bin.means[0] as number));
    // the hold limit (600 s) covers the first bins of the gap; then eight days of empty bins at most
    expect(gap.length).toBeGreaterThan(0);
    expect(gap.length * 60).toBeLessThanOrEqual(MAX_EMPTY_S + 600);
    const after = out.filter((bin) => bin.startS >= jump);
    expect(after.length).toBe(60);
    for (const bin of after) expect(Array.from(bin.means)).toEqual([3, 4]);
    // the bins stay in order, each on the minute grid
    for (let i = 1; i < out.length; i++)
      expect((out[i] as CompletedBin).startS).toBeGreaterThan((out[i - 1] as CompletedBin).startS);
  });

  it('of a day is completed bin by bin, empty', () => {
    const b = binner(1);
    const out: CompletedBin[] = [];
    addSample(b, 0, 0, 1);
    addSample(b, 0, 86400 + 30, 1);
    completeBins(b, true, (bin) => out.push(bin));
    // bins 0 to 1440: the day's 1,440 and the one its last sample opens, none skipped
    expect(out.length).toBe(1441);
  });
});
