import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { rngFor } from '../core/index.js';
import { buildReport, createMonitor, finishMonitor, GAINING_NOTE, monitorBatch } from './index.js';

const station = loadStation(fileURLToPath(new URL('../../bench/white-noise-station.yaml', import.meta.url)));

/** A day of the one-volume station's gauge (σ 0.1 mmHg every 10 s) with its pressure moving at `paPerDay`. */
function analyseDay(paPerDay: number) {
  const rng = rngFor(7, 'gauge');
  const n = 8640;
  const time = new Float64Array(n);
  const channel = new Int32Array(n);
  const value = new Float64Array(n);
  const startS = Date.UTC(2026, 0, 10) / 1000;
  for (let i = 0; i < n; i++) {
    time[i] = startS + 10 * i;
    value[i] = 101325 + (paPerDay * 10 * i) / 86400 + 13.33 * rng.normal();
  }
  const monitor = createMonitor(station);
  monitorBatch(monitor, { time, channel, value, length: n });
  finishMonitor(monitor);
  return buildReport(monitor);
}

describe('a group whose inventory rises with no gas added', () => {
  it('is marked as gaining, with what that means, and not as leaking', () => {
    // 50 Pa a day into 1,000 m³: about 0.6 kg/day of gas from nowhere
    const report = analyseDay(50);
    const [low, high] = report.leak.rateKgPerDay90 ?? [Number.NaN, Number.NaN];
    expect(high).toBeLessThan(0);
    expect(low).toBeLessThan(high);
    expect(report.leak.detected).toBe(false);
    expect(report.leak.note).toBe(GAINING_NOTE);
    expect(report.segments.map((s) => s.gaining)).toEqual([true]);
  });

  it('is not marked when it loses gas, nor when its interval holds zero', () => {
    const leaking = analyseDay(-50);
    expect(leaking.leak.rateKgPerDay90?.[0]).toBeGreaterThan(0);
    expect(leaking.leak.note).toBeNull();
    expect(leaking.segments.map((s) => s.gaining)).toEqual([false]);
    const still = analyseDay(0);
    const [low, high] = still.leak.rateKgPerDay90 ?? [Number.NaN, Number.NaN];
    expect(low).toBeLessThan(0);
    expect(high).toBeGreaterThan(0);
    expect(still.leak.note).toBeNull();
    expect(still.segments.map((s) => s.gaining)).toEqual([false]);
  });
});
