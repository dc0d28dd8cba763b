/**
 * Sensors: what each telemetry channel reports of the true state, with the instrument's noise,
 * quantization, period, report-on-change, bias, drift and dropouts, and faults that scenario
 * events switch on (frozen, failed, dropout, extra bias, drift or noise, a spike).
 */
import {
  CO2,
  fromSIMap,
  GAS_CONSTANT,
  H2O,
  MOLAR_MASS,
  N2,
  O2,
  type Rng,
  rngFor,
  type Scenario,
  type Sensor,
  type SensorFault,
} from '../core/index.js';
import { partialPressurePa, pressurePa } from './gas.js';
import type { SampleBuffer } from './samples.js';
import type { SimState } from './state.js';

const TANK_AIR_MOLAR_MASS = 0.21 * MOLAR_MASS.o2 + 0.79 * MOLAR_MASS.n2;

export interface SensorState {
  /** Next sample time [s from start], per sensor. */
  nextSampleS: Float64Array;
  /** Last value sent (NaN = none yet). */
  lastSent: Float64Array;
  frozen: Uint8Array;
  failed: Uint8Array;
  dropoutUntilS: Float64Array;
  /** Bias added by faults [unit]. */
  faultBias: Float64Array;
  /** Drift added by faults: offset at `faultDriftSinceS` plus rate [unit/s] since. */
  faultDriftOffset: Float64Array;
  faultDriftRate: Float64Array;
  faultDriftSinceS: Float64Array;
  /** Noise sd [unit] now in force. */
  noiseSd: Float64Array;
  /** A one-sample spike waiting to be sent [unit] (0 = none). */
  spike: Float64Array;
  /** Characteristics now in force (the station's, unless an event changed them). */
  resolution: Float64Array;
  periodS: Float64Array;
  reportOnChange: Uint8Array;
  /** Index of the module, hatch, store or generator each sensor reads (-1 = station-wide). */
  target: Int32Array;
  /** SI → unit as value·a + b. */
  a: Float64Array;
  b: Float64Array;
  rng: Rng[];
}

export function createSensorState(scenario: Scenario, moduleIndex: Map<string, number>): SensorState {
  const { station } = scenario;
  const n = station.sensors.length;
  const index = <T extends { id: string }>(list: T[], id: string | undefined): number =>
    id === undefined ? -1 : list.findIndex((x) => x.id === id);
  const maps = station.sensors.map((s) => fromSIMap(s.unit));
  return {
    nextSampleS: Float64Array.from(station.sensors.map((s) => s.phaseS)),
    lastSent: new Float64Array(n).fill(Number.NaN),
    frozen: new Uint8Array(n),
    failed: new Uint8Array(n),
    dropoutUntilS: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    faultBias: new Float64Array(n),
    faultDriftOffset: new Float64Array(n),
    faultDriftRate: new Float64Array(n),
    faultDriftSinceS: new Float64Array(n),
    noiseSd: Float64Array.from(station.sensors.map((s) => s.noiseSd)),
    spike: new Float64Array(n),
    resolution: Float64Array.from(station.sensors.map((s) => s.resolution)),
    periodS: Float64Array.from(station.sensors.map((s) => s.periodS)),
    reportOnChange: Uint8Array.from(station.sensors.map((s) => (s.reportOnChange ? 1 : 0))),
    target: Int32Array.from(
      station.sensors.map((s) => {
        switch (s.quantity) {
          case 'hatch':
            return index(station.hatches, s.hatch);
          case 'store_pressure':
          case 'store_mass':
            return index(station.gasStores, s.store);
          case 'o2_generation':
            return s.generator !== undefined ? index(station.generators, s.generator) : -1;
          default:
            return s.module === undefined ? -1 : (moduleIndex.get(s.module) ?? -1);
        }
      }),
    ),
    a: Float64Array.from(maps.map((m) => m.a)),
    b: Float64Array.from(maps.map((m) => m.b)),
    rng: station.sensors.map((s) => rngFor(scenario.seed, `sensor:${s.id}`)),
  };
}

