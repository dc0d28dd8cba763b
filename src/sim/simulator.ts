/**
 * The simulator's public loop: create a run from a scenario, advance it a number of steps while
 * its sensors fill a sample buffer, and read the truth at the end. Deterministic: the same
 * scenario and seed give the same samples bit for bit.
 */
import type { Scenario, ScenarioEvent } from '../core/index.js';
import { connectedGroups, type GasGroup } from '../core/index.js';
import { applyControl } from './control.js';
import { applyDueEvents } from './events.js';
import { equalisePressure, groupCapacity, mixAcrossHatch, mixGroup, seepThroughSeal } from './exchange.js';
import { applyLeaks, leakMassFlow } from './leaks.js';
import { applyLifeSupport, placeCrew } from './life-support.js';
import { applyProcesses } from './processes.js';
import { SampleBuffer } from './samples.js';
import { sampleSensors } from './sensors.js';
import { createSimState, type SimState, simEpochS } from './state.js';
import { updateTemperatures } from './thermal.js';
import { recordLeakRate, type TruthReport, totalMassKg, truthReport } from './truth.js';

export interface Simulation {
  readonly state: SimState;
  /** Total gas mass in the modules at the start [kg]. */
  readonly initialMassKg: number;
}

export function createSimulation(scenario: Scenario): Simulation {
  const state = createSimState(scenario);
  if (scenario.spinUpS > 0) spinUp(state);
  return { state, initialMassKg: totalMassKg(state.gas.moles) };
}

/** Kinds of time-0 events that set up the configuration the spin-up runs in. */
const SETUP_EVENTS = new Set(['hatch', 'crew', 'generator', 'scrubber', 'step', 'undock', 'dock']);

/**
 * Runs the gas for the scenario's spin-up time before its start, unrecorded, in the time-0
 * configuration without leaks or faults, and carries the settled gas and temperature drift over.
 */
function spinUp(state: SimState): void {
  const { scenario } = state;
  const warm = createSimState({
    ...scenario,
    startMs: scenario.startMs - scenario.spinUpS * 1000,
    durationS: scenario.spinUpS,
    spinUpS: 0,
    seed: (scenario.seed + 0x9e3779b9) >>> 0,
    events: scenario.events.filter((e) => e.atS === 0 && SETUP_EVENTS.has(e.kind)),
  });
  const discard = new SampleBuffer();
  while (!warm.finished) {
    advanceSimulation({ state: warm, initialMassKg: 0 }, discard, { steps: 3600 });
    discard.clear();
  }
  state.gas.moles.set(warm.gas.moles);
  state.thermal.driftK.set(warm.thermal.driftK);
  // the warm run ended at its own temperatures: bring each group to one pressure at ours
  for (const group of state.topology.groups) equalisePressure(state.gas, group, state.scratch);
}

/** True once the sample at the scenario's end has been taken. */
export function isFinished(sim: Simulation): boolean {
  return sim.state.finished;
}

/**
 * Adds events to a running simulation, for closed-loop studies where a planner acts on what it
 * has seen: each is applied when due, after the scenario's own events of the same time. The
 * scenario's event list is extended in place. Events must not lie in the past.
 */
export function scheduleEvents(sim: Simulation, events: readonly ScenarioEvent[]): void {
  const { state } = sim;
  const list = state.scenario.events;
  for (const event of events) {
    if (event.atS < state.timeS - 1e-9)
      throw new RangeError(`event at ${event.atS} s lies before the simulation's time ${state.timeS} s`);
    let i = list.length;
    while (i > state.nextEvent && (list[i - 1] as ScenarioEvent).atS > event.atS) i--;
    list.splice(i, 0, event);
  }
}

/** Fraction of the run done, 0…1. */
export function progress(sim: Simulation): number {
  return sim.state.finished ? 1 : sim.state.timeS / sim.state.scenario.durationS;
}

export interface AdvanceLimits {
  /** At most this many steps (default: no limit). */
  steps?: number;
  /** Stop before sampling at or after this run time [s] (default: the end). */
  untilS?: number;
}

/**
 * Advances the run: each step applies the events due, samples the sensors at the step's time
 * into `out`, and integrates the gas to the next step (the last step ends exactly at the
 * scenario's end). Returns the steps taken.
 */
