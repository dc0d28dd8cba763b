import { describe, expect, it } from 'vitest';
import type { StationModule } from '../core/index.js';
import { leakPriorWeight, sectionAreaM2, wallAreaM2 } from './wall-area.js';

const module = (over: Partial<StationModule>): StationModule =>
  ({ id: 'm', name: 'M', volumeM3: 10, habitable: true, present: true, ...over }) as StationModule;

describe('wall area and the prior weight of a module', () => {
  it('adds up sections by their closed forms', () => {
    const d = 4.2;
    // two hemispherical domes make a sphere: π·d²
    const hemisphere = sectionAreaM2({ shape: 'dome', diameterM: d, depthM: d / 2 });
    expect(2 * hemisphere).toBeCloseTo(sectionAreaM2({ shape: 'sphere', diameterM: d }), 10);
    expect(2 * hemisphere).toBeCloseTo(Math.PI * d * d, 10);
    // a cone with equal ends is a cylinder; a 3-4-5 frustum: π·(r₁ + r₂)·5
    expect(sectionAreaM2({ shape: 'cone', lengthM: 3, diameterStartM: d, diameterEndM: d })).toBeCloseTo(
      sectionAreaM2({ shape: 'cylinder', lengthM: 3, diameterM: d }),
      10,
    );
    expect(sectionAreaM2({ shape: 'cone', lengthM: 4, diameterStartM: 8, diameterEndM: 2 })).toBeCloseTo(
      Math.PI * 5 * 5,
      10,
    );
    const m = module({
      geometry: {
        sections: [
          { shape: 'cylinder', lengthM: 6, diameterM: d },
          { shape: 'dome', diameterM: d, depthM: 0.8 },
        ],
        features: [],
        panels: [],
      },
    });
    expect(wallAreaM2(m)).toBeCloseTo(Math.PI * d * 6 + Math.PI * ((d / 2) ** 2 + 0.64), 10);
  });

  it('falls back to a cylinder twice as long as wide holding the volume', () => {
    const d = Math.cbrt(20 / Math.PI);
    expect(wallAreaM2(module({ volumeM3: 10 }))).toBeCloseTo(
      Math.PI * d * 2 * d + 2 * (Math.PI / 4) * d * d,
      10,
    );
  });

  it('weighs by area, age and earlier repairs, unless the station file sets the weight', () => {
    const base = module({ launchYear: 2000 });
    expect(leakPriorWeight(base, 2020) / leakPriorWeight(base, 2000)).toBeCloseTo(2, 12);
    const repaired = module({
      launchYear: 2000,
      geometry: {
        sections: [{ shape: 'sphere', diameterM: 2 }],
        features: [
          { kind: 'repair', axialM: 0.5 },
          { kind: 'weld', axialM: 1 },
        ],
        panels: [],
      },
    });
    expect(leakPriorWeight(repaired, 2000)).toBeCloseTo(Math.PI * 4 * 1.5, 10);
    expect(leakPriorWeight(module({ leakPriorWeight: 7, launchYear: 1990 }), 2020)).toBe(7);
  });
});
