/**
 * What the monitor knows about one group of modules sharing one pressure: its volume, the mass of
 * air per pascal, and which channels measure its pressure, composition, temperature and known gas
 * sources. The inventory it tracks is nitrogen (ppN2) when the group has a ppN2 sensor: N2 does
 * not move with O2 generation, breathing, CO2 scrubbing or humidity (NASA tracks cabin leakage the
 * same way, DOMAIN.md §6). Otherwise it is the total pressure, with O2 generation and crew use
 * taken as balanced (crews and ground hold ppO2 steady, and the crew's whereabouts are not in the
 * telemetry). Gas added from stores whose pressure or mass is measured is accounted in both cases.
 */
import {
  GAS_CONSTANT,
  type GasStore,
  MOLAR_MASS,
  meanMolarMass,
  type Sensor,
  type Station,
  unitScale,
} from '../core/index.js';
import { REFILL_STEPS } from './store-reading.js';

export type InventoryKind = 'N2' | 'total';

export interface StoreChannel {
  channel: number;
  /** kg of gas per SI unit of the channel (per Pa of tank pressure, or 1 per kg). */
  kgPerUnit: number;
  /** Molar mass of the stored gas [kg/mol]. */
  molarMass: number;
  /** Fraction of the stored gas that counts toward the inventory (0 = none; all of it counts toward the pressure). */
  inventoryFraction: number;
  /** A rise of the reading beyond this is a refill from outside [channel SI units] (store-reading.ts). */
  refillBand: number;
}

/**
 * One reading of the nitrogen partial pressure: a ppN2 channel, or the group's pressure less an
 * analyser's ppO2, ppCO2 and ppH2O (nitrogen plus trace gases). The derived reading needs all
 * three: without humidity it also carries the water vapour, which swings by about a mmHg with the
 * crew's day — on the real ISS day a pressure-minus-O2-and-CO2 reading rose 1.5 kg and fell 3 kg
 * in air equivalent where the ppN2 channels stayed flat.
 */
export interface NitrogenSource {
  /** Key of the source's reference reading. */
  key: string;
  /** Channel of a direct ppN2 reading, or −1. */
  ppN2: number;
  /** Channels of a derived reading (−1 when unused). */
  ppO2: number;
  ppCO2: number;
  ppH2O: number;
  /** Noise of one reading [Pa]: the declared noise and quantization of its channels. */
  sdPa: number;
  /** Index of the module whose air it reads (−1 when its sensor names none). */
  module: number;
}

export interface GroupModel {
  modules: number[];
  moduleIds: string[];
  volumeM3: number;
  /** kg of station air per Pa of pressure in the group. */
  kgPerPa: number;
  /** R·T/V of the group [Pa/mol]: the pressure one mole of any gas adds. */
  paPerMole: number;
  /** Finest quantization step of the inventory's sensors [Pa]. */
  inventoryStepPa: number;
  /**
   * Variance of one reading of the inventory from its sensors' declared noise and quantization
   * [Pa²]: the N2 sources as they are combined (inverse-variance weighted), or the pressure
   * sensors alike. What a noise model fitted on other sensors leaves out.
   */
  readingVariancePa2: number;
  kind: InventoryKind;
  pressure: number[];
  ppN2: number[];
  /** Readings of the N2 inventory: each ppN2 sensor, and pressure − ppO2 − ppCO2 of each analyser. */
  nitrogen: NitrogenSource[];
  /** The group's ppO2 and ppCO2 channels, which carry the nitrogen on while every N2 source is out. */
  ppO2: number[];
  ppCO2: number[];
  /**
   * Temperature channels, the module volume each stands for, and the sensor's declared thermal
   * gain (a local sensor that swings `gain` times the bulk air is read back to bulk air).
   */
  temperature: { channel: number; weight: number; gain: number }[];
  /**
   * Relative uncertainty of the gas-law coupling of the inventory to these thermometers: their
   * declared `thermalGainUncertainty`, volume-weighted, DEFAULT_GAIN_UNCERTAINTY where undeclared.
   */
  couplingShare: number;
  stores: StoreChannel[];
}

