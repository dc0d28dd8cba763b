export { equivalentDiameterM, type FlowLaw, type FlowLawFit, fitFlowLaw } from './flow-law.js';
export {
  type EstimateOptions,
  estimateLeakRate,
  type InventorySeries,
  type LeakEstimate,
} from './leak-rate.js';
export { fitNoise, type NoiseModel, weightedVariance } from './noise-model.js';
export { ar1WeightedVariance, fitTrend, invertSymmetric, type TrendFit } from './trend-fit.js';
