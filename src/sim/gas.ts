/**
 * Gas in modules: moles of each species per module (4 per module, in SPECIES order), with each
 * module's volume and air temperature. Pressure follows the ideal gas law and Dalton's law,
 * p = Σ n_s·R·T/V. Every change of gas goes through these functions so that mass is booked.
 */
import { GAS_CONSTANT, MOLAR_MASS_BY_INDEX, SPECIES_COUNT } from '../core/index.js';

export interface GasState {
  /** Moles [mol] of species s in module i at index 4·i + s. */
  moles: Float64Array;
  volumeM3: Float64Array;
  temperatureK: Float64Array;
}

/** Where gas that left or entered the cabin went or came from, per species [kg]. */
export interface Ledger {
  /** Lost to vacuum: leaks and vent valves. */
  vented: Float64Array;
  /** Taken by crew metabolism and scrubbers. */
  consumed: Float64Array;
  /** Given by crew metabolism, generators, gas stores and arriving vehicles. */
  added: Float64Array;
  /** Carried away by departing vehicles. */
  departed: Float64Array;
}

export function createLedger(): Ledger {
  return {
    vented: new Float64Array(SPECIES_COUNT),
    consumed: new Float64Array(SPECIES_COUNT),
    added: new Float64Array(SPECIES_COUNT),
    departed: new Float64Array(SPECIES_COUNT),
  };
}

export function totalMoles(gas: GasState, module: number): number {
  const o = module * SPECIES_COUNT;
  const m = gas.moles;
  return (m[o] as number) + (m[o + 1] as number) + (m[o + 2] as number) + (m[o + 3] as number);
}

export function pressurePa(gas: GasState, module: number): number {
  return (
    (totalMoles(gas, module) * GAS_CONSTANT * (gas.temperatureK[module] as number)) /
    (gas.volumeM3[module] as number)
  );
}

export function partialPressurePa(gas: GasState, module: number, species: number): number {
  return (
    ((gas.moles[module * SPECIES_COUNT + species] as number) *
      GAS_CONSTANT *
      (gas.temperatureK[module] as number)) /
    (gas.volumeM3[module] as number)
  );
}

/** Mean molar mass [kg/mol] of a module's air (that of N2 when the module is empty). */
export function molarMass(gas: GasState, module: number): number {
  const o = module * SPECIES_COUNT;
  let n = 0;
  let mass = 0;
  for (let s = 0; s < SPECIES_COUNT; s++) {
    const ns = gas.moles[o + s] as number;
    n += ns;
    mass += ns * (MOLAR_MASS_BY_INDEX[s] as number);
  }
  return n > 0 ? mass / n : (MOLAR_MASS_BY_INDEX[0] as number);
}

/** Mass [kg] of all gas in a module. */
export function moduleMassKg(gas: GasState, module: number): number {
  const o = module * SPECIES_COUNT;
  let mass = 0;
  for (let s = 0; s < SPECIES_COUNT; s++)
    mass += (gas.moles[o + s] as number) * (MOLAR_MASS_BY_INDEX[s] as number);
  return mass;
}

/**
 * Moves `amount` moles of a module's air, in its current composition, to another module (`to` ≥ 0)
 * or out of the cabin into a ledger bucket (`to` = -1). Never takes more than the module holds.
 * Returns the moles moved.
 */
export function moveAir(
  gas: GasState,
  from: number,
  to: number,
  amount: number,
  bucket?: Float64Array,
): number {
  const total = totalMoles(gas, from);
  if (amount <= 0 || total <= 0) return 0;
  const fraction = amount >= total ? 1 : amount / total;
  const src = from * SPECIES_COUNT;
  const dst = to * SPECIES_COUNT;
  for (let s = 0; s < SPECIES_COUNT; s++) {
    const ns = gas.moles[src + s] as number;
    const moved = fraction === 1 ? ns : ns * fraction;
    gas.moles[src + s] = ns - moved;
    if (to >= 0) gas.moles[dst + s] = (gas.moles[dst + s] as number) + moved;
    else if (bucket !== undefined)
      bucket[s] = (bucket[s] as number) + moved * (MOLAR_MASS_BY_INDEX[s] as number);
  }
  return fraction === 1 ? total : amount;
}

/** Adds (amount > 0) or removes (amount < 0) moles of one species, booked in `bucket` [kg]. Returns moles changed. */
export function changeSpecies(
  gas: GasState,
  module: number,
  species: number,
  amount: number,
  bucket: Float64Array,
): number {
  const k = module * SPECIES_COUNT + species;
  const current = gas.moles[k] as number;
  const change = Math.max(amount, -current);
  gas.moles[k] = current + change;
  bucket[species] = (bucket[species] as number) + Math.abs(change) * (MOLAR_MASS_BY_INDEX[species] as number);
  return change;
}
