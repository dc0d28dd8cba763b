/**
 * Crew metabolism, O2 generation and CO2/humidity removal, each acting on the module it is in.
 */

import type { Topology } from '../core/index.js';
import {
  CO2,
  CREW_CO2_KG_PER_DAY,
  CREW_H2O_KG_PER_DAY,
  CREW_O2_KG_PER_DAY,
  GAS_CONSTANT,
  H2O,
  MOLAR_MASS,
  O2,
  type Rng,
  rngFor,
  type Scenario,
  SPECIES_COUNT,
} from '../core/index.js';

export { CREW_CO2_KG_PER_DAY, CREW_H2O_KG_PER_DAY, CREW_O2_KG_PER_DAY };

import { changeSpecies, type GasState, type Ledger } from './gas.js';

/**
 * Metabolic rate relative to the daily mean at a UTC hour: asleep 21:30–06:00 at 0.7, two hours
 * of exercise (08–09, 15–16) at 2.0, otherwise 1.0407 so that the daily mean is exactly 1.
 */
export function metabolicFactor(utcHour: number): number {
  if (utcHour >= 21.5 || utcHour < 6) return 0.7;
  if ((utcHour >= 8 && utcHour < 9) || (utcHour >= 15 && utcHour < 16)) return 2.0;
  return (24 - 8.5 * 0.7 - 2 * 2.0) / 13.5;
}

export interface LifeSupportState {
  crewCount: number;
  /** Modules named for the crew; empty = habitable modules of the largest open group. */
  crewModules: number[];
  /** Persons in each module (fractional: the crew's time spread by volume). */
  crewShare: Float64Array;
  generatorOn: Uint8Array;
  generatorRateKgPerS: Float64Array;
  /** Time of the next random failure or repair [s], per generator (Infinity = none). */
  generatorNextChangeS: Float64Array;
  scrubberOn: Uint8Array;
  generatorModule: Int32Array;
  scrubberModule: Int32Array;
  failures: Rng;
}

export function createLifeSupportState(
  scenario: Scenario,
  moduleIndex: Map<string, number>,
): LifeSupportState {
  const { station } = scenario;
  const failures = rngFor(scenario.seed, 'failures');
  const state: LifeSupportState = {
    crewCount: scenario.crew.count,
    crewModules: scenario.crew.modules.map((id) => moduleIndex.get(id) as number),
    crewShare: new Float64Array(station.modules.length),
    generatorOn: Uint8Array.from(station.generators.map((g) => (g.initiallyOn ? 1 : 0))),
    generatorRateKgPerS: Float64Array.from(station.generators.map((g) => g.rateKgPerS)),
    generatorNextChangeS: new Float64Array(station.generators.length).fill(Number.POSITIVE_INFINITY),
    scrubberOn: Uint8Array.from(station.scrubbers.map((s) => (s.initiallyOn ? 1 : 0))),
    generatorModule: Int32Array.from(station.generators.map((g) => moduleIndex.get(g.module) as number)),
    scrubberModule: Int32Array.from(station.scrubbers.map((s) => moduleIndex.get(s.module) as number)),
    failures,
  };
  if (scenario.lifeSupport.randomFailures) {
    station.generators.forEach((g, i) => {
      if (g.mtbfS !== undefined && g.mttrS !== undefined && state.generatorOn[i] === 1)
        state.generatorNextChangeS[i] = failures.exponential(g.mtbfS);
    });
  }
  return state;
}

/** Spreads the crew over its modules by volume, leaving out modules that are not attached. */
export function placeCrew(
  state: LifeSupportState,
  gas: GasState,
  present: Uint8Array,
  habitable: Uint8Array,
  topology: Topology,
): void {
  state.crewShare.fill(0);
  let modules = state.crewModules.filter((i) => present[i] === 1);
  if (modules.length === 0) {
    let largest = -1;
    let largestVolume = 0;
    topology.groups.forEach((group, g) => {
      let volume = 0;
      for (const i of group.modules) if (habitable[i] === 1) volume += gas.volumeM3[i] as number;
      if (volume > largestVolume) {
        largestVolume = volume;
        largest = g;
      }
    });
    modules =
      largest < 0
        ? []
        : Array.from(topology.groups[largest]?.modules ?? []).filter((i) => habitable[i] === 1);
  }
  let volume = 0;
  for (const i of modules) volume += gas.volumeM3[i] as number;
  for (const i of modules) state.crewShare[i] = (state.crewCount * (gas.volumeM3[i] as number)) / volume;
}

