export { isolationPeriods } from './evidence.js';
export {
  type GroupRate,
  type IsolationPeriod,
  type LocationPosterior,
  type LocationPrior,
  locationPosterior,
} from './posterior.js';
export {
  DEFAULT_RATE_RANGE,
  logExpectNormal,
  logExpectPair,
  type RateLikelihood,
  type RateRange,
} from './rate-integral.js';
export { leakPriorWeight, sectionAreaM2, wallAreaM2 } from './wall-area.js';
