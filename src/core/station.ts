/**
 * The station model: modules, hatches, sensors and life-support equipment, in SI units. Built by
 * the station-file loader (src/config), read by every part of Airtight. Ids are the station
 * file's; array order is the file's order and is used as an index throughout.
 */
import type { Composition, Species } from './gas.js';

export interface Station {
  /** Built-in name or file stem, e.g. `iss`. */
  id: string;
  name: string;
  description?: string;
  /** Where the model was read from (file path), for messages. */
  source: string;
  nominalPressurePa: number;
  /** Default air temperature [K] of every module. */
  airTemperatureK: number;
  composition: Composition;
  modules: StationModule[];
  hatches: Hatch[];
  sensors: Sensor[];
  gasStores: GasStore[];
  generators: O2Generator[];
  scrubbers: Scrubber[];
  vehicles: Vehicle[];
  crew: { nominal: number };
  limits: PressureLimits;
  /** Settings of the gas-reserve forecast (src/forecast); absent = DOMAIN.md §5 defaults. */
  gasBudget?: GasBudget;
  notes: string[];
}

/** Crew O2 use, the background leak and the reserve policy, for reserve forecasts. */
export interface GasBudget {
  /** O2 breathed per person [kg/s], the crew's mean, and its standard deviation [kg/s]. */
  o2PerPersonKgPerS: number;
  o2PerPersonSdKgPerS: number;
  /** The station's normal background leak [kg/s], which no repair or hatch closure removes. */
  backgroundLeakKgPerS: number;
  /** Reserve policy: O2 for this many days of the crew's use [s]. */
  reserveO2S: number;
  /** Reserve policy: N2 to repressurise this module once (default: the largest present module). */
  reserveN2Module?: string;
  source?: string;
}

export interface PressureLimits {
  /** Evacuation pressure used for reserve time [Pa] (490 mmHg on the Russian charts). */
  evacuationPa: number;
  /** Below this, equipment is at risk [Pa] (~719 mmHg on ISS). */
  equipmentPa: number;
  /** Below this, crew health is threatened [Pa] (~527 mmHg on ISS). */
  crewHealthPa: number;
}

export interface StationModule {
  id: string;
  name: string;
  /** Free (pressurized) volume [m³]. */
  volumeM3: number;
  habitable: boolean;
  /** Attached at the start unless a scenario says otherwise (departed modules stay listed). */
  present: boolean;
  /** Segment for operators' splits, e.g. `US`, `RS`. */
  segment?: string;
  /** Compartments of one module share their parent's id, e.g. Zvezda's three. */
  parent?: string;
  /** Id of the docked vehicle this module belongs to. */
  vehicle?: string;
  /** Initial pressure [Pa] when not the station's. */
  initialPressurePa?: number;
  /** Temperature set point [K] when not the station's. */
  airTemperatureK?: number;
  /** Relative prior weight of a leak being here (default: from wall area and age). */
  leakPriorWeight?: number;
  /** Year the module was launched, for age-based priors. */
  launchYear?: number;
  geometry?: ModuleGeometry;
  /** Where the numbers come from. */
  source?: string;
}

/** The inner pressure wall as a chain of axisymmetric sections along the module's axis. */
export interface ModuleGeometry {
  sections: WallSection[];
  features: WallFeature[];
  panels: WallPanel[];
  source?: string;
}

export type WallSection =
  | { shape: 'cylinder'; lengthM: number; diameterM: number }
  | { shape: 'cone'; lengthM: number; diameterStartM: number; diameterEndM: number }
  | { shape: 'dome'; diameterM: number; depthM: number }
  | { shape: 'sphere'; diameterM: number };

export type WallFeatureKind =
  | 'weld'
  | 'seam'
  | 'hatch-ring'
  | 'window'
  | 'penetration'
  | 'repair'
  | 'pipe'
  | 'docking-port';

/**
 * A wall feature in unrolled coordinates: axial position [m] from the start of the first section,
 * and angle [deg] around the axis (0 = the module's reference direction, e.g. zenith). A number is
 * a point or a ring, a pair a range; no angle means all the way round (a circumferential weld).
 */
export interface WallFeature {
  kind: WallFeatureKind;
  axialM: number | [number, number];
  angleDeg?: number | [number, number];
  diameterM?: number;
  /** Relative weight for the search prior (default per kind). */
  weight?: number;
  note?: string;
}

