import { describe, expect, it } from 'vitest';
import type { StationModule, WallFeature } from '../core/index.js';
import { featurePrior } from './feature-prior.js';
import { buildWallGrid, cellAt } from './wall-grid.js';

function tube(features: WallFeature[]): StationModule {
  return {
    id: 'tube',
    name: 'tube',
    volumeM3: 6,
    habitable: true,
    present: true,
    geometry: { sections: [{ shape: 'cylinder', lengthM: 4, diameterM: 1.4 }], features, panels: [] },
  };
}

describe('feature prior', () => {
  it('density per m² is 1 + w·exp(−d²/(2σ²)) around a girth weld, sums to 1', () => {
    const grid = buildWallGrid(tube([{ kind: 'weld', axialM: 2.03 }]));
    const p = featurePrior(grid, tube([]).geometry!.features.concat([{ kind: 'weld', axialM: 2.03 }]), {
      weights: { weld: 5 },
      reachM: 0.1,
    });
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    const far = cellAt(grid, 0.05, 10);
    for (const z of [2.05, 2.15, 1.85]) {
      const c = cellAt(grid, z, 200);
      const d = Math.abs(grid.axialM[c]! - 2.03);
      const ratio = p[c]! / grid.areaM2[c]! / (p[far]! / grid.areaM2[far]!);
      const farDensity = 1 + 5 * Math.exp(-((2.03 - grid.axialM[far]!) ** 2) / 0.02);
      expect(ratio, `z ${z}`).toBeCloseTo((1 + 5 * Math.exp(-(d * d) / 0.02)) / farDensity, 12);
    }
  });

  it('a point feature with a diameter counts from its rim; a feature weight overrides its kind', () => {
    const window: WallFeature = { kind: 'window', axialM: 2, angleDeg: 90, diameterM: 0.4, weight: 9 };
    const grid = buildWallGrid(tube([window]));
    const p = featurePrior(grid, [window]);
    const onRim = cellAt(grid, 2.15, 90); // ~0.16 m from the centre: inside the 0.2 m rim
    const opposite = cellAt(grid, 2.15, 270);
    expect(p[onRim]! / grid.areaM2[onRim]! / (p[opposite]! / grid.areaM2[opposite]!)).toBeCloseTo(10, 9);
  });
});
