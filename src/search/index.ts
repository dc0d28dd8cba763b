// In-module leak search: wall grid, prior, observation likelihoods, Bayesian update, allocation.
export * from './acoustic-dispersion.js';
export type { AcousticMap } from './acoustic-evidence.js';
export * from './acoustic-geometry.js';
export * from './acoustic-uncertainty.js';
export {
  DEFAULT_FEATURE_WEIGHTS,
  type FeatureWeights,
  featureDistanceM,
  featurePrior,
  type PriorOptions,
  uniformPrior,
} from './feature-prior.js';
export {
  type AcousticObservation,
  acousticLikelihood,
  DEFAULT_DRIFT_KAPPA,
  DEFAULT_VISUAL_POD,
  type DriftObservation,
  type GatheredObservation,
  type InspectObservation,
  observationLikelihood,
  type PatchedObservation,
  regionMask,
  type SearchObservation,
  type SearchRegion,
  type SweepObservation,
  sweepPod,
} from './observations.js';
export {
  ACCESS_MINUTES,
  actionCatalogue,
  DRIFT_TEST_MINUTES,
  densePod,
  INSPECT_MINUTES_PER_M2,
  type PlannedAction,
  type PlanStep,
  planSearch,
  planSteps,
  type SearchAction,
  type SearchPlan,
} from './plan.js';
export { normaliseLog, probabilityAnotherLeak, type SearchPosterior, searchPosterior } from './posterior.js';
export { SEARCH_FORMAT, type SearchState } from './search-state.js';
export { drawCell, type SearchPolicy, simulateSearch } from './simulate.js';
export {
  DEFAULT_FALSE_ALARM,
  DEFAULT_SWEEP_SPEED_M_PER_MIN,
  randomSearchPod,
  sweepWidthM,
} from './ultrasonic.js';
export {
  angleInRange,
  buildWallGrid,
  cellAt,
  type GridPanel,
  panelIndex,
  type WallGrid,
  wrapDeg,
} from './wall-grid.js';
