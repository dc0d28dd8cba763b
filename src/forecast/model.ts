/**
 * The gas inventory model a forecast runs on, in SI (kg, s, kg/s, epoch s): O2 and N2 in stores,
 * what draws on them (crew breathing, the leak) and what refills them (O2 generators while they
 * work, cargo flights), and the reserve floors of the policy. Random inputs are described by their
 * distributions; `runForecast` draws them per path, `--deterministic` takes their means.
 */

export type Gas = 'o2' | 'n2';
export const GASES: readonly Gas[] = ['o2', 'n2'];

/** A normal distribution, in the unit its field names. */
export interface Normal {
  mean: number;
  sd: number;
}

export interface GeneratorModel {
  id: string;
  /** O2 production while working [kg/s]. */
  rateKgPerS: number;
  /** Mean time between failures [s]; absent = never fails. */
  mtbfS?: number;
  /** Mean time to repair [s]. */
  mttrS?: number;
  /** Forced off over [fromS, toS) (epoch s), e.g. a what-if outage. */
  outage?: { fromS: number; toS: number };
}

export interface CargoFlight {
  id: string;
  /** Planned arrival [epoch s]. */
  arrivalS: number;
  /** Launch slip [s], normal, added to the planned arrival (an arrival is never before the start). */
  slipS: Normal;
  /** Probability the flight never delivers. */
  failureProbability: number;
  /** Gas delivered into the stores [kg]. */
  o2Kg: number;
  n2Kg: number;
}

/** Crew aboard from `fromS` (epoch s) until the next period. */
export interface CrewPeriod {
  fromS: number;
  count: number;
}

/** One store's O2 and N2 [kg] (air split by the cabin composition), and the module it sits in. */
export interface StoreContent {
  id: string;
  module: string;
  o2Kg: number;
  n2Kg: number;
}

export interface InventoryModel {
  /** Forecast start [epoch s]. */
  startS: number;
  /** The stores `initialKg` sums (what-ifs take away the ones in a module closed off). */
  stores: StoreContent[];
  /** Gas in stores at the start [kg]. */
  initialKg: Record<Gas, number>;
  /** Reserve floors [kg]: the policy is breached when a store falls below its floor. */
  floorKg: Record<Gas, number>;
  /** O2 breathed per person [kg/s] (the crew's mean rate, uncertain). */
  o2PerPersonKgPerS: Normal;
  /** Sorted by time; the first applies from the start whatever its `fromS`. */
  crew: CrewPeriod[];
  /** Whole-station leak [kg/s], constant over the forecast, uncertain; a negative draw counts as 0. */
  leakKgPerS: Normal;
  /** Part of the leak that is the station's background, not the leak being fought [kg/s]. */
  backgroundLeakKgPerS: number;
  /** Factor on the leak above the background (what-ifs: 0 = hatch closed, p²-scaled, 1/repair). */
  excessLeakFactor: number;
  /** Mass fraction of each gas in leaked air. */
  leakFraction: Record<Gas, number>;
  generators: GeneratorModel[];
  flights: CargoFlight[];
}

export interface ForecastOptions {
  paths: number;
  horizonS: number;
  seed: number;
  /** Every random input at its mean: one path. */
  deterministic: boolean;
  /** Spacing of the fan's grid [s] (default one day). */
  gridS?: number;
}
