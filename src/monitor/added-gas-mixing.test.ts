import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { createAddedGasMixing, mixedLevelPa, stepAddedGasMixing } from './added-gas-mixing.js';

interface Fixture {
  binS: number;
  tankPa: number[];
  groupModules: string[];
  samples: { bin: number; mixedLevelPa: number; unmixedPa: Record<string, number> }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/added-gas-mixing.json', import.meta.url), 'utf8'),
) as Fixture;

describe('gas added from a store, spreading through the station', () => {
  const station = loadStation('iss');
  const moduleIndex = (id: string) => station.modules.findIndex((m) => m.id === id);
  const tank = station.sensors.findIndex((s) => s.store === 'quest-n2');
  const hatchOpen = Uint8Array.from(station.hatches.map((h) => (h.initiallyOpen ? 1 : 0)));
  const present = Uint8Array.from(station.modules.map((m) => (m.present ? 1 : 0)));
  const hatchEnds = Int32Array.from(station.hatches.flatMap((h) => h.between.map(moduleIndex)));
  const group = fixture.groupModules.map(moduleIndex);

  /** The model fed the fixture's tank readings, sampled where the fixture is. */
  function run(): { level: number; unmixed: Record<string, number> }[] {
    const mixing = createAddedGasMixing(station);
    if (mixing === null) throw new Error('the ISS has measured stores');
    const means = new Float64Array(station.sensors.length).fill(Number.NaN);
    const out: { level: number; unmixed: Record<string, number> }[] = [];
    fixture.tankPa.forEach((pa, bin) => {
      means[tank] = pa;
      stepAddedGasMixing(mixing, means, hatchOpen, present, hatchEnds, fixture.binS);
      if (bin % 10 !== 9) return;
      const level = mixedLevelPa(mixing, group);
      const unmixed: Record<string, number> = {};
      for (const id of ['us-lab', 'node3', 'zvezda-ro'])
        unmixed[id] = level - (mixing.field[moduleIndex(id)] as number);
      out.push({ level, unmixed });
    });
    return out;
  }

  it('agrees with scipy’s matrix exponential of the whole station (scripts/fixtures/added_gas_mixing.py)', () => {
    const got = run();
    expect(got).toHaveLength(fixture.samples.length);
    const peak = Math.max(...fixture.samples.map((s) => s.mixedLevelPa));
    let worst = 0;
    fixture.samples.forEach((want, i) => {
      const g = got[i] as (typeof got)[number];
      // the added nitrogen is all accounted: the group's mean is the reference's to rounding
      expect(g.level).toBeCloseTo(want.mixedLevelPa, 6);
      for (const [id, pa] of Object.entries(want.unmixedPa))
        worst = Math.max(worst, Math.abs((g.unmixed[id] as number) - pa));
    });
    // hatch-by-hatch sub-steps against the exact exponential: within 1 % of the nitrogen let in
    expect(worst).toBeLessThan(0.01 * peak);
    // and the Lab, next to Quest, first holds more than its share, then all of it mixes in
    const lab = got.map((g) => g.unmixed['us-lab'] as number);
    expect(Math.min(...lab)).toBeLessThan(-0.2 * peak);
    expect(Math.abs(lab.at(-1) as number)).toBeLessThan(0.005 * peak);
  });

  it('keeps the gas behind a closed hatch, and spreads it once the hatch opens', () => {
    const mixing = createAddedGasMixing(station);
    if (mixing === null) throw new Error('the ISS has measured stores');
    const closed = Uint8Array.from(hatchOpen);
    closed[station.hatches.findIndex((h) => h.id === 'node1-quest-equipment-lock')] = 0;
    const means = new Float64Array(station.sensors.length).fill(Number.NaN);
    const quest = [moduleIndex('quest-equipment-lock'), moduleIndex('quest-crewlock')];
    const rest = group.filter((k) => !quest.includes(k));
    const lab = moduleIndex('us-lab');
    fixture.tankPa.forEach((pa, bin) => {
      means[tank] = pa;
      stepAddedGasMixing(mixing, means, bin < 360 ? closed : hatchOpen, present, hatchEnds, fixture.binS);
      if (bin === 359) {
        // six hours closed: all of it in Quest and its crewlock, none in the rest
        expect(mixedLevelPa(mixing, rest)).toBe(0);
        expect(mixing.field[lab]).toBe(0);
        expect(mixedLevelPa(mixing, quest)).toBeGreaterThan(1000);
      }
    });
    // six hours open: spread through the group, the total the reference's
    const last = fixture.samples.at(-1) as Fixture['samples'][number];
    expect(mixedLevelPa(mixing, group)).toBeCloseTo(last.mixedLevelPa, 6);
    expect(Math.abs(mixedLevelPa(mixing, group) - (mixing.field[lab] as number))).toBeLessThan(
      0.05 * last.mixedLevelPa,
    );
  });

  it('holds still when the tank does, and counts a missing reading as nothing given', () => {
    const mixing = createAddedGasMixing(station);
    if (mixing === null) throw new Error('the ISS has measured stores');
    const means = new Float64Array(station.sensors.length).fill(Number.NaN);
    for (let bin = 0; bin < 30; bin++) {
      means[tank] = bin % 3 === 0 ? Number.NaN : 12e6;
      stepAddedGasMixing(mixing, means, hatchOpen, present, hatchEnds, 60);
    }
    expect(Math.max(...Array.from(mixing.field, Math.abs))).toBe(0);
  });
});
