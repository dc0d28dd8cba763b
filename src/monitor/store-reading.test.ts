import { describe, expect, it } from 'vitest';
import { scenarioFromYaml, simulatedBatches } from '../../test/scenario.js';
import { Rng } from '../core/index.js';
import { createMonitor, monitorBatch } from './monitor.js';
import { createStoreTrack, STORE_SMOOTHING_S, storeGiven } from './store-reading.js';

const STEP = 12_070; // the ISS tank channels' quantization [Pa]
const BIN_S = 60;

/** What the track counts as given over readings one bin apart. */
function givenOver(readings: readonly number[], band = 5 * STEP): number {
  const track = createStoreTrack(band);
  return readings.reduce((sum, r) => sum + storeGiven(track, r, BIN_S), 0);
}

const quantized = (v: number) => Math.round(v / STEP) * STEP;

describe('what a gas store says it gave', () => {
  it('counts a steady drop, behind by the smoothing only', () => {
    const rate = 100; // Pa per bin
    const readings = Array.from({ length: 2_000 }, (_, i) => 12e6 - rate * i);
    const given = givenOver(readings);
    // an exponential smoothing of a ramp lags it by rate·keep/(1 − keep) once settled
    const keep = Math.exp(-BIN_S / STORE_SMOOTHING_S);
    expect(given).toBeCloseTo(rate * 1_999 - (rate * keep) / (1 - keep), 6);
  });

  it('does not ratchet on a reading that flickers between two steps', () => {
    const rng = new Rng(7);
    // a steady tank whose reading dithers across a quantization step for a week
    const readings = Array.from({ length: 7 * 1440 }, () =>
      quantized(12e6 + 0.5 * STEP + 0.3 * STEP * rng.normal()),
    );
    expect(Math.abs(givenOver(readings))).toBeLessThan(STEP);
    // counting drops and setting every rise apart would have drifted by hundreds of steps
    const track = createStoreTrack(0);
    const ratchet = readings.reduce((sum, r) => sum + storeGiven(track, r, BIN_S), 0);
    expect(ratchet).toBeGreaterThan(100 * STEP);
  });

  it('sets a refill apart, sudden or over hours, and counts the drops around it', () => {
    const drop = (i: number) => 12e6 - 50 * i;
    const sudden = Array.from({ length: 1_440 }, (_, i) => quantized(drop(i) + (i >= 600 ? 4e6 : 0)));
    const slow = Array.from({ length: 1_440 }, (_, i) =>
      quantized(drop(i) + 4e6 * Math.min(1, Math.max(0, (i - 600) / 180))),
    );
    const plain = Array.from({ length: 1_440 }, (_, i) => quantized(drop(i)));
    const without = givenOver(plain);
    // within a band (5 steps) of what the same tank gave without the refill
    expect(Math.abs(givenOver(sudden) - without)).toBeLessThan(5 * STEP);
    expect(Math.abs(givenOver(slow) - without)).toBeLessThan(5 * STEP);
  });

  it('counts nothing for a bin with no reading, and keeps what was given', () => {
    const track = createStoreTrack(5 * STEP);
    expect(storeGiven(track, Number.NaN, BIN_S)).toBe(0);
    storeGiven(track, 12e6, BIN_S);
    const given = storeGiven(track, 11.9e6, BIN_S);
    expect(given).toBeGreaterThan(0);
    expect(storeGiven(track, Number.NaN, BIN_S)).toBe(0);
    expect(track.smooth).toBe(12e6 - given);
  });
});

describe('a recharge of the ISS N2 tank from a cargo vehicle', () => {
  it('is not read as gas taken from the cabin', () => {
    const scenario = scenarioFromYaml(`station: iss
start: 2026-01-10T00:00:00Z
duration_h: 12
seed: 4
events:
  - { at_h: 4, resupply: { store: quest-n2, mass_kg: 45 } }
`);
    const monitor = createMonitor(scenario.station);
    for (const b of simulatedBatches(scenario, 600)) monitorBatch(monitor, b);
    const { t, inventoryPa } = monitor.timeline;
    const meanOver = (fromH: number, toH: number) => {
      const values = inventoryPa.filter((v, i) => {
        const h = ((t[i] as number) - (t[0] as number)) / 3600;
        return h >= fromH && h < toH && Number.isFinite(v);
      });
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    // 45 kg of N2 is ~4,300 Pa of the station's N2: counted as taken from the cabin, the
    // inventory stepped up by all of it
    expect(Math.abs(meanOver(5, 8) - meanOver(2, 4))).toBeLessThan(30);
    const rates = monitor.timeline.checks.rateKgPerS.map((r) => r * 86_400).filter(Number.isFinite);
    expect(Math.min(...rates.slice(-12 * 4))).toBeGreaterThan(-2);
  });
});
