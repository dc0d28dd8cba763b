/**
 * The module's inner pressure wall cut into cells (~10 cm) over unrolled coordinates: axial
 * position z [m] along the chain of axisymmetric sections, and angle θ around the axis (0 =
 * zenith, 90° = starboard, as in the station file). Each section is cut into rows of equal axial
 * height and a multiple of 8 columns (so 45° panel edges fall on cell edges).
 *
 * ## Cell areas (exact, so cells sum to sectionAreaM2 of src/localize)
 * A row [z₁, z₂] of a surface of revolution is a band; a cell is the band's share Δθ/2π.
 * Cylinder: 2π·r·Δz. Cone: π·(r₁ + r₂)·√(Δz² + Δr²) (a frustum band). Sphere and spherical-cap
 * dome: 2π·R·Δz (Archimedes' hat-box theorem, R the sphere's radius; a dome of base radius a and
 * depth h has R = (a² + h²)/(2h)). A dome first in the chain has its apex at the start; elsewhere
 * its apex is at its end (a closing bulkhead).
 */
import type { StationModule, WallPanel, WallSection } from '../core/index.js';
import { InputError } from '../core/index.js';

export interface GridPanel {
  id: string;
  name: string;
  kind: WallPanel['kind'];
  /** The panel's extent as declared: axial [m] and angle [deg] ranges. */
  axialM: [number, number];
  angleDeg: [number, number];
  /** Wall area of the panel's cells [m²]. */
  areaM2: number;
  /** Indices of the cells whose centre lies in the panel. */
  cells: Int32Array;
}

export interface WallGrid {
  moduleId: string;
  /** Axial length of the wall [m]. */
  lengthM: number;
  /** Axial extent of each section [m], cumulative from 0. */
  sectionStartsM: number[];
  cellCount: number;
  /** Cell centre: axial position [m] and angle [deg, 0–360). */
  axialM: Float64Array;
  angleDeg: Float64Array;
  /** Cell edges: axial [m] and angle [deg]. */
  axialLoM: Float64Array;
  axialHiM: Float64Array;
  angleLoDeg: Float64Array;
  angleHiDeg: Float64Array;
  /** Wall radius at the cell centre [m]. */
  radiusM: Float64Array;
  areaM2: Float64Array;
  /** Cell centre in 3D, metres: x along the axis, y toward zenith, z toward starboard. */
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  /** Panel index per cell; cells no listed panel covers form a last pseudo-panel `open-wall`. */
  panelOf: Int32Array;
  panels: GridPanel[];
}

export interface WallGridOptions {
  /** Target cell size [m] (default 0.1). */
  cellM?: number;
}

interface Profile {
  lengthM: number;
  /** Radius [m] at local axial position s ∈ [0, lengthM]. */
  radius(s: number): number;
  /** Band area [m²] between local positions s₁ < s₂. */
  bandArea(s1: number, s2: number): number;
  maxRadiusM: number;
}

function profileOf(section: WallSection, first: boolean): Profile {
  switch (section.shape) {
    case 'cylinder': {
      const r = section.diameterM / 2;
      return {
        lengthM: section.lengthM,
        radius: () => r,
        bandArea: (a, b) => 2 * Math.PI * r * (b - a),
        maxRadiusM: r,
      };
    }
    case 'cone': {
      const r1 = section.diameterStartM / 2;
      const r2 = section.diameterEndM / 2;
      const L = section.lengthM;
      const radius = (s: number): number => r1 + ((r2 - r1) * s) / L;
      return {
        lengthM: L,
        radius,
        bandArea: (a, b) => Math.PI * (radius(a) + radius(b)) * Math.hypot(b - a, radius(b) - radius(a)),
        maxRadiusM: Math.max(r1, r2),
      };
    }
    case 'sphere': {
      const R = section.diameterM / 2;
      return {
        lengthM: section.diameterM,
        radius: (s) => Math.sqrt(Math.max(0, R * R - (s - R) * (s - R))),
        bandArea: (a, b) => 2 * Math.PI * R * (b - a),
        maxRadiusM: R,
      };
    }
    case 'dome': {
      const a = section.diameterM / 2;
      const h = section.depthM;
      const R = (a * a + h * h) / (2 * h);
      // distance along the axis from the apex
      const fromApex = (s: number): number => (first ? s : h - s);
      return {
        lengthM: h,
        radius: (s) => {
          const t = fromApex(s);
          return Math.sqrt(Math.max(0, R * R - (R - t) * (R - t)));
        },
        bandArea: (s1, s2) => 2 * Math.PI * R * (s2 - s1),
        maxRadiusM: a,
      };
    }
  }
}

