/**
 * A resupply manifest in SI, as read from a manifest file (src/config): crew count over time and
 * cargo flights with their gas and launch-slip uncertainty.
 */
import type { CrewPeriod, Normal } from './model.js';

export interface ManifestFlight {
  id: string;
  /** Planned arrival at the station [epoch s]. */
  arrivalS: number;
  /** Launch slip [s] added to the arrival: normal with this mean and sd. */
  slipS: Normal;
  failureProbability: number;
  o2Kg: number;
  n2Kg: number;
  /** Air [kg], split into O2 and N2 by the station's cabin composition. */
  airKg: number;
}

export interface Manifest {
  /** Forecast start [epoch s], if the manifest names one. */
  startS?: number;
  crew: CrewPeriod[];
  flights: ManifestFlight[];
  source: string;
}
