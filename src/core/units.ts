/**
 * Units at the edge: every reader, writer and screen converts with these; the core works in SI
 * (Pa, K, kg, kg/s, m³, s). A unit converts by SI = value·scale + offset.
 */
import { InputError } from './errors.js';

export type Dimension = 'pressure' | 'temperature' | 'mass-rate' | 'mass' | 'count' | 'state';

interface UnitDefinition {
  dimension: Dimension;
  scale: number;
  offset: number;
}

/** Standard atmosphere-derived conversion: 1 mmHg = 101325/760 Pa (exact by definition of torr). */
export const PA_PER_MMHG = 101325 / 760;
const PA_PER_PSI = 6894.757293168361;
const KG_PER_LBM = 0.45359237;
const SECONDS_PER_DAY = 86400;

const UNITS: Readonly<Record<string, UnitDefinition>> = {
  Pa: { dimension: 'pressure', scale: 1, offset: 0 },
  kPa: { dimension: 'pressure', scale: 1000, offset: 0 },
  hPa: { dimension: 'pressure', scale: 100, offset: 0 },
  MPa: { dimension: 'pressure', scale: 1e6, offset: 0 },
  bar: { dimension: 'pressure', scale: 1e5, offset: 0 },
  atm: { dimension: 'pressure', scale: 101325, offset: 0 },
  mmHg: { dimension: 'pressure', scale: PA_PER_MMHG, offset: 0 },
  torr: { dimension: 'pressure', scale: PA_PER_MMHG, offset: 0 },
  psi: { dimension: 'pressure', scale: PA_PER_PSI, offset: 0 },
  K: { dimension: 'temperature', scale: 1, offset: 0 },
  degC: { dimension: 'temperature', scale: 1, offset: 273.15 },
  degF: { dimension: 'temperature', scale: 5 / 9, offset: 273.15 - (32 * 5) / 9 },
  'kg/s': { dimension: 'mass-rate', scale: 1, offset: 0 },
  'kg/h': { dimension: 'mass-rate', scale: 1 / 3600, offset: 0 },
  'kg/day': { dimension: 'mass-rate', scale: 1 / SECONDS_PER_DAY, offset: 0 },
  'lbm/day': { dimension: 'mass-rate', scale: KG_PER_LBM / SECONDS_PER_DAY, offset: 0 },
  'g/h': { dimension: 'mass-rate', scale: 1e-3 / 3600, offset: 0 },
  kg: { dimension: 'mass', scale: 1, offset: 0 },
  lbm: { dimension: 'mass', scale: KG_PER_LBM, offset: 0 },
  count: { dimension: 'count', scale: 1, offset: 0 },
  state: { dimension: 'state', scale: 1, offset: 0 },
};

/** Every unit name Airtight understands. */
export const UNIT_NAMES: readonly string[] = Object.keys(UNITS);

export function isUnit(name: string): boolean {
  return Object.hasOwn(UNITS, name);
}

/** Whether a unit a record names is the one declared (case aside: "MMHG" is mmHg). */
export function sameUnit(named: string, declared: string): boolean {
  return named.toLowerCase() === declared.toLowerCase();
}

export function dimensionOf(unit: string): Dimension {
  return definition(unit).dimension;
}

/** Converts a value in `unit` to SI. */
export function toSI(value: number, unit: string): number {
  const u = definition(unit);
  return value * u.scale + u.offset;
}

/** Converts an SI value to `unit`. */
export function fromSI(value: number, unit: string): number {
  const u = definition(unit);
  return (value - u.offset) / u.scale;
}

/**
 * An SI value in `unit` as an answer shows it: to twelve significant digits, so the float noise of
 * the round trip through SI is gone (746.592 mmHg, not 746.5920000000001).
 */
export function fromSIShown(value: number, unit: string): number {
  return Number(fromSI(value, unit).toPrecision(12));
}

/** Scale factor of a unit for differences (noise, resolution, bias): Δ_SI = Δ·scale. */
export function unitScale(unit: string): number {
  return definition(unit).scale;
}

/** A linear map SI → unit, as `unit = si·a + b`, for hot loops. */
export function fromSIMap(unit: string): { a: number; b: number } {
  const u = definition(unit);
  return { a: 1 / u.scale, b: -u.offset / u.scale };
}

function definition(unit: string): UnitDefinition {
  const u = UNITS[unit];
  if (u === undefined) {
    throw new InputError({ problem: `unknown unit; known units are ${UNIT_NAMES.join(', ')}`, value: unit });
  }
  return u;
}

export const mmHgToPa = (mmHg: number): number => mmHg * PA_PER_MMHG;
export const paToMmHg = (pa: number): number => pa / PA_PER_MMHG;
export const degCToK = (degC: number): number => degC + 273.15;
export const kToDegC = (k: number): number => k - 273.15;
export const kgPerDayToKgPerS = (kgPerDay: number): number => kgPerDay / SECONDS_PER_DAY;
export const kgPerSToKgPerDay = (kgPerS: number): number => kgPerS * SECONDS_PER_DAY;
export { SECONDS_PER_DAY };
