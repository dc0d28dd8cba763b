/**
 * Gas constants and the four species Airtight tracks in every module. SI units throughout.
 */

/** Universal gas constant [J/(mol·K)] (CODATA 2018, exact). */
export const GAS_CONSTANT = 8.314462618;

/** Species tracked in cabin air, in the fixed order used by every per-species array. */
export const SPECIES = ['n2', 'o2', 'co2', 'h2o'] as const;
export type Species = (typeof SPECIES)[number];
export const SPECIES_COUNT = SPECIES.length;
export const N2 = 0;
export const O2 = 1;
export const CO2 = 2;
export const H2O = 3;

/** Molar masses [kg/mol] (IUPAC standard atomic weights). */
export const MOLAR_MASS: Readonly<Record<Species, number>> = {
  n2: 0.0280134,
  o2: 0.0319988,
  co2: 0.0440095,
  h2o: 0.01801528,
};

/** Molar masses indexed like SPECIES, for hot loops. */
export const MOLAR_MASS_BY_INDEX = Float64Array.from(SPECIES.map((s) => MOLAR_MASS[s]));

/** Ratio of specific heats used for cabin air leaking to vacuum (diatomic gas). */
export const AIR_GAMMA = 1.4;

/**
 * Choked-flow function of γ: sqrt(γ)·(2/(γ+1))^((γ+1)/(2(γ−1))), so that the mass flow of gas
 * through an orifice to vacuum is ṁ = C_d·A·p·CHOKED_FACTOR/sqrt(R·T) with R the specific gas
 * constant. For γ = 1.4 this is 0.6847; with R = 287 J/(kg·K) it gives DOMAIN.md's
 * ṁ ≈ 0.0404·C_d·A·p/√T.
 */
export const CHOKED_FACTOR =
  Math.sqrt(AIR_GAMMA) * (2 / (AIR_GAMMA + 1)) ** ((AIR_GAMMA + 1) / (2 * (AIR_GAMMA - 1)));

/** Mole fractions of cabin air, one per species; they sum to 1. */
export type Composition = Readonly<Record<Species, number>>;

/** CONTRACT.md §2 default cabin composition (mole fractions). */
export const DEFAULT_COMPOSITION: Composition = { n2: 0.77, o2: 0.225, co2: 0.004, h2o: 0.001 };

/** Mean molar mass [kg/mol] of a mixture with the given mole fractions. */
export function meanMolarMass(composition: Composition): number {
  let total = 0;
  let mass = 0;
  for (const s of SPECIES) {
    total += composition[s];
    mass += composition[s] * MOLAR_MASS[s];
  }
  return mass / total;
}

/** Mass [kg] of gas at pressure p [Pa] in volume V [m³] at temperature T [K] (ideal gas). */
export function idealGasMass(
  pressurePa: number,
  volumeM3: number,
  temperatureK: number,
  molarMass: number,
): number {
  return (pressurePa * volumeM3 * molarMass) / (GAS_CONSTANT * temperatureK);
}

/** The standard conditions leak testers count gas at: 0 °C and one atmosphere. */
export const STANDARD_TEMPERATURE_K = 273.15;
export const STANDARD_PRESSURE_PA = 101_325;

/**
 * A mass flow [kg/s] of gas of molar mass M [kg/mol] as the pV throughput leak testers quote
 * [Pa·m³/s] at 0 °C (ideal gas: ṁ/M·R·T₀; 0.1 Pa·m³/s is 1 mbar·L/s, and ÷ 101,325 Pa gives
 * standard m³/s).
 */
export function pvThroughput(kgPerS: number, molarMass: number): number {
  return (kgPerS / molarMass) * GAS_CONSTANT * STANDARD_TEMPERATURE_K;
}

/** Crew O2 use [kg/(person·day)] (DOMAIN.md §5). */
export const CREW_O2_KG_PER_DAY = 0.84;
/** Crew CO2 output [kg/(person·day)] (DOMAIN.md §5). */
export const CREW_CO2_KG_PER_DAY = 1.0;
/** Crew water vapour output, respiration and perspiration [kg/(person·day)] (est.). */
export const CREW_H2O_KG_PER_DAY = 1.8;