/** Applies a scenario fault or change of characteristics to sensor `k` at run time `timeS`. */
export function applySensorFault(
  sensors: SensorState,
  k: number,
  fault: SensorFault,
  timeS: number,
  sensor: Sensor,
): void {
  switch (fault.kind) {
    case 'resolution':
      sensors.resolution[k] = fault.value;
      break;
    case 'period':
      sensors.periodS[k] = fault.seconds;
      sensors.nextSampleS[k] = Math.min(sensors.nextSampleS[k] as number, timeS + fault.seconds);
      break;
    case 'report-on-change':
      sensors.reportOnChange[k] = fault.on ? 1 : 0;
      break;
    case 'frozen':
      sensors.frozen[k] = 1;
      break;
    case 'failed':
      sensors.failed[k] = 1;
      break;
    case 'dropout':
      sensors.dropoutUntilS[k] = timeS + fault.durationS;
      break;
    case 'bias':
      sensors.faultBias[k] = (sensors.faultBias[k] as number) + fault.value;
      break;
    case 'drift':
      sensors.faultDriftOffset[k] = faultDrift(sensors, k, timeS);
      sensors.faultDriftRate[k] = (sensors.faultDriftRate[k] as number) + fault.perDay / 86400;
      sensors.faultDriftSinceS[k] = timeS;
      break;
    case 'noise':
      sensors.noiseSd[k] = fault.sd;
      break;
    case 'spike':
      sensors.spike[k] = fault.value;
      break;
    case 'clear':
      sensors.frozen[k] = 0;
      sensors.failed[k] = 0;
      sensors.dropoutUntilS[k] = Number.NEGATIVE_INFINITY;
      sensors.faultBias[k] = 0;
      sensors.faultDriftOffset[k] = 0;
      sensors.faultDriftRate[k] = 0;
      sensors.noiseSd[k] = sensor.noiseSd;
      sensors.spike[k] = 0;
      sensors.resolution[k] = sensor.resolution;
      sensors.periodS[k] = sensor.periodS;
      sensors.reportOnChange[k] = sensor.reportOnChange ? 1 : 0;
      break;
  }
}

function faultDrift(sensors: SensorState, k: number, timeS: number): number {
  return (
    (sensors.faultDriftOffset[k] as number) +
    (sensors.faultDriftRate[k] as number) * (timeS - (sensors.faultDriftSinceS[k] as number))
  );
}

/** The true value a sensor looks at, in SI, or NaN when there is nothing to read (module absent). */
function trueValue(state: SimState, k: number): number {
  const sensor = state.station.sensors[k];
  const target = state.sensors.target[k] as number;
  if (sensor === undefined) return Number.NaN;
  const { gas, present } = state;
  switch (sensor.quantity) {
    case 'pressure':
      return present[target] === 1 ? pressurePa(gas, target) : Number.NaN;
    case 'temperature': {
      if (present[target] !== 1) return Number.NaN;
      const set = state.thermal.setPointK[target] as number;
      return set + sensor.thermalGain * ((gas.temperatureK[target] as number) - set);
    }
    case 'ppN2':
      return present[target] === 1 ? partialPressurePa(gas, target, N2) : Number.NaN;
    case 'ppO2':
      return present[target] === 1 ? partialPressurePa(gas, target, O2) : Number.NaN;
    case 'ppCO2':
      return present[target] === 1 ? partialPressurePa(gas, target, CO2) : Number.NaN;
    case 'ppH2O':
      return present[target] === 1 ? partialPressurePa(gas, target, H2O) : Number.NaN;
    case 'hatch': {
      const a = state.hatchEnds[2 * target] as number;
      const b = state.hatchEnds[2 * target + 1] as number;
      // a port with nothing docked at it keeps its hatch shut (undocking closes it first)
      if (present[a] !== 1 && present[b] !== 1) return Number.NaN;
      return present[a] === 1 && present[b] === 1 ? (state.hatchOpen[target] as number) : 0;
    }
    case 'o2_generation': {
      const ls = state.lifeSupport;
      let rate = 0;
      for (let g = 0; g < ls.generatorOn.length; g++) {
        const mine = target >= 0 ? g === target : state.station.generators[g]?.module === sensor.module;
        const module = ls.generatorModule[g] as number;
        if (mine && ls.generatorOn[g] === 1 && present[module] === 1)
          rate += ls.generatorRateKgPerS[g] as number;
      }
      return rate;
    }
    case 'crew_count': {
      if (target < 0) return state.lifeSupport.crewCount;
      return present[target] === 1 ? Math.round(state.lifeSupport.crewShare[target] as number) : Number.NaN;
    }
    case 'store_pressure': {
      const store = state.station.gasStores[target];
      if (store === undefined || store.volumeM3 <= 0) return Number.NaN;
      const molar =
        store.gas === 'o2' ? MOLAR_MASS.o2 : store.gas === 'n2' ? MOLAR_MASS.n2 : TANK_AIR_MOLAR_MASS;
      return (
        ((state.storeMassKg[target] as number) * GAS_CONSTANT * state.station.airTemperatureK) /
        (molar * store.volumeM3)
      );
    }
    case 'store_mass':
      return state.storeMassKg[target] as number;
  }
}

