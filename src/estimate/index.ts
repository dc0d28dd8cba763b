export {
  addToSlots,
  type CycleSlots,
  changeEffects,
  clearSlots,
  createCycleSlots,
  cycleShare,
  cycleVariance,
  type DailyCycle,
  fitDailyCycle,
  type HarmonicSums,
  harmonicSums,
  lineEffects,
} from './daily-cycle.js';
export { equivalentDiameterM, type FlowLaw, type FlowLawFit, fitFlowLaw } from './flow-law.js';
export { estimateLeakChange, type LeakChange, type LeakChangeOptions } from './leak-change.js';
export {
  type EstimateOptions,
  estimateLeakRate,
  type InventorySeries,
  type LeakEstimate,
  type NoiseFloorSpec,
  tQuantile,
} from './leak-rate.js';
export {
  effectiveSamples,
  fitNoise,
  independentReadings,
  type NoiseModel,
  weightedVariance,
  withWhiteNoise,
} from './noise-model.js';
export { type TrailingSums, trailingSums } from './trailing-sums.js';
export { ar1WeightedVariance, fitTrend, invertSymmetric, type TrendFit } from './trend-fit.js';
