export {
  asIsConfiguration,
  baselineConfiguration,
  candidateConfigurations,
  configurationOf,
  type HatchConfiguration,
  inseparableSets,
  openHatches,
  type PlanningModule,
  type PlanningStation,
  partitionKey,
  planningStation,
  presentModules,
} from './configurations.js';
export { isolationPeriods } from './evidence.js';
export { type HuntOptions, type HuntPolicy, type HuntResult, type HuntStep, runHunt } from './hunt.js';
export { DEFAULT_WANDER_PA, type PlanInput, type PlanResult, planFrom } from './plan-from.js';
export { planJson, roundTo, testJson } from './plan-json.js';
export {
  DEFAULT_PLAN_OPTIONS,
  type Plan,
  type PlannedGroup,
  type PlanOptions,
  type TestPlan,
  TestPlanner,
} from './planner.js';
export {
  type GroupRate,
  type IsolationPeriod,
  type LocationPosterior,
  type LocationPrior,
  locationPosterior,
} from './posterior.js';
export {
  durationToReach,
  observedWanderPa,
  rateSeKgPerDay,
  type SlopeNoise,
  separation,
  slopeVariance,
} from './power.js';
export {
  DEFAULT_RATE_RANGE,
  logExpectNormal,
  logExpectPair,
  type RateLikelihood,
  type RateRange,
} from './rate-integral.js';
export { leakPriorWeight, sectionAreaM2, wallAreaM2 } from './wall-area.js';
