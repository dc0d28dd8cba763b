import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import type { StationModule, WallSection } from '../core/index.js';
import { wallAreaM2 } from '../localize/index.js';
import { buildWallGrid, cellAt } from './wall-grid.js';

function moduleOf(sections: WallSection[]): StationModule {
  return {
    id: 'test',
    name: 'test',
    volumeM3: 1,
    habitable: true,
    present: true,
    geometry: { sections, features: [], panels: [] },
  };
}

const sum = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);

describe('wall grid', () => {
  // closed forms written out here, independent of src/localize/wall-area.ts
  const cases: [string, WallSection, number][] = [
    ['cylinder π·d·L', { shape: 'cylinder', lengthM: 2.1, diameterM: 1.4 }, Math.PI * 1.4 * 2.1],
    [
      'cone frustum π(r1+r2)·slant',
      { shape: 'cone', lengthM: 0.5, diameterStartM: 1.8, diameterEndM: 1.4 },
      Math.PI * (0.9 + 0.7) * Math.sqrt(0.25 + 0.04),
    ],
    ['sphere π·d²', { shape: 'sphere', diameterM: 2.58 }, Math.PI * 2.58 ** 2],
    ['dome cap π(a²+h²)', { shape: 'dome', diameterM: 4.2, depthM: 0.5 }, Math.PI * (2.1 ** 2 + 0.25)],
  ];
  for (const [name, section, area] of cases) {
    it(`cell areas sum to the ${name}`, () => {
      for (const cellM of [0.1, 0.037, 0.5]) {
        const grid = buildWallGrid(moduleOf([section]), { cellM });
        expect(sum(grid.areaM2), `${name} at ${cellM} m`).toBeCloseTo(area, 9);
      }
    });
  }

  it('every built-in module with geometry: cells sum to its wall area', () => {
    for (const name of ['iss', 'haven', 'chamber']) {
      for (const m of loadStation(name).modules) {
        if (m.geometry === undefined || m.geometry.sections.length === 0) continue;
        const grid = buildWallGrid(m);
        expect(sum(grid.areaM2), `${name}/${m.id}`).toBeCloseTo(wallAreaM2(m), 8);
      }
    }
  });

  it('cells are ~10 cm and the PrK panels cover the whole wall once', () => {
    const prk = loadStation('iss').modules.find((m) => m.id === 'zvezda-prk');
    const grid = buildWallGrid(prk as StationModule);
    expect(grid.panels).toHaveLength(12);
    expect([...grid.panelOf].every((p) => p >= 0)).toBe(true);
    const panelArea = grid.panels.reduce((s, p) => s + p.areaM2, 0);
    expect(panelArea).toBeCloseTo(sum(grid.areaM2), 9);
    const mean = sum(grid.areaM2) / grid.cellCount;
    expect(Math.sqrt(mean)).toBeGreaterThan(0.07);
    expect(Math.sqrt(mean)).toBeLessThan(0.12);
    // the stbd tunnel panel holds the cells at 90° in the tunnel
    const c = cellAt(grid, 1.6, 90);
    expect(grid.panels[grid.panelOf[c]!]!.id).toBe('prk-tunnel-stbd');
    // the cell centre sits on the wall: radius 0.7 m in the tunnel
    expect(Math.hypot(grid.y[c]!, grid.z[c]!)).toBeCloseTo(0.7, 9);
  });

  it('a dome first in the chain has its apex at the start', () => {
    const grid = buildWallGrid(
      moduleOf([
        { shape: 'dome', diameterM: 2, depthM: 0.5 },
        { shape: 'cylinder', lengthM: 1, diameterM: 2 },
        { shape: 'dome', diameterM: 2, depthM: 0.5 },
      ]),
    );
    expect(grid.radiusM[cellAt(grid, 0.01, 0)]!).toBeLessThan(0.5);
    expect(grid.radiusM[cellAt(grid, 0.49, 0)]!).toBeGreaterThan(0.95);
    expect(grid.radiusM[cellAt(grid, 1.99, 0)]!).toBeLessThan(0.5);
    expect(grid.lengthM).toBeCloseTo(2, 12);
  });

  it('wall outside the listed panels forms an open pseudo-panel', () => {
    const m = moduleOf([{ shape: 'cylinder', lengthM: 2, diameterM: 1 }]);
    m.geometry!.panels.push({ id: 'A', axialM: [0, 1], angleDeg: [0, 360], kind: 'panel' });
    const grid = buildWallGrid(m);
    expect(grid.panels.map((p) => p.id)).toEqual(['A', 'open-wall']);
    expect(grid.panels[0]!.areaM2).toBeCloseTo(Math.PI * 1 * 1, 9);
    expect(grid.panels[1]!.areaM2).toBeCloseTo(Math.PI * 1 * 1, 9);
    expect(grid.panels[1]!.kind).toBe('open');
    expect([...grid.panelOf].every((p) => p >= 0)).toBe(true);
  });

  it('a module without geometry is refused naming the field', () => {
    expect(() => buildWallGrid({ ...moduleOf([]), id: 'bare' })).toThrow(/module 'bare'.geometry.sections/);
  });
});
