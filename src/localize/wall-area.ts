/**
 * Area of a module's pressure wall [m²], from its axisymmetric sections (core/station.ts):
 * cylinder π·d·L; cone frustum π·(r₁ + r₂)·√(L² + (r₁ − r₂)²); spherical-cap dome π·(a² + h²)
 * with a = d/2 and h its depth; sphere π·d². A module without geometry is taken as a cylinder
 * twice as long as it is wide holding its volume (area = 2.5·π·d², d = (2V/π)^(1/3)).
 */
import type { StationModule, WallSection } from '../core/index.js';

export function sectionAreaM2(section: WallSection): number {
  switch (section.shape) {
    case 'cylinder':
      return Math.PI * section.diameterM * section.lengthM;
    case 'cone': {
      const r1 = section.diameterStartM / 2;
      const r2 = section.diameterEndM / 2;
      return Math.PI * (r1 + r2) * Math.hypot(section.lengthM, r1 - r2);
    }
    case 'dome': {
      const a = section.diameterM / 2;
      return Math.PI * (a * a + section.depthM * section.depthM);
    }
    case 'sphere':
      return Math.PI * section.diameterM * section.diameterM;
  }
}

export function wallAreaM2(module: StationModule): number {
  const sections = module.geometry?.sections ?? [];
  if (sections.length > 0) return sections.reduce((sum, s) => sum + sectionAreaM2(s), 0);
  // a cylinder of length 2d with flat ends: V = π·d³/2, A = π·d·2d + 2·π·d²/4 = 2.5·π·d²
  const d = Math.cbrt((2 * module.volumeM3) / Math.PI);
  return 2.5 * Math.PI * d * d;
}

/** Years of flight that double a wall's prior weight (wear, micrometeoroid and debris exposure). */
const AGE_DOUBLING_YEARS = 20;
/** Extra prior weight per earlier repair on the wall (cracks come back near old ones). */
const REPAIR_WEIGHT = 0.5;

/**
 * Relative prior weight of a leak being in a module: its `leak_prior_weight` when the station
 * file sets one, else wall area × (1 + years flown / 20) × (1 + 0.5 per earlier repair).
 * These factors are a modelling choice (DOMAIN.md gives none); they only order modules a priori,
 * and isolation tests quickly outweigh them.
 */
export function leakPriorWeight(module: StationModule, year: number): number {
  if (module.leakPriorWeight !== undefined) return module.leakPriorWeight;
  const age = module.launchYear !== undefined ? Math.max(0, year - module.launchYear) : 0;
  const repairs = (module.geometry?.features ?? []).filter((f) => f.kind === 'repair').length;
  return wallAreaM2(module) * (1 + age / AGE_DOUBLING_YEARS) * (1 + REPAIR_WEIGHT * repairs);
}
