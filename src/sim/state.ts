/**
 * The whole state of a running simulation. Plain data and typed arrays; `advanceSimulation` mutates
 * it in place (one fixed step at a time, like a physics engine's `step(dt)`), and everything
 * random in it comes from streams seeded by the scenario.
 */
import {
  connectedGroups,
  GAS_CONSTANT,
  type Scenario,
  SPECIES,
  SPECIES_COUNT,
  type Station,
  type Topology,
} from '../core/index.js';
import { type ControlState, createControlState } from './control.js';
import { equalisePressure } from './exchange.js';
import { createLedger, type GasState, type Ledger } from './gas.js';
import type { ActiveLeak } from './leaks.js';
import { createLifeSupportState, type LifeSupportState } from './life-support.js';
import type { Process } from './processes.js';
import { createSensorState, type SensorState } from './sensors.js';
import { createThermalState, type ThermalState, updateTemperatures } from './thermal.js';
import { createTruth, type TruthRecorder } from './truth.js';

export interface SimState {
  readonly scenario: Scenario;
  readonly station: Station;
  /** Current step [s]; a scenario event may change it. */
  stepS: number;
  /** Run time [s] now, = segmentStartS + segmentSteps·stepS (no accumulated rounding). */
  timeS: number;
  segmentStartS: number;
  segmentSteps: number;
  /** Steps taken so far. */
  step: number;
  /** True once the sample at the scenario's end has been taken. */
  finished: boolean;
  readonly moduleIndex: Map<string, number>;
  readonly gas: GasState;
  readonly present: Uint8Array;
  readonly habitable: Uint8Array;
  /** Module indices of each hatch's two ends, two per hatch. */
  readonly hatchEnds: Int32Array;
  readonly hatchOpen: Uint8Array;
  /** Ventilation of each hatch when open [m³/s]. */
  readonly ventilation: Float64Array;
  topology: Topology;
  topologyChanged: boolean;
  /** Σ V/T per group, refreshed each step. */
  capacities: Float64Array;
  readonly thermal: ThermalState;
  readonly lifeSupport: LifeSupportState;
  readonly control: ControlState;
  readonly storeMassKg: Float64Array;
  leaks: ActiveLeak[];
  processes: Process[];
  readonly ledger: Ledger;
  readonly sensors: SensorState;
  readonly truth: TruthRecorder;
  /** Index of the next scenario event to apply. */
  nextEvent: number;
  /** Scratch space for kernels (no allocation per step). */
  readonly scratch: Float64Array;
}

/** Absolute time [epoch s] of the current step. */
export function simEpochS(state: SimState): number {
  return state.scenario.startMs / 1000 + state.timeS;
}

export function createSimState(scenario: Scenario): SimState {
  const { station } = scenario;
  const n = station.modules.length;
  const moduleIndex = new Map(station.modules.map((m, i) => [m.id, i]));
  const gas: GasState = {
    moles: new Float64Array(n * SPECIES_COUNT),
    volumeM3: Float64Array.from(station.modules.map((m) => m.volumeM3)),
    temperatureK: new Float64Array(n),
  };
  const present = Uint8Array.from(
    station.modules.map((m) => ((scenario.initial.present[m.id] ?? m.present) ? 1 : 0)),
  );
  const hatchEnds = Int32Array.from(
    station.hatches.flatMap((h) => [
      moduleIndex.get(h.between[0]) as number,
      moduleIndex.get(h.between[1]) as number,
    ]),
  );
  const hatchOpen = Uint8Array.from(station.hatches.map((h) => (h.initiallyOpen ? 1 : 0)));
  const thermal = createThermalState(scenario);
  updateTemperatures(thermal, scenario, 0, scenario.startMs / 1000, 0, gas.temperatureK);
  station.modules.forEach((m, i) => {
    if (present[i] !== 1) return;
    const p = scenario.initial.pressurePa[m.id] ?? m.initialPressurePa ?? station.nominalPressurePa;
    fillWithAir(gas, i, p, station);
  });
  const topology = connectedGroups(present, hatchEnds, hatchOpen);
  const state: SimState = {
    scenario,
    station,
    stepS: scenario.stepS,
    timeS: 0,
    segmentStartS: 0,
    segmentSteps: 0,
    step: 0,
    finished: false,
    moduleIndex,
    gas,
    present,
    habitable: Uint8Array.from(station.modules.map((m) => (m.habitable ? 1 : 0))),
    hatchEnds,
    hatchOpen,
    ventilation: Float64Array.from(station.hatches.map((h) => h.ventilationM3PerS)),
    topology,
    topologyChanged: true,
    capacities: new Float64Array(n),
    thermal,
    lifeSupport: createLifeSupportState(scenario, moduleIndex),
    control: createControlState({ station, scenario, moduleIndex }),
    storeMassKg: Float64Array.from(station.gasStores.map((s) => s.massKg)),
    leaks: [],
    processes: [],
    ledger: createLedger(),
    sensors: createSensorState(scenario, moduleIndex),
    truth: createTruth(scenario),
    nextEvent: 0,
    scratch: new Float64Array(Math.max(4 * n, 16)),
  };
  for (const group of topology.groups) equalisePressure(gas, group, state.scratch);
  return state;
}

/** Sets a module's gas to station air at pressure `pressurePa` and its current temperature. */
export function fillWithAir(gas: GasState, module: number, pressurePa: number, station: Station): void {
  const total =
    (pressurePa * (gas.volumeM3[module] as number)) / (GAS_CONSTANT * (gas.temperatureK[module] as number));
  SPECIES.forEach((s, k) => {
    gas.moles[module * SPECIES_COUNT + k] = total * station.composition[s];
  });
}