/**
 * One step of crew metabolism, O2 generation and scrubbing.
 *
 * ## Method
 * Crew and generators act at constant rates over the step. A proportional scrubber removes its
 * nominal ṁ at its reference partial pressure, so its species decays as exp(−λ·dt) with
 * λ = ṁ_nom·R·T/(M·V·p_ref). A set-point scrubber inside its band relaxes the excess over the set
 * point as exp(−λ·dt), λ = ṁ_cap·R·T/(M·V·band), and above the band removes its capacity. Both
 * use the exact factor over the step.
 */
export function applyLifeSupport(
  state: LifeSupportState,
  scenario: Scenario,
  gas: GasState,
  present: Uint8Array,
  ledger: Ledger,
  timeS: number,
  utcHour: number,
  dtS: number,
): void {
  const { station } = scenario;
  if (state.crewCount > 0) {
    const f = (metabolicFactor(utcHour) * dtS) / 86400;
    const o2 = (CREW_O2_KG_PER_DAY * f) / MOLAR_MASS.o2;
    const co2 = (CREW_CO2_KG_PER_DAY * f) / MOLAR_MASS.co2;
    const h2o = (CREW_H2O_KG_PER_DAY * f) / MOLAR_MASS.h2o;
    for (let i = 0; i < state.crewShare.length; i++) {
      const persons = state.crewShare[i] as number;
      if (persons === 0 || present[i] !== 1) continue;
      changeSpecies(gas, i, O2, -o2 * persons, ledger.consumed);
      changeSpecies(gas, i, CO2, co2 * persons, ledger.added);
      changeSpecies(gas, i, H2O, h2o * persons, ledger.added);
    }
  }
  station.generators.forEach((g, k) => {
    if (timeS >= (state.generatorNextChangeS[k] as number)) {
      const failing = state.generatorOn[k] === 1;
      state.generatorOn[k] = failing ? 0 : 1;
      state.generatorNextChangeS[k] =
        timeS + state.failures.exponential((failing ? g.mttrS : g.mtbfS) ?? Number.POSITIVE_INFINITY);
    }
    const i = state.generatorModule[k] as number;
    if (state.generatorOn[k] !== 1 || present[i] !== 1) return;
    changeSpecies(gas, i, O2, ((state.generatorRateKgPerS[k] as number) * dtS) / MOLAR_MASS.o2, ledger.added);
  });
  station.scrubbers.forEach((s, k) => {
    const i = state.scrubberModule[k] as number;
    if (state.scrubberOn[k] !== 1 || present[i] !== 1) return;
    const species = s.gas === 'co2' ? CO2 : H2O;
    const molar = MOLAR_MASS[s.gas];
    const molesPerPa = (gas.volumeM3[i] as number) / (GAS_CONSTANT * (gas.temperatureK[i] as number));
    const n = gas.moles[i * SPECIES_COUNT + species] as number;
    if (s.mode === 'proportional') {
      const lambda = s.nominalKgPerS / (molar * molesPerPa * s.referencePa);
      changeSpecies(gas, i, species, n * Math.expm1(-lambda * dtS), ledger.consumed);
      return;
    }
    const excess = n - s.setpointPa * molesPerPa;
    if (excess <= 0) return;
    const saturated = excess >= s.bandPa * molesPerPa;
    const lambda = s.capacityKgPerS / (molar * molesPerPa * s.bandPa);
    const removed = saturated ? (s.capacityKgPerS * dtS) / molar : -excess * Math.expm1(-lambda * dtS);
    changeSpecies(gas, i, species, -Math.min(removed, excess), ledger.consumed);
  });
}