export function advanceSimulation(sim: Simulation, out: SampleBuffer, limits: AdvanceLimits = {}): number {
  const { state } = sim;
  const durationS = state.scenario.durationS;
  const maxSteps = limits.steps ?? Number.POSITIVE_INFINITY;
  const untilS = limits.untilS ?? Number.POSITIVE_INFINITY;
  let taken = 0;
  while (taken < maxSteps && !state.finished && state.timeS < untilS - 1e-9) {
    const timeS = state.timeS;
    const epochS = simEpochS(state);
    applyDueEvents(state, timeS);
    if (state.topologyChanged) refreshTopology(state);
    sampleSensors(state, timeS, epochS, out);
    const last = timeS >= durationS - 1e-9;
    if (timeS + 1e-9 >= state.truth.nextRecordS || last) {
      for (const leak of state.leaks)
        if (leak.purpose === 'leak')
          recordLeakRate(state.truth, leak, timeS, leakMassFlow(leak, state.gas, state.present));
      while (state.truth.nextRecordS <= timeS + 1e-9) state.truth.nextRecordS += state.truth.periodS;
    }
    taken++;
    if (last) {
      state.finished = true;
      break;
    }
    const next = state.segmentStartS + (state.segmentSteps + 1) * state.stepS;
    const dt = Math.min(next, durationS) - timeS;
    integrate(state, timeS, epochS, dt);
    state.segmentSteps++;
    state.step++;
    state.timeS = Math.min(next, durationS);
  }
  return taken;
}

function refreshTopology(state: SimState): void {
  state.topology = connectedGroups(state.present, state.hatchEnds, state.hatchOpen);
  placeCrew(state.lifeSupport, state.gas, state.present, state.habitable, state.topology);
  state.topologyChanged = false;
}

/** Integrates the gas from run time `timeS` to `timeS + dt`. */
function integrate(state: SimState, timeS: number, epochS: number, dt: number): void {
  const { gas, topology } = state;
  updateTemperatures(state.thermal, state.scenario, timeS + dt, epochS + dt, dt, gas.temperatureK);
  for (let g = 0; g < topology.groups.length; g++)
    state.capacities[g] = groupCapacity(gas, topology.groups[g] as GasGroup);
  const utcHour = (((epochS % 86400) + 86400) % 86400) / 3600;
  applyControl(state);
  applyLifeSupport(state.lifeSupport, state.scenario, gas, state.present, state.ledger, timeS, utcHour, dt);
  applyProcesses(state, dt);
  if (state.leaks.length > 0)
    applyLeaks(
      gas,
      topology,
      state.capacities,
      state.leaks,
      timeS + dt,
      dt,
      state.ledger.vented,
      state.scratch,
    );
  const hatches = state.station.hatches;
  for (let h = 0; h < hatches.length; h++) {
    if (state.hatchOpen[h] === 1) continue;
    const conductance = (hatches[h] as (typeof hatches)[number]).sealConductanceKgPerSPa;
    if (conductance > 0)
      seepThroughSeal(
        gas,
        topology,
        state.capacities,
        state.hatchEnds[2 * h] as number,
        state.hatchEnds[2 * h + 1] as number,
        conductance,
        dt,
      );
  }
  for (const group of topology.groups) {
    equalisePressure(gas, group, state.scratch);
    mixGroup(gas, group, state.ventilation, dt, state.scratch);
  }
  for (const h of topology.loopHatches) {
    mixAcrossHatch(
      gas,
      state.hatchEnds[2 * h] as number,
      state.hatchEnds[2 * h + 1] as number,
      state.ventilation[h] as number,
      dt,
    );
  }
}

/** The run's truth: leak rates over time, events and the gas budget. */
export function simulationTruth(sim: Simulation): TruthReport {
  const { state } = sim;
  return truthReport(
    state.truth,
    state.scenario,
    state.ledger,
    sim.initialMassKg,
    totalMassKg(state.gas.moles),
    state.timeS,
  );
}

/** Runs a whole scenario in memory (tests, small runs): every sample and the truth. */
export function runSimulation(scenario: Scenario): {
  samples: SampleBuffer;
  truth: TruthReport;
  simulation: Simulation;
} {
  const simulation = createSimulation(scenario);
  const samples = new SampleBuffer();
  advanceSimulation(simulation, samples);
  return { samples, truth: simulationTruth(simulation), simulation };
}