/** Angle folded into [0, 360). */
export function wrapDeg(deg: number): number {
  const w = deg % 360;
  return w < 0 ? w + 360 : w;
}

/** True when `deg` lies in the angular range [lo, hi] taken counter-clockwise (wrapping at 360). */
export function angleInRange(deg: number, lo: number, hi: number): boolean {
  if (hi - lo >= 360) return true;
  const span = wrapDeg(hi - lo);
  return wrapDeg(deg - lo) <= span;
}

export function buildWallGrid(module: StationModule, options: WallGridOptions = {}): WallGrid {
  const cellM = options.cellM ?? 0.1;
  const sections = module.geometry?.sections ?? [];
  if (sections.length === 0)
    throw new InputError({
      where: `module '${module.id}'.geometry.sections`,
      problem: 'the search needs the module wall geometry (cylinder, cone, dome or sphere sections)',
    });
  if (!(cellM > 0)) throw new InputError({ where: 'cell size', problem: 'must be > 0 m', value: cellM });
  const rows: { z1: number; z2: number; r: number; band: number; n: number }[] = [];
  const sectionStartsM: number[] = [];
  let z0 = 0;
  sections.forEach((section, k) => {
    const p = profileOf(section, k === 0);
    sectionStartsM.push(z0);
    const nRows = Math.max(1, Math.ceil(p.lengthM / cellM - 1e-9));
    const nTheta = Math.max(8, 8 * Math.round((2 * Math.PI * p.maxRadiusM) / cellM / 8));
    for (let i = 0; i < nRows; i++) {
      const s1 = (p.lengthM * i) / nRows;
      const s2 = (p.lengthM * (i + 1)) / nRows;
      rows.push({
        z1: z0 + s1,
        z2: z0 + s2,
        r: p.radius((s1 + s2) / 2),
        band: p.bandArea(s1, s2),
        n: nTheta,
      });
    }
    z0 += p.lengthM;
  });
  const cellCount = rows.reduce((sum, r) => sum + r.n, 0);
  const grid: WallGrid = {
    moduleId: module.id,
    lengthM: z0,
    sectionStartsM,
    cellCount,
    axialM: new Float64Array(cellCount),
    angleDeg: new Float64Array(cellCount),
    axialLoM: new Float64Array(cellCount),
    axialHiM: new Float64Array(cellCount),
    angleLoDeg: new Float64Array(cellCount),
    angleHiDeg: new Float64Array(cellCount),
    radiusM: new Float64Array(cellCount),
    areaM2: new Float64Array(cellCount),
    x: new Float64Array(cellCount),
    y: new Float64Array(cellCount),
    z: new Float64Array(cellCount),
    panelOf: new Int32Array(cellCount).fill(-1),
    panels: [],
  };
  let c = 0;
  for (const row of rows) {
    const dTheta = 360 / row.n;
    for (let j = 0; j < row.n; j++, c++) {
      const theta = (j + 0.5) * dTheta;
      const rad = (theta * Math.PI) / 180;
      grid.axialM[c] = (row.z1 + row.z2) / 2;
      grid.axialLoM[c] = row.z1;
      grid.axialHiM[c] = row.z2;
      grid.angleDeg[c] = theta;
      grid.angleLoDeg[c] = j * dTheta;
      grid.angleHiDeg[c] = (j + 1) * dTheta;
      grid.radiusM[c] = row.r;
      grid.areaM2[c] = row.band / row.n;
      grid.x[c] = (row.z1 + row.z2) / 2;
      grid.y[c] = row.r * Math.cos(rad);
      grid.z[c] = row.r * Math.sin(rad);
    }
  }
  const panels = module.geometry?.panels ?? [];
  panels.forEach((panel, index) => {
    const members: number[] = [];
    let area = 0;
    for (let i = 0; i < cellCount; i++) {
      if (grid.panelOf[i] !== -1) continue;
      const a = grid.axialM[i] as number;
      if (a < panel.axialM[0] || a > panel.axialM[1]) continue;
      if (!angleInRange(grid.angleDeg[i] as number, panel.angleDeg[0], panel.angleDeg[1])) continue;
      grid.panelOf[i] = index;
      members.push(i);
      area += grid.areaM2[i] as number;
    }
    grid.panels.push({
      id: panel.id,
      name: panel.name ?? panel.id,
      kind: panel.kind,
      axialM: panel.axialM,
      angleDeg: panel.angleDeg,
      areaM2: area,
      cells: Int32Array.from(members),
    });
  });
  const uncovered: number[] = [];
  let uncoveredArea = 0;
  for (let i = 0; i < cellCount; i++)
    if (grid.panelOf[i] === -1) {
      uncovered.push(i);
      uncoveredArea += grid.areaM2[i] as number;
    }
  if (uncovered.length > 0) {
    // wall no listed panel covers is searched as open wall, so every cell can be reached
    for (const c of uncovered) grid.panelOf[c] = grid.panels.length;
    grid.panels.push({
      id: UNCOVERED_PANEL_ID,
      name: 'wall outside the listed panels',
      kind: 'open',
      axialM: [0, z0],
      angleDeg: [0, 360],
      areaM2: uncoveredArea,
      cells: Int32Array.from(uncovered),
    });
  }
  return grid;
}