/** A rack bay or close-out panel: what a crew opens to reach the wall. */
export interface WallPanel {
  id: string;
  name?: string;
  axialM: [number, number];
  angleDeg: [number, number];
  kind: 'rack' | 'panel' | 'open';
}

export interface Hatch {
  id: string;
  between: [string, string];
  closable: boolean;
  /** State at the start of a run. */
  initiallyOpen: boolean;
  /** Inter-module ventilation through the open hatch [m³/s], each way. */
  ventilationM3PerS: number;
  /** Flow through the closed hatch's seal: ṁ = G·Δp, G [kg/(s·Pa)]; 0 = tight. */
  sealConductanceKgPerSPa: number;
  diameterM?: number;
  /** The side a hatch opens toward (it must be opened against the lower pressure). */
  opensInto?: string;
  source?: string;
}

export const QUANTITIES = [
  'pressure',
  'temperature',
  'ppO2',
  'ppN2',
  'ppCO2',
  'ppH2O',
  'hatch',
  'o2_generation',
  'crew_count',
  'store_pressure',
  'store_mass',
] as const;
export type Quantity = (typeof QUANTITIES)[number];

export const PARTIAL_PRESSURE_SPECIES: Readonly<Partial<Record<Quantity, Species>>> = {
  ppN2: 'n2',
  ppO2: 'o2',
  ppCO2: 'co2',
  ppH2O: 'h2o',
};

/** A telemetry channel. Characteristics are in the sensor's own unit. */
export interface Sensor {
  /** Telemetry channel name, e.g. `USLAB000058`. */
  id: string;
  quantity: Quantity;
  unit: string;
  module?: string;
  hatch?: string;
  store?: string;
  generator?: string;
  /** Gaussian noise standard deviation [unit]. */
  noiseSd: number;
  /** Quantization step [unit]; 0 = none. */
  resolution: number;
  periodS: number;
  /** First sample after this offset [s] from the start of a run. */
  phaseS: number;
  /** Send a sample only when the (quantized) value changes. */
  reportOnChange: boolean;
  /** Constant offset [unit]. */
  bias: number;
  /** Linear drift [unit/day]. */
  driftPerDay: number;
  /** A temperature sensor reads set point + gain·(bulk − set point): local sensors swing more than bulk air. */
  thermalGain: number;
  /**
   * Relative standard uncertainty of that gain, so of the gas-law coupling the monitor expects
   * between this thermometer and the inventory (unset: the monitor's default, 0.3).
   */
  thermalGainUncertainty?: number;
  /** Probability that any one sample is lost. */
  dropoutProbability: number;
  /** True when the channel is Airtight's assumption, not a documented channel. */
  assumed: boolean;
  description?: string;
  source?: string;
}

export type StoredGas = 'o2' | 'n2' | 'air';

export interface GasStore {
  id: string;
  gas: StoredGas;
  massKg: number;
  /** Tank internal volume [m³], for its pressure (0 = not a pressure vessel, e.g. candles). */
  volumeM3: number;
  /** Module the store feeds when used for repressurisation or O2 introduction. */
  module: string;
  /** Delivery rate when used [kg/s]. */
  flowKgPerS: number;
  source?: string;
}

export interface O2Generator {
  id: string;
  module: string;
  /** Production when on [kg/s]. */
  rateKgPerS: number;
  maxKgPerS: number;
  initiallyOn: boolean;
  /** Mean time between failures [s], for random failures (scenarios opt in). */
  mtbfS?: number;
  /** Mean time to repair [s]. */
  mttrS?: number;
  source?: string;
}

/**
 * CO2 or humidity removal. `proportional`: removes `nominalKgPerS` at partial pressure
 * `referencePa` and in proportion otherwise (a flow-through bed). `setpoint`: a controller that
 * removes capacity·clamp((pp − setpoint)/band, 0, 1), holding the partial pressure near its set point.
 */
export type Scrubber = {
  id: string;
  module: string;
  gas: 'co2' | 'h2o';
  initiallyOn: boolean;
  source?: string;
} & (
  | { mode: 'proportional'; nominalKgPerS: number; referencePa: number }
  | { mode: 'setpoint'; capacityKgPerS: number; setpointPa: number; bandPa: number }
);

export interface Vehicle {
  id: string;
  name: string;
  kind: string;
  /** Crew it can carry home; > 0 makes it a return vehicle for safe-haven planning. */
  crewSeats: number;
  source?: string;
}

/** Index of a module by id, or -1. */
export function moduleIndex(station: Station, id: string): number {
  return station.modules.findIndex((m) => m.id === id);
}
