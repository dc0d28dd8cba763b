import { describe, expect, it } from 'vitest';
import {
  describeGroupSpeed,
  frequencyOfWavenumber,
  type GroupSpeedModel,
  groupSpeed,
  phaseSpeed,
  wavenumber,
} from './acoustic-dispersion.js';

const flexural: GroupSpeedModel = { kind: 'flexural', groupSpeedMPerS: 2500, referenceHz: 200e3 };
const plain: GroupSpeedModel = { kind: 'nondispersive', groupSpeedMPerS: 3000, referenceHz: 200e3 };

describe('group-speed models', () => {
  it('non-dispersive: k = 2πf/c, group speed = phase speed = c', () => {
    expect(wavenumber(plain, 100e3)).toBeCloseTo((2 * Math.PI * 100e3) / 3000, 9);
    expect(groupSpeed(plain, 50e3)).toBe(3000);
    expect(phaseSpeed(plain, 321e3)).toBeCloseTo(3000, 9);
  });

  it('flexural: matches the thin-plate bending wavenumber (ω²ρh/D)^¼ of a 2 mm aluminium plate', () => {
    // E = 70 GPa, ν = 0.33, ρ = 2700 kg/m³, h = 2 mm (Graff §4.2)
    const h = 0.002;
    const d = (70e9 * h ** 3) / (12 * (1 - 0.33 ** 2));
    const rhoH = 2700 * h;
    const kPlate = (f: number) => ((2 * Math.PI * f) ** 2 * (rhoH / d)) ** 0.25;
    // the plate's group speed at 200 kHz is 2ω/k
    const cg0 = (2 * 2 * Math.PI * 200e3) / kPlate(200e3);
    const model: GroupSpeedModel = { kind: 'flexural', groupSpeedMPerS: cg0, referenceHz: 200e3 };
    for (const f of [50e3, 123e3, 400e3]) expect(wavenumber(model, f) / kPlate(f)).toBeCloseTo(1, 12);
  });

  it('flexural: group speed is dω/dk (numerically), twice the phase speed, c_g0 at f0, ∝ √f', () => {
    for (const f of [60e3, 200e3, 390e3]) {
      const df = 1;
      const dOmegaDk = (2 * Math.PI * 2 * df) / (wavenumber(flexural, f + df) - wavenumber(flexural, f - df));
      expect(dOmegaDk / groupSpeed(flexural, f)).toBeCloseTo(1, 6);
      expect(groupSpeed(flexural, f) / phaseSpeed(flexural, f)).toBeCloseTo(2, 12);
    }
    expect(groupSpeed(flexural, 200e3)).toBeCloseTo(2500, 9);
    expect(groupSpeed(flexural, 50e3)).toBeCloseTo(1250, 9);
  });

  it('frequencyOfWavenumber inverts wavenumber', () => {
    for (const model of [flexural, plain])
      for (const f of [50e3, 177.7e3, 400e3])
        expect(frequencyOfWavenumber(model, wavenumber(model, f))).toBeCloseTo(f, 6);
  });

  it('states the model with its numbers', () => {
    expect(describeGroupSpeed(flexural)).toContain('2500 m/s × √(f / 200 kHz)');
    expect(describeGroupSpeed(plain)).toContain('3000 m/s');
  });
});
