import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { inventoryFromStation, massFractions, repressN2Kg } from './inventory.js';
import { runForecast } from './monte-carlo.js';
import { quantilesOf } from './quantiles.js';
import { applyWhatIf, cutOffModules } from './what-ifs.js';

const iss = loadStation('iss');
const DAY = 86400;
const START = Date.parse('2026-01-01T00:00:00Z') / 1000;

describe('inventoryFromStation (built-in iss)', () => {
  const model = inventoryFromStation(iss, { startS: START, leakKgPerS: { mean: 0.9 / DAY, sd: 0.2 / DAY } });

  it('sums the stores, splitting air by the cabin composition', () => {
    // iss composition N2 0.7545, O2 0.2310 (mole): O2 share of O2+N2 by mass = 0.2310·31.998 / (0.2310·31.998 + 0.7545·28.014)
    const share = (0.231 * 31.998) / (0.231 * 31.998 + 0.7545 * 28.014);
    const o2 = 64.86 + 28.63 + 20 + 51 + (26 + 24) * share;
    const n2 = 109.23 + 22 + (26 + 24) * (1 - share);
    // molar masses here to 5 figures: relative agreement to 1e-4
    expect(Math.abs(model.initialKg.o2 / o2 - 1)).toBeLessThan(1e-4);
    expect(Math.abs(model.initialKg.n2 / n2 - 1)).toBeLessThan(1e-4);
  });

  it('sets the floors from the reserve policy: 45 days × 7 crew × 0.84 kg, and one repress of Kibo PM', () => {
    expect(model.floorKg.o2).toBeCloseTo(45 * 7 * 0.84, 6);
    // 151 m³ at 745 mmHg, 295.15 K: n = pV/(RT) mol, N2 = 0.7545 (of a composition summing to 1) × 0.028014 kg/mol
    const n = (((745 * 101325) / 760) * 151) / (8.314462618 * 295.15);
    expect(Math.abs(model.floorKg.n2 / (n * 0.7545 * 0.028014) - 1)).toBeLessThan(1e-4);
    expect(repressN2Kg(iss, 'kibo-pm')).toBeCloseTo(model.floorKg.n2, 9);
  });

  it('leaked air is ~23 % O2 and ~75 % N2 by mass (DOMAIN.md §5: ~23 / ~77)', () => {
    const w = massFractions(iss.composition);
    expect(w.o2).toBeGreaterThan(0.24);
    expect(w.o2).toBeLessThan(0.27);
    expect(w.n2).toBeGreaterThan(0.72);
    expect(w.o2 + w.n2).toBeLessThan(1);
  });
});

describe('what-ifs', () => {
  const model = inventoryFromStation(iss, { startS: START, leakKgPerS: { mean: 1.0 / DAY, sd: 0 } });
  const det = { paths: 1, horizonS: 2000 * DAY, seed: 1, deterministic: true };

  it('closing the PrK for good cuts off the PrK and the Progress docked behind it', () => {
    expect([...cutOffModules(iss, 'zvezda-prk')].sort()).toEqual(['progress-aft', 'zvezda-prk']);
  });

  it('a closed hatch leaves only the background leak; N2 then lasts (stores − floor)/(0.2·w_N2)', () => {
    const closed = applyWhatIf(model, iss, { kind: 'hatch-closed', module: 'zvezda-prk' });
    const r = runForecast(closed, det);
    const w = massFractions(iss.composition);
    expect(r.n2.timeToFloorS.p50 / DAY).toBeCloseTo(
      (closed.initialKg.n2 - closed.floorKg.n2) / (0.2 * w.n2),
      6,
    );
  });

  it('holding the module at 200 of 745 mmHg scales the excess leak by (200/745)²', () => {
    const low = applyWhatIf(model, iss, {
      kind: 'low-pressure',
      module: 'zvezda-prk',
      pressurePa: (200 * 101325) / 760,
    });
    const r = runForecast(low, det);
    const w = massFractions(iss.composition);
    const leak = 0.2 + 0.8 * (200 / 745) ** 2;
    expect(r.n2.netUseKgPerS * DAY).toBeCloseTo(leak * w.n2, 9);
  });

  it('an extra flight and a generator outage move the reserve the way hand computation says', () => {
    const base = runForecast(model, det);
    const extra = runForecast(
      applyWhatIf(model, iss, { kind: 'extra-flight', arrivalS: START + 10 * DAY, o2Kg: 0, n2Kg: 30 }),
      det,
    );
    const w = massFractions(iss.composition);
    // 30 kg more N2 at 0.9·w_N2 kg/day (0.2 background + 0.8 excess, all of it leaking) = 30/(w_N2) days more
    expect((extra.n2.timeToFloorS.p50 - base.n2.timeToFloorS.p50) / DAY).toBeCloseTo(30 / (1.0 * w.n2), 6);
    const out = runForecast(
      applyWhatIf(model, iss, {
        kind: 'generator-outage',
        generator: 'elektron',
        fromS: START,
        toS: START + 30 * DAY,
      }),
      det,
    );
    // the first 30 days Elektron's mean output (430/478 × 4.97 kg/day) is missing from the O2 supply
    const extraUse = ((430 / 478) * 4.97 * 30) / 2000;
    expect(out.o2.netUseKgPerS * DAY - base.o2.netUseKgPerS * DAY).toBeCloseTo(extraUse, 6);
  });
});

describe('quantilesOf', () => {
  it('interpolates like numpy (type 7) and keeps +Infinity as "beyond the horizon"', () => {
    const v = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    // numpy.quantile(range(1, 11), [0.1, 0.5, 0.9]) = [1.9, 5.5, 9.1]
    const [a, b, c] = quantilesOf(v, [0.1, 0.5, 0.9]);
    expect(a).toBeCloseTo(1.9, 12);
    expect(b).toBeCloseTo(5.5, 12);
    expect(c).toBeCloseTo(9.1, 12);
    expect(quantilesOf([1, 2, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY], [0.5])[0]).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(quantilesOf([1, 2, 3, Number.POSITIVE_INFINITY], [0.1])[0]).toBeCloseTo(1.3, 12);
    expect(quantilesOf([], [0.5])[0]).toBeNaN();
    expect(v).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });
});