/** Id of the pseudo-panel holding the cells no listed panel covers. */
export const UNCOVERED_PANEL_ID = 'open-wall';

/** Index of a panel by id; throws InputError naming the id and the module's panels. */
export function panelIndex(grid: WallGrid, id: string, where = 'panel'): number {
  const index = grid.panels.findIndex((p) => p.id === id);
  if (index < 0)
    throw new InputError({
      where,
      problem: `no such panel in module '${grid.moduleId}' (panels: ${grid.panels.map((p) => p.id).join(', ') || 'none'})`,
      value: id,
    });
  return index;
}

/** The cell containing (axial [m], angle [deg]), or the nearest cell centre. */
export function cellAt(grid: WallGrid, axialM: number, angleDeg: number): number {
  const a = Math.min(Math.max(axialM, 0), grid.lengthM);
  const t = wrapDeg(angleDeg);
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (let i = 0; i < grid.cellCount; i++) {
    if (
      a >= (grid.axialLoM[i] as number) &&
      a <= (grid.axialHiM[i] as number) &&
      t >= (grid.angleLoDeg[i] as number) &&
      t < (grid.angleHiDeg[i] as number)
    )
      return i;
    const dz = (grid.axialM[i] as number) - a;
    const dt = Math.abs(wrapDeg((grid.angleDeg[i] as number) - t + 180) - 180);
    const d = dz * dz + ((dt * (grid.radiusM[i] as number) * Math.PI) / 180) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Wall radius [m] at an axial position, from the nearest cell row. */
export function radiusAt(grid: WallGrid, axialM: number): number {
  return grid.radiusM[cellAt(grid, axialM, 0)] as number;
}

/** Straight-line distance [m] between the centres of two cells. */
export function cellDistanceM(grid: WallGrid, i: number, j: number): number {
  return Math.hypot(
    (grid.x[i] as number) - (grid.x[j] as number),
    (grid.y[i] as number) - (grid.y[j] as number),
    (grid.z[i] as number) - (grid.z[j] as number),
  );
}

/** 3D point [m] on the wall at (axial, angle). */
export function wallPoint(grid: WallGrid, axialM: number, angleDeg: number): [number, number, number] {
  const r = radiusAt(grid, axialM);
  const rad = (angleDeg * Math.PI) / 180;
  return [axialM, r * Math.cos(rad), r * Math.sin(rad)];
}
