// A search in progress, as persisted between commands: which module, the leak rate searched for,
// the grid and prior settings, and every observation logged, in order.
import type { FeatureWeights } from './feature-prior.js';
import type { SearchObservation } from './observations.js';

export const SEARCH_FORMAT = 'airtight-search/1';

export interface SearchState {
  format: typeof SEARCH_FORMAT;
  /** Station name or file the module comes from. */
  station: string;
  module: string;
  /** ISO 8601 UTC time the search was created. */
  created: string;
  /** Leak mass rate searched for [kg/day] (from `airtight analyze`). */
  leakKgPerDay: number;
  /** Target cell size [m]. */
  cellM: number;
  featureWeights?: Partial<FeatureWeights>;
  observations: SearchObservation[];
}
