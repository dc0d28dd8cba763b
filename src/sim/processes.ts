/**
 * Operations that run over time until a condition is met: repressurising from a gas store,
 * depressurising an airlock (pump into the station, then vent), and equalising through a valve.
 */
import { AIR_GAMMA, CHOKED_FACTOR, GAS_CONSTANT, MOLAR_MASS, N2, O2 } from '../core/index.js';
import { changeSpecies, molarMass, moveAir, pressurePa } from './gas.js';
import { type ActiveLeak, createLeak } from './leaks.js';
import type { SimState } from './state.js';

export type Process =
  | {
      kind: 'repress';
      store: number;
      module: number;
      flowKgPerS: number;
      untilPa: number;
      /** Mass still to deliver [kg]. */
      remainingKg: number;
      /** Started by the pressure controller rather than a scenario event. */
      controlled: boolean;
    }
  | {
      kind: 'depress';
      module: number;
      pumpInto: number;
      pumpToPa: number;
      pumpFlowKgPerS: number;
      ventToPa: number;
      vent: ActiveLeak;
      phase: 'pump' | 'vent';
    }
  | { kind: 'equalize'; module: number; from: number; diameterM: number };

/** Discharge coefficient assumed for valves. */
const VALVE_CD = 0.6;
/** Pressure differences below this [Pa] count as equalised. */
const EQUAL_PA = 1;
/** Mole fractions of tank "air" (N2/O2 only). */
const TANK_AIR_O2 = 0.21;

export function createDepress(
  state: SimState,
  e: {
    module: number;
    pumpInto: number;
    pumpToPa: number;
    pumpFlowKgPerS: number;
    ventToPa: number;
    ventDiameterM: number;
  },
  id: string,
): Process {
  return {
    kind: 'depress',
    module: e.module,
    pumpInto: e.pumpInto,
    pumpToPa: e.pumpInto >= 0 ? e.pumpToPa : Number.POSITIVE_INFINITY,
    pumpFlowKgPerS: e.pumpFlowKgPerS,
    ventToPa: e.ventToPa,
    vent: createLeak(
      {
        id,
        module: state.station.modules[e.module]?.id ?? '',
        law: 'orifice',
        dischargeCoefficient: VALVE_CD,
        diameterM: e.ventDiameterM,
      },
      e.module,
      'vent',
    ),
    phase: e.pumpInto >= 0 ? 'pump' : 'vent',
  };
}

/** Advances every running process by one step; finished ones are removed. */
export function applyProcesses(state: SimState, dtS: number): void {
  if (state.processes.length === 0) return;
  state.processes = state.processes.filter((process) => advanceProcess(state, process, dtS));
}

/** Advances one process; false when it has finished. */
function advanceProcess(state: SimState, process: Process, dtS: number): boolean {
  switch (process.kind) {
    case 'repress':
      return repress(state, process, dtS);
    case 'depress':
      return depress(state, process, dtS);
    case 'equalize':
      return equalize(state, process, dtS);
  }
}

/** Capacity Σ V/T [m³/K] of the group a module is in. */
function capacityOf(state: SimState, module: number): number {
  return state.capacities[state.topology.groupOf[module] as number] as number;
}

function repress(state: SimState, p: Extract<Process, { kind: 'repress' }>, dtS: number): boolean {
  const store = state.station.gasStores[p.store];
  if (store === undefined || state.present[p.module] !== 1) return false;
  const toTarget =
    ((p.untilPa - pressurePa(state.gas, p.module)) * capacityOf(state, p.module)) / GAS_CONSTANT;
  if (toTarget <= 0) return false;
  const molar =
    store.gas === 'o2'
      ? MOLAR_MASS.o2
      : store.gas === 'n2'
        ? MOLAR_MASS.n2
        : TANK_AIR_O2 * MOLAR_MASS.o2 + (1 - TANK_AIR_O2) * MOLAR_MASS.n2;
  const available = Math.min(p.flowKgPerS * dtS, p.remainingKg, state.storeMassKg[p.store] as number);
  const kg = Math.min(available, toTarget * molar);
  if (kg <= 0) return false;
  const moles = kg / molar;
  const o2 = store.gas === 'o2' ? moles : store.gas === 'n2' ? 0 : moles * TANK_AIR_O2;
  changeSpecies(state.gas, p.module, O2, o2, state.ledger.added);
  changeSpecies(state.gas, p.module, N2, moles - o2, state.ledger.added);
  state.storeMassKg[p.store] = (state.storeMassKg[p.store] as number) - kg;
  p.remainingKg -= kg;
  return (
    kg === available &&
    kg < toTarget * molar &&
    p.remainingKg > 0 &&
    (state.storeMassKg[p.store] as number) > 0
  );
}

function depress(state: SimState, p: Extract<Process, { kind: 'depress' }>, dtS: number): boolean {
  if (state.present[p.module] !== 1) return false;
  const pressure = pressurePa(state.gas, p.module);
  if (p.phase === 'pump') {
    const sameGroup = state.topology.groupOf[p.module] === state.topology.groupOf[p.pumpInto];
    const excess = ((pressure - p.pumpToPa) * capacityOf(state, p.module)) / GAS_CONSTANT;
    if (!sameGroup && excess > 0) {
      const pumped = Math.min((p.pumpFlowKgPerS * dtS) / molarMass(state.gas, p.module), excess);
      moveAir(state.gas, p.module, p.pumpInto, pumped);
      if (pumped < excess) return true;
    }
    p.phase = 'vent';
    state.leaks.push(p.vent);
    return true;
  }
  if (pressure > p.ventToPa) return true;
  state.leaks = state.leaks.filter((leak) => leak !== p.vent);
  return false;
}

/**
 * Flow through an equalisation valve between two groups: compressible orifice flow, choked below
 * the critical pressure ratio, never past equal pressure within a step.
 */
function equalize(state: SimState, p: Extract<Process, { kind: 'equalize' }>, dtS: number): boolean {
  const { gas, topology } = state;
  if (state.present[p.module] !== 1 || state.present[p.from] !== 1) return false;
  if (topology.groupOf[p.module] === topology.groupOf[p.from]) return false;
  const pa = pressurePa(gas, p.from);
  const pb = pressurePa(gas, p.module);
  if (Math.abs(pa - pb) < EQUAL_PA) return false;
  const [high, low, pHigh, pLow] = pa > pb ? [p.from, p.module, pa, pb] : [p.module, p.from, pb, pa];
  const m = molarMass(gas, high);
  const t = gas.temperatureK[high] as number;
  const area = (Math.PI * p.diameterM * p.diameterM) / 4;
  const ratio = pLow / pHigh;
  const critical = (2 / (AIR_GAMMA + 1)) ** (AIR_GAMMA / (AIR_GAMMA - 1));
  const massFlow =
    ratio <= critical
      ? VALVE_CD * area * pHigh * CHOKED_FACTOR * Math.sqrt(m / (GAS_CONSTANT * t))
      : VALVE_CD *
        area *
        pHigh *
        Math.sqrt(
          ((2 * AIR_GAMMA) / (AIR_GAMMA - 1)) *
            (m / (GAS_CONSTANT * t)) *
            (ratio ** (2 / AIR_GAMMA) - ratio ** ((AIR_GAMMA + 1) / AIR_GAMMA)),
        );
  const toEqual =
    (pHigh - pLow) / (GAS_CONSTANT * (1 / capacityOf(state, high) + 1 / capacityOf(state, low)));
  moveAir(gas, high, low, Math.min((massFlow * dtS) / m, toEqual));
  return true;
}