export function describeGroup(station: Station, modules: ArrayLike<number>): GroupModel {
  const members = Array.from(modules);
  const ids = members.map((i) => station.modules[i]?.id ?? '');
  const inGroup = new Set(ids);
  const molar = meanMolarMass(station.composition);
  let volume = 0;
  let kgPerPa = 0;
  for (const i of members) {
    const m = station.modules[i];
    if (m === undefined) continue;
    volume += m.volumeM3;
    kgPerPa += (m.volumeM3 * molar) / (GAS_CONSTANT * (m.airTemperatureK ?? station.airTemperatureK));
  }
  const channelsOf = (quantity: string): number[] =>
    station.sensors.flatMap((s, k) =>
      s.quantity === quantity && s.module !== undefined && inGroup.has(s.module) ? [k] : [],
    );
  const pressure = channelsOf('pressure');
  const ppN2 = channelsOf('ppN2');
  const kind: InventoryKind = ppN2.length > 0 && pressure.length > 0 ? 'N2' : 'total';
  const temperature = channelsOf('temperature').map((channel) => {
    const module = station.modules.find((m) => m.id === station.sensors[channel]?.module);
    const sharing = station.sensors.filter(
      (s) => s.quantity === 'temperature' && s.module === module?.id,
    ).length;
    const gain = station.sensors[channel]?.thermalGain ?? 1;
    return { channel, weight: (module?.volumeM3 ?? 0) / Math.max(1, sharing), gain: gain > 0 ? gain : 1 };
  });
  let weights = 0;
  let shares = 0;
  for (const t of temperature) {
    weights += t.weight;
    shares += t.weight * (station.sensors[t.channel]?.thermalGainUncertainty ?? DEFAULT_GAIN_UNCERTAINTY);
  }
  const stores: StoreChannel[] = [];
  station.sensors.forEach((s, k) => {
    const measured = measuredStore(station, s);
    if (measured === undefined || !inGroup.has(measured.store.module)) return;
    stores.push({
      channel: k,
      kgPerUnit: measured.kgPerUnit,
      molarMass: measured.molarMass,
      inventoryFraction: kind === 'total' ? 1 : measured.n2Share,
      refillBand: measured.refillBand,
    });
  });
  const paPerMole = (GAS_CONSTANT * station.airTemperatureK) / volume;
  const nitrogen =
    kind === 'N2'
      ? nitrogenSources(station, ppN2, channelsOf('ppO2'), channelsOf('ppCO2'), channelsOf('ppH2O'))
      : [];
  const inventoryChannels = kind === 'N2' ? ppN2 : pressure;
  const inventoryStepPa = Math.min(
    ...inventoryChannels.map((k) => {
      const s = station.sensors[k];
      return s === undefined ? 0 : s.resolution * unitScale(s.unit);
    }),
  );
  const readingSds =
    kind === 'N2' ? nitrogen.map((s) => s.sdPa) : pressure.map((k) => readingSdPa(station, k));
  let precision = 0;
  for (const sd of readingSds) precision += 1 / Math.max(MIN_SOURCE_SD_PA, sd) ** 2;
  return {
    modules: members,
    moduleIds: ids,
    volumeM3: volume,
    kgPerPa,
    paPerMole,
    inventoryStepPa,
    readingVariancePa2: precision > 0 ? 1 / precision : 0,
    kind,
    pressure,
    ppN2,
    nitrogen,
    ppO2: kind === 'N2' ? channelsOf('ppO2') : [],
    ppCO2: kind === 'N2' ? channelsOf('ppCO2') : [],
    temperature,
    couplingShare: weights > 0 ? shares / weights : DEFAULT_GAIN_UNCERTAINTY,
    stores,
  };
}

