import { describe, expect, it } from 'vitest';
import { addHourlyBin, createHourlyMeans, firstHourS, lastHourS, meanOverHours } from './hourly-means.js';

/** One-minute bins of channels 2 and 5 (of six) from `fromS`: channel 2 reads `a(t)`, channel 5 `b(t)`. */
function feed(
  h: ReturnType<typeof createHourlyMeans>,
  fromS: number,
  minutes: number,
  a: (t: number) => number,
  b: (t: number) => number,
  skip = new Uint8Array(6),
): void {
  for (let m = 0; m < minutes; m++) {
    const t = fromS + m * 60;
    const means = new Float64Array(6).fill(Number.NaN);
    means[2] = a(t);
    means[5] = b(t);
    addHourlyBin(h, t, means, skip);
  }
}

describe('hourly means', () => {
  it('averages each channel over the clock hour its bins start in, and keeps the last hours in a ring', () => {
    const h = createHourlyMeans([2, 5], 4);
    // six hours of a ramp (channel 2: t in hours) and a constant; the sixth hour is still open
    feed(
      h,
      0,
      6 * 60,
      (t) => t / 3600,
      () => 7,
    );
    expect(h.completed).toBe(5);
    expect(lastHourS(h)).toBe(4 * 3600);
    // four kept: hours 1–4; the mean of minutes 0…59 of hour k is k + 59/120
    expect(firstHourS(h)).toBe(3600);
    expect(meanOverHours(h, 2, 3600, 1).value).toBeCloseTo(1 + 59 / 120, 12);
    const three = meanOverHours(h, 2, 2 * 3600, 3);
    expect(three.value).toBeCloseTo(3 + 59 / 120, 12);
    expect(three.hoursRead).toBe(3);
    // the ramp changes every bin: 60 readings an hour; the constant only in its first bin (hour 0, gone)
    expect(three.readings).toBe(180);
    expect(meanOverHours(h, 5, 3600, 4).readings).toBe(0);
    expect(meanOverHours(h, 5, 3600, 4).value).toBe(7);
    // hour 0 has left the ring
    expect(meanOverHours(h, 2, 0, 1)).toEqual({ value: Number.NaN, hoursRead: 0, readings: 0 });
    // a channel not kept reads nothing
    expect(meanOverHours(h, 3, 3600, 2).hoursRead).toBe(0);
  });

  it('leaves out readings that are missing or skipped, and hours a channel did not read', () => {
    const h = createHourlyMeans([2, 5], 10);
    const skip = new Uint8Array(6);
    skip[5] = 1;
    // hour 0: channel 2 reads 1 in its first half, NaN after; channel 5 is skipped throughout
    feed(
      h,
      0,
      60,
      (t) => (t < 1800 ? 1 : Number.NaN),
      () => 3,
      skip,
    );
    // hours 1–2: both read 2 and 4; then a loss of signal to hour 5
    feed(
      h,
      3600,
      120,
      () => 2,
      () => 4,
    );
    feed(
      h,
      5 * 3600,
      61,
      () => 6,
      () => 8,
    );
    expect(h.completed).toBe(4);
    expect(meanOverHours(h, 2, 0, 1).value).toBe(1);
    expect(meanOverHours(h, 5, 0, 1)).toEqual({ value: Number.NaN, hoursRead: 0, readings: 0 });
    // hours 3 and 4 were never read: 2 of 4 hours is half, 1 of 3 is not
    // a held value is one reading: hour 1's 4 (hour 2 holds it on), hour 5's 8
    expect(meanOverHours(h, 5, 2 * 3600, 4)).toEqual({ value: 6, hoursRead: 2, readings: 1 });
    expect(meanOverHours(h, 5, 3 * 3600, 3)).toEqual({ value: Number.NaN, hoursRead: 1, readings: 1 });
    expect(meanOverHours(h, 2, 0, 3).readings).toBe(2);
    expect(lastHourS(h)).toBe(5 * 3600);
  });
});
