/**
 * Gas lost to vacuum through holes and cracks, by two laws (DOMAIN.md §1, §3):
 * - choked orifice: ṁ = C_d·A·p·Γ·sqrt(M/(R·T)), Γ = sqrt(γ)·(2/(γ+1))^((γ+1)/(2(γ−1)));
 * - viscous crack: ṁ = c·p².
 * Vent valves (an airlock depress) use the orifice law and are booked the same way.
 */

import type { Topology } from '../core/index.js';
import { CHOKED_FACTOR, GAS_CONSTANT, type LeakSpec } from '../core/index.js';
import { type GasState, molarMass, moveAir, pressurePa, totalMoles } from './gas.js';

export interface LeakParameters {
  dischargeCoefficient: number;
  diameterM: number;
  cKgPerSPa2: number;
}

export interface ActiveLeak extends LeakParameters {
  id: string;
  module: number;
  law: LeakSpec['law'];
  /** `leak` is a scenario leak (recorded as truth); `vent` is a valve opened by a process. */
  purpose: 'leak' | 'vent';
  ramp?: { from: LeakParameters; to: LeakParameters; startS: number; endS: number };
  ventedKg: number;
  /** Molar-flow coefficients of the current step: ṅ = a·p + b·p². */
  a: number;
  b: number;
}

export function createLeak(spec: LeakSpec, module: number, purpose: ActiveLeak['purpose']): ActiveLeak {
  return {
    id: spec.id,
    module,
    law: spec.law,
    purpose,
    dischargeCoefficient: spec.law === 'orifice' ? spec.dischargeCoefficient : 0,
    diameterM: spec.law === 'orifice' ? spec.diameterM : 0,
    cKgPerSPa2: spec.law === 'crack' ? spec.cKgPerSPa2 : 0,
    ventedKg: 0,
    a: 0,
    b: 0,
  };
}

/** Choked mass flow [kg/s] through an orifice to vacuum. */
export function orificeMassFlow(
  cd: number,
  diameterM: number,
  pressurePa: number,
  temperatureK: number,
  molarMassKg: number,
): number {
  const area = (Math.PI * diameterM * diameterM) / 4;
  return cd * area * pressurePa * CHOKED_FACTOR * Math.sqrt(molarMassKg / (GAS_CONSTANT * temperatureK));
}

/** A leak's mass flow [kg/s] at the module's present pressure and temperature (0 if detached). */
export function leakMassFlow(leak: ActiveLeak, gas: GasState, present: Uint8Array): number {
  if (present[leak.module] !== 1) return 0;
  const p = pressurePa(gas, leak.module);
  if (leak.law === 'crack') return leak.cKgPerSPa2 * p * p;
  const t = gas.temperatureK[leak.module] as number;
  return orificeMassFlow(leak.dischargeCoefficient, leak.diameterM, p, t, molarMass(gas, leak.module));
}

/**
 * Removes one step of leakage from every group that has leaks, and sets each leak's rate.
 *
 * ## Method
 * In a group (one pressure, p = N·R/C with C = Σ V/T), the moles obey dN/dt = −αN − βN² with
 * α = Σ a_j·R/C (orifices, ṅ = a·p) and β = Σ b_j·(R/C)² (cracks, ṅ = b·p²). Over a step with
 * frozen coefficients the exact solution gives ΔN = N·E·(α + βN)/(1 + βN·E), E = (1 − e^(−α·dt))/α
 * (E = dt when α = 0), so one closed volume follows the closed forms (exponential, 1/p linear)
 * to rounding for any step. ΔN is shared among the leaks in proportion to their flows at p.
 */
export function applyLeaks(
  gas: GasState,
  topology: Topology,
  capacities: Float64Array,
  leaks: ActiveLeak[],
  timeS: number,
  dtS: number,
  vented: Float64Array,
  scratch: Float64Array,
): void {
  const groups = topology.groups.length;
  const aSum = scratch.subarray(0, groups).fill(0);
  const bSum = scratch.subarray(groups, 2 * groups).fill(0);
  for (const leak of leaks) {
    if (leak.ramp !== undefined) advanceRamp(leak, timeS);
    const g = topology.groupOf[leak.module] as number;
    leak.a = 0;
    leak.b = 0;
    if (g < 0) continue;
    const m = molarMass(gas, leak.module);
    if (leak.law === 'orifice') {
      const area = (Math.PI * leak.diameterM * leak.diameterM) / 4;
      leak.a =
        leak.dischargeCoefficient *
        area *
        CHOKED_FACTOR *
        Math.sqrt(1 / (GAS_CONSTANT * (gas.temperatureK[leak.module] as number) * m));
    } else {
      leak.b = leak.cKgPerSPa2 / m;
    }
    aSum[g] = (aSum[g] as number) + leak.a;
    bSum[g] = (bSum[g] as number) + leak.b;
  }
  for (let g = 0; g < groups; g++) {
    const aG = aSum[g] as number;
    const bG = bSum[g] as number;
    if (aG === 0 && bG === 0) continue;
    const group = topology.groups[g];
    if (group === undefined) continue;
    let n = 0;
    for (let k = 0; k < group.modules.length; k++) n += totalMoles(gas, group.modules[k] as number);
    const c = capacities[g] as number;
    const p = (n * GAS_CONSTANT) / c;
    const alpha = (aG * GAS_CONSTANT) / c;
    const beta = bG * (GAS_CONSTANT / c) ** 2;
    const e = alpha > 0 ? -Math.expm1(-alpha * dtS) / alpha : dtS;
    const lost = (n * e * (alpha + beta * n)) / (1 + beta * n * e);
    const flowAtP = aG * p + bG * p * p;
    for (const leak of leaks) {
      if (topology.groupOf[leak.module] !== g) continue;
      const share = (leak.a * p + leak.b * p * p) / flowAtP;
      leak.ventedKg += moveAir(gas, leak.module, -1, lost * share, vented) * molarMass(gas, leak.module);
    }
  }
}

function advanceRamp(leak: ActiveLeak, timeS: number): void {
  const ramp = leak.ramp;
  if (ramp === undefined) return;
  const f = timeS >= ramp.endS ? 1 : Math.max(0, (timeS - ramp.startS) / (ramp.endS - ramp.startS));
  leak.dischargeCoefficient =
    ramp.from.dischargeCoefficient + f * (ramp.to.dischargeCoefficient - ramp.from.dischargeCoefficient);
  leak.diameterM = ramp.from.diameterM + f * (ramp.to.diameterM - ramp.from.diameterM);
  leak.cKgPerSPa2 = ramp.from.cKgPerSPa2 + f * (ramp.to.cKgPerSPa2 - ramp.from.cKgPerSPa2);
  if (f >= 1) delete leak.ramp;
}