/**
 * Samples every sensor due at run time `timeS` into `out` (time in epoch seconds).
 *
 * ## Method
 * reading = quantize(a·x_SI + b + bias + drift·t + fault bias and drift + noise·N(0,1) + spike), with
 * quantize(v) = round(v/resolution)·resolution. A frozen sensor repeats its last reading, a failed
 * one or one in a dropout sends nothing, and a report-on-change sensor sends only new readings.
 */
export function sampleSensors(state: SimState, timeS: number, epochS: number, out: SampleBuffer): void {
  const { sensors } = state;
  const list = state.station.sensors;
  for (let k = 0; k < list.length; k++) {
    if (timeS + 1e-9 < (sensors.nextSampleS[k] as number)) continue;
    const sensor = list[k];
    if (sensor === undefined) continue;
    const period = sensors.periodS[k] as number;
    const resolution = sensors.resolution[k] as number;
    const onChange = sensors.reportOnChange[k] === 1;
    sensors.nextSampleS[k] =
      (sensors.nextSampleS[k] as number) +
      period * Math.max(1, Math.floor((timeS - (sensors.nextSampleS[k] as number)) / period) + 1);
    if (sensors.failed[k] === 1 || timeS < (sensors.dropoutUntilS[k] as number)) continue;
    let reading: number;
    if (sensors.frozen[k] === 1 && !Number.isNaN(sensors.lastSent[k] as number)) {
      if (onChange) continue;
      reading = sensors.lastSent[k] as number;
    } else {
      const x = trueValue(state, k);
      if (Number.isNaN(x)) continue;
      reading =
        x * (sensors.a[k] as number) +
        (sensors.b[k] as number) +
        sensor.bias +
        (sensor.driftPerDay * timeS) / 86400 +
        (sensors.faultBias[k] as number) +
        faultDrift(sensors, k, timeS);
      const sd = sensors.noiseSd[k] as number;
      if (sd > 0) reading += sd * (sensors.rng[k] as Rng).normal();
      if (sensors.spike[k] !== 0) {
        reading += sensors.spike[k] as number;
        sensors.spike[k] = 0;
      }
      if (resolution > 0) reading = Math.round(reading / resolution) * resolution;
      if (onChange && reading === sensors.lastSent[k]) continue;
    }
    if (sensor.dropoutProbability > 0 && (sensors.rng[k] as Rng).uniform() < sensor.dropoutProbability)
      continue;
    sensors.lastSent[k] = reading;
    out.push(epochS, k, reading);
  }
}
