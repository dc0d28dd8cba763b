export {
  type GasState,
  type Ledger,
  moduleMassKg,
  partialPressurePa,
  pressurePa,
  totalMoles,
} from './gas.js';
export { orificeMassFlow } from './leaks.js';
export {
  CREW_CO2_KG_PER_DAY,
  CREW_H2O_KG_PER_DAY,
  CREW_O2_KG_PER_DAY,
  metabolicFactor,
} from './life-support.js';
export { convertToSI, SampleBuffer } from './samples.js';
export {
  type AdvanceLimits,
  advanceSimulation,
  createSimulation,
  isFinished,
  progress,
  runSimulation,
  type Simulation,
  scheduleEvents,
  simulationTruth,
} from './simulator.js';
export type { SimState } from './state.js';
export { stationAsItIs } from './station-now.js';
export type { TruthReport } from './truth.js';
