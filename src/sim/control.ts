/**
 * Routine gas management standing in for crew and ground: top the cabin up from a store when its
 * pressure falls below a threshold, and run an O2 generator to hold ppO2 near a set point.
 */
import { O2 } from '../core/index.js';
import { partialPressurePa, pressurePa } from './gas.js';
import type { SimState } from './state.js';

export interface ControlState {
  /** Index of the store, module and generator the controllers use (-1 = no controller). */
  pressureStore: number;
  pressureModule: number;
  o2Generator: number;
}

export function createControlState(
  state: Pick<SimState, 'station' | 'scenario' | 'moduleIndex'>,
): ControlState {
  const { pressure, ppO2 } = state.scenario.control;
  return {
    pressureStore:
      pressure === undefined ? -1 : state.station.gasStores.findIndex((s) => s.id === pressure.store),
    pressureModule: pressure === undefined ? -1 : (state.moduleIndex.get(pressure.module) ?? -1),
    o2Generator: ppO2 === undefined ? -1 : state.station.generators.findIndex((g) => g.id === ppO2.generator),
  };
}

/**
 * One step of the controllers. Pressure: below the threshold, start a repress from the store up
 * to the target (one at a time). ppO2: the generator's rate is max·clamp((set − ppO2)/band, 0, 1),
 * read in the generator's module.
 */
export function applyControl(state: SimState): void {
  const { control } = state;
  const pressure = state.scenario.control.pressure;
  if (pressure !== undefined && control.pressureModule >= 0 && state.present[control.pressureModule] === 1) {
    const running = state.processes.some((p) => p.kind === 'repress' && p.controlled);
    if (
      !running &&
      pressurePa(state.gas, control.pressureModule) < pressure.belowPa &&
      (state.storeMassKg[control.pressureStore] as number) > 0
    ) {
      state.processes.push({
        kind: 'repress',
        store: control.pressureStore,
        module: control.pressureModule,
        flowKgPerS: pressure.flowKgPerS,
        untilPa: pressure.untilPa,
        remainingKg: Number.POSITIVE_INFINITY,
        controlled: true,
      });
    }
  }
  const ppO2 = state.scenario.control.ppO2;
  const k = control.o2Generator;
  if (ppO2 !== undefined && k >= 0) {
    const generator = state.station.generators[k];
    const module = state.lifeSupport.generatorModule[k] as number;
    if (generator === undefined || state.present[module] !== 1) return;
    const demand = (ppO2.setpointPa - partialPressurePa(state.gas, module, O2)) / ppO2.bandPa;
    state.lifeSupport.generatorRateKgPerS[k] = generator.maxKgPerS * Math.min(1, Math.max(0, demand));
  }
}
