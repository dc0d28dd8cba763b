/**
 * A scenario: a station, a span of time, and what happens in it. SI units; times in seconds from
 * the scenario's start. Built by the scenario-file loader (src/config); run by src/sim.
 */
import type { Station } from './station.js';

export interface Scenario {
  name: string;
  source: string;
  station: Station;
  /** Start of the run, epoch milliseconds UTC. */
  startMs: number;
  durationS: number;
  stepS: number;
  seed: number;
  crew: CrewPlacement;
  thermal: ThermalModel;
  /** Life-support switches of the run. */
  lifeSupport: { randomFailures: boolean };
  initial: InitialState;
  /** Sorted by `atS`; events at the same time apply in file order. */
  events: ScenarioEvent[];
  /** Spacing of the truth record [s]. */
  truthPeriodS: number;
  /**
   * Time [s] the gas runs before the start, unrecorded, with the configuration of time 0 (hatches,
   * crew, life support, no leaks), so that composition gradients and controllers start settled.
   */
  spinUpS: number;
  /** Automatic controllers standing in for the crew and ground's routine gas management. */
  control: GasControl;
  description?: string;
}

export interface CrewPlacement {
  count: number;
  /** Modules the crew is spread over; empty = every habitable module of the largest open group. */
  modules: string[];
}

/**
 * Module air temperature: set point + orbital and daily sinusoids + an Ornstein–Uhlenbeck drift.
 * All zero = constant temperature (CONTRACT.md default).
 */
export interface ThermalModel {
  orbitalAmplitudeK: number;
  orbitalPeriodS: number;
  dailyAmplitudeK: number;
  /** Stationary standard deviation of the slow drift [K]. */
  driftSdK: number;
  driftTimescaleS: number;
  /** Module-to-module spread of amplitudes and phases (0 = identical modules). */
  moduleSpread: number;
}

/**
 * Routine gas management: topping the cabin up from a store when its pressure falls below a
 * threshold, and running an O2 generator to hold ppO2 at a set point.
 */
export interface GasControl {
  pressure?: { store: string; module: string; belowPa: number; untilPa: number; flowKgPerS: number };
  ppO2?: { generator: string; setpointPa: number; bandPa: number };
}

export interface InitialState {
  /** Overrides of which modules are attached at the start. */
  present: Record<string, boolean>;
  /** Overrides of module pressures at the start [Pa]. */
  pressurePa: Record<string, number>;
}

export type LeakSpec =
  | { id: string; module: string; law: 'orifice'; dischargeCoefficient: number; diameterM: number }
  | { id: string; module: string; law: 'crack'; cKgPerSPa2: number };

export type SensorFault =
  | { kind: 'resolution'; value: number }
  | { kind: 'period'; seconds: number }
  | { kind: 'report-on-change'; on: boolean }
  | { kind: 'frozen' }
  | { kind: 'failed' }
  | { kind: 'dropout'; durationS: number }
  | { kind: 'bias'; value: number }
  | { kind: 'drift'; perDay: number }
  | { kind: 'noise'; sd: number }
  | { kind: 'spike'; value: number }
  | { kind: 'clear' };

interface EventBase {
  atS: number;
}

export type ScenarioEvent = EventBase &
  (
    | { kind: 'hatch'; hatch: string; open: boolean }
    | { kind: 'leak-start'; leak: LeakSpec }
    | { kind: 'leak-stop'; id: string }
    | {
        kind: 'leak-change';
        id: string;
        diameterM?: number;
        dischargeCoefficient?: number;
        cKgPerSPa2?: number;
        /** Linear change over this time [s]; 0 = a step. */
        rampS: number;
      }
    | { kind: 'crew'; count?: number; modules?: string[] }
    | { kind: 'generator'; id: string; on?: boolean; rateKgPerS?: number }
    | { kind: 'scrubber'; id: string; on: boolean }
    | {
        kind: 'repress';
        store: string;
        module: string;
        flowKgPerS: number;
        /** Stop when the module reaches this pressure [Pa]. */
        untilPa?: number;
        /** Stop after delivering this mass [kg]. */
        massKg?: number;
      }
    | {
        kind: 'depress';
        module: string;
        pumpInto?: string;
        pumpToPa: number;
        pumpFlowKgPerS: number;
        ventToPa: number;
        ventDiameterM: number;
      }
    | { kind: 'equalize'; module: string; from: string; diameterM: number }
    | { kind: 'dock'; vehicle: string; pressurePa?: number }
    | { kind: 'undock'; vehicle: string }
    | { kind: 'sensor-fault'; sensor: string; fault: SensorFault }
    | { kind: 'temperature'; modules: string[]; deltaK: number; rampS: number }
    | { kind: 'step'; stepS: number }
    | { kind: 'resupply'; store: string; massKg: number }
  );

export type ScenarioEventKind = ScenarioEvent['kind'];
