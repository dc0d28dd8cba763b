import type { Station } from '../core/index.js';
import type { SimState } from './state.js';

/**
 * The station as it is now in a simulation: modules present or not, hatches open or closed — the
 * configuration flight controllers know when they start watching a station's telemetry.
 */
export function stationAsItIs(state: SimState): Station {
  const { station, present, hatchOpen } = state;
  return {
    ...station,
    modules: station.modules.map((m, i) => ({ ...m, present: present[i] === 1 })),
    hatches: station.hatches.map((h, i) => ({ ...h, initiallyOpen: hatchOpen[i] === 1 })),
  };
}