/** A gas store as a sensor reads its pressure or mass. */
export interface MeasuredStore {
  store: GasStore;
  /** Molar mass of the stored gas [kg/mol], and its N2 share (air: 0.79). */
  molarMass: number;
  n2Share: number;
  /** kg of gas per SI unit of the reading (per Pa of tank pressure, or 1 per kg). */
  kgPerUnit: number;
  /** A rise of the reading beyond this is a refill from outside [SI]: REFILL_STEPS of its quantization and noise. */
  refillBand: number;
}

/**
 * The store a sensor reads, or undefined when it reads none, names no declared store, or its
 * reading cannot be turned into kg (a tank of no volume).
 */
export function measuredStore(station: Station, sensor: Sensor): MeasuredStore | undefined {
  if (sensor.quantity !== 'store_pressure' && sensor.quantity !== 'store_mass') return undefined;
  const store = station.gasStores.find((g) => g.id === sensor.store);
  if (store === undefined) return undefined;
  const molarMass =
    store.gas === 'o2'
      ? MOLAR_MASS.o2
      : store.gas === 'n2'
        ? MOLAR_MASS.n2
        : 0.21 * MOLAR_MASS.o2 + 0.79 * MOLAR_MASS.n2;
  const kgPerUnit =
    sensor.quantity === 'store_mass'
      ? 1
      : store.volumeM3 > 0
        ? (store.volumeM3 * molarMass) / (GAS_CONSTANT * station.airTemperatureK)
        : 0;
  if (kgPerUnit === 0) return undefined;
  return {
    store,
    molarMass,
    n2Share: store.gas === 'o2' ? 0 : store.gas === 'n2' ? 1 : 0.79,
    kgPerUnit,
    refillBand: REFILL_STEPS * Math.hypot(sensor.resolution, sensor.noiseSd) * unitScale(sensor.unit),
  };
}

/** Relative uncertainty of a thermometer's declared thermal gain when it declares none. */
const DEFAULT_GAIN_UNCERTAINTY = 0.3;

/** Noise of one reading of a channel [Pa]: declared noise and quantization together. */
function readingSdPa(station: Station, channel: number): number {
  const s = station.sensors[channel];
  if (s === undefined) return Number.POSITIVE_INFINITY;
  return Math.hypot(s.noiseSd, s.resolution / Math.sqrt(12)) * unitScale(s.unit);
}

/** A reading with no declared noise still gets a weight (ideal sensors weigh alike). */
const MIN_SOURCE_SD_PA = 0.01;

function nitrogenSources(
  station: Station,
  ppN2: number[],
  ppO2: number[],
  ppCO2: number[],
  ppH2O: number[],
): NitrogenSource[] {
  const moduleOf = (k: number): number =>
    station.modules.findIndex((m) => m.id === station.sensors[k]?.module);
  const direct = ppN2.map((k) => ({
    key: `n2:${k}`,
    module: moduleOf(k),
    ppN2: k,
    ppO2: -1,
    ppCO2: -1,
    ppH2O: -1,
    sdPa: Math.max(MIN_SOURCE_SD_PA, readingSdPa(station, k)),
  }));
  const derived = ppO2.flatMap((k) => {
    const module = station.sensors[k]?.module;
    const co2 = ppCO2.find((c) => station.sensors[c]?.module === module);
    const h2o = ppH2O.find((c) => station.sensors[c]?.module === module);
    if (co2 === undefined || h2o === undefined) return [];
    const sd = Math.hypot(readingSdPa(station, k), readingSdPa(station, co2), readingSdPa(station, h2o));
    return [
      {
        key: `o2:${k}`,
        module: moduleOf(k),
        ppN2: -1,
        ppO2: k,
        ppCO2: co2,
        ppH2O: h2o,
        sdPa: Math.max(MIN_SOURCE_SD_PA, sd),
      },
    ];
  });
  return [...direct, ...derived];
}
