/**
 * Builds the gas inventory model of a station: O2 and N2 in its stores (air split by the cabin
 * composition), its generators, the crew, the reserve floors of its policy, and a leak estimate.
 *
 * Reserve policy (the station's `gas_budget`, defaults from DOMAIN.md §5): O2 floor = the crew's
 * use over `reserve_o2_days` (45, the 2004 rule) at the starting crew; N2 floor = the N2 that
 * repressurises one module once, m = x_N2·M_N2·p·V/(R·T) at the nominal pressure and temperature.
 */
import {
  type Composition,
  CREW_O2_KG_PER_DAY,
  GAS_CONSTANT,
  type GasBudget,
  kgPerDayToKgPerS,
  MOLAR_MASS,
  meanMolarMass,
  type Station,
} from '../core/index.js';
import type { Manifest } from './manifest.js';
import type { CrewPeriod, Gas, InventoryModel, Normal, StoreContent } from './model.js';

export interface InventoryInputs {
  startS: number;
  /** Whole-station leak [kg/s]. */
  leakKgPerS: Normal;
  manifest?: Manifest;
}

/** The station's gas budget, or DOMAIN.md §5's defaults when its file has none. */
export function gasBudgetOf(station: Station): GasBudget {
  return (
    station.gasBudget ?? {
      o2PerPersonKgPerS: kgPerDayToKgPerS(CREW_O2_KG_PER_DAY),
      o2PerPersonSdKgPerS: kgPerDayToKgPerS(0.1),
      backgroundLeakKgPerS: 0,
      reserveO2S: 45 * 86400,
    }
  );
}

/** Mass fraction of O2 and N2 in cabin air (the other species stay in the remainder). */
export function massFractions(composition: Composition): Record<Gas, number> {
  const m = meanMolarMass(composition);
  return {
    o2: (composition.o2 * MOLAR_MASS.o2) / m,
    n2: (composition.n2 * MOLAR_MASS.n2) / m,
  };
}

/** Each store's O2 and N2; air is split in the ratio of O2 to N2 in cabin air. */
export function storeContents(station: Station): StoreContent[] {
  const w = massFractions(station.composition);
  const o2Share = w.o2 / (w.o2 + w.n2);
  return station.gasStores.map((s) => ({
    id: s.id,
    module: s.module,
    o2Kg: s.gas === 'o2' ? s.massKg : s.gas === 'air' ? s.massKg * o2Share : 0,
    n2Kg: s.gas === 'n2' ? s.massKg : s.gas === 'air' ? s.massKg * (1 - o2Share) : 0,
  }));
}

/** The module whose repressurisation sets the N2 floor: the policy's, else the largest present one. */
export function repressModule(station: Station, exclude: ReadonlySet<string> = new Set()): string | null {
  const named = gasBudgetOf(station).reserveN2Module;
  if (named !== undefined && !exclude.has(named)) return named;
  let best: { id: string; volume: number } | null = null;
  for (const m of station.modules)
    if (m.present && !exclude.has(m.id) && (best === null || m.volumeM3 > best.volume))
      best = { id: m.id, volume: m.volumeM3 };
  return best?.id ?? null;
}

/** N2 [kg] to bring one module from vacuum to the nominal pressure. */
export function repressN2Kg(station: Station, moduleId: string | null): number {
  const module = station.modules.find((m) => m.id === moduleId);
  if (module === undefined) return 0;
  const temperature = module.airTemperatureK ?? station.airTemperatureK;
  const moles = (station.nominalPressurePa * module.volumeM3) / (GAS_CONSTANT * temperature);
  return moles * (station.composition.n2 / sumOf(station.composition)) * MOLAR_MASS.n2;
}

function sumOf(c: Composition): number {
  return c.n2 + c.o2 + c.co2 + c.h2o;
}

export function inventoryFromStation(station: Station, inputs: InventoryInputs): InventoryModel {
  const budget = gasBudgetOf(station);
  const stores = storeContents(station);
  const manifest = inputs.manifest;
  const crew: CrewPeriod[] =
    manifest !== undefined && manifest.crew.length > 0
      ? [...manifest.crew].sort((a, b) => a.fromS - b.fromS)
      : [{ fromS: inputs.startS, count: station.crew.nominal }];
  const startCrew = crewAt(crew, inputs.startS);
  const w = massFractions(station.composition);
  const o2Share = w.o2 / (w.o2 + w.n2);
  return {
    startS: inputs.startS,
    stores,
    initialKg: totals(stores),
    floorKg: {
      o2: budget.reserveO2S * startCrew * budget.o2PerPersonKgPerS,
      n2: repressN2Kg(station, repressModule(station)),
    },
    o2PerPersonKgPerS: { mean: budget.o2PerPersonKgPerS, sd: budget.o2PerPersonSdKgPerS },
    crew,
    leakKgPerS: inputs.leakKgPerS,
    backgroundLeakKgPerS: budget.backgroundLeakKgPerS,
    excessLeakFactor: 1,
    leakFraction: w,
    generators: station.generators
      .filter((g) => g.initiallyOn)
      .map((g) => ({
        id: g.id,
        rateKgPerS: g.rateKgPerS,
        ...(g.mtbfS !== undefined && { mtbfS: g.mtbfS }),
        ...(g.mttrS !== undefined && { mttrS: g.mttrS }),
      })),
    flights: (manifest?.flights ?? []).map((f) => ({
      id: f.id,
      arrivalS: f.arrivalS,
      slipS: f.slipS,
      failureProbability: f.failureProbability,
      o2Kg: f.o2Kg + f.airKg * o2Share,
      n2Kg: f.n2Kg + f.airKg * (1 - o2Share),
    })),
  };
}

export function totals(stores: readonly StoreContent[]): Record<Gas, number> {
  let o2 = 0;
  let n2 = 0;
  for (const s of stores) {
    o2 += s.o2Kg;
    n2 += s.n2Kg;
  }
  return { o2, n2 };
}

/** Crew aboard at time t: the last period starting at or before t (the first one before any). */
export function crewAt(crew: readonly CrewPeriod[], t: number): number {
  let count = crew[0]?.count ?? 0;
  for (const c of crew) if (c.fromS <= t) count = c.count;
  return count;
}
