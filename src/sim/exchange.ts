/**
 * Gas moving between modules: pressure equalisation through open hatches, mixing by
 * inter-module ventilation, and seepage through closed hatch seals.
 */

import type { GasGroup, Topology } from '../core/index.js';
import { GAS_CONSTANT, SPECIES_COUNT } from '../core/index.js';
import { type GasState, molarMass, moveAir, pressurePa, totalMoles } from './gas.js';

/** Σ V_i/T_i over a group [m³/K]: the group's pressure is N·R/that. */
export function groupCapacity(gas: GasState, group: GasGroup): number {
  let capacity = 0;
  for (let k = 0; k < group.modules.length; k++) {
    const i = group.modules[k] as number;
    capacity += (gas.volumeM3[i] as number) / (gas.temperatureK[i] as number);
  }
  return capacity;
}

/**
 * Brings every module of an open-hatch group to one pressure. Open hatches pass air in well under
 * a second, so equalisation is taken as complete within each step.
 *
 * ## Method
 * Targets n_i* = N·(V_i/T_i)/Σ(V/T). The flow on each spanning-tree edge is the surplus of the
 * subtree below it; flows toward the root run first (children before parents), then flows away
 * from it (parents before children), each carrying its source module's composition, so no module
 * ever gives more than it holds and every species is conserved exactly.
 */
export function equalisePressure(gas: GasState, group: GasGroup, scratch: Float64Array): void {
  const n = group.modules.length;
  if (n < 2) return;
  const capacity = groupCapacity(gas, group);
  let total = 0;
  for (let k = 0; k < n; k++) total += totalMoles(gas, group.modules[k] as number);
  // scratch[k]: surplus of the subtree rooted at entry k (moles to send toward the root).
  for (let k = 0; k < n; k++) {
    const i = group.modules[k] as number;
    scratch[k] =
      totalMoles(gas, i) -
      (total * ((gas.volumeM3[i] as number) / (gas.temperatureK[i] as number))) / capacity;
  }
  for (let k = n - 1; k > 0; k--) {
    const p = group.parent[k] as number;
    scratch[p] = (scratch[p] as number) + (scratch[k] as number);
  }
  for (let k = n - 1; k > 0; k--) {
    const flow = scratch[k] as number;
    if (flow > 0)
      moveAir(gas, group.modules[k] as number, group.modules[group.parent[k] as number] as number, flow);
  }
  for (let k = 1; k < n; k++) {
    const flow = scratch[k] as number;
    if (flow < 0)
      moveAir(gas, group.modules[group.parent[k] as number] as number, group.modules[k] as number, -flow);
  }
}

/**
 * Mixes the air of an open-hatch group by ventilation along its spanning tree: each tree hatch
 * exchanges Q [m³/s] each way, mole-neutral, so pressures stay equal while compositions converge.
 *
 * ## Method
 * With q_e = Q_e·p/(R·T̄) moles exchanged each way on edge e, each species' mole fractions obey
 * N·dx/dt = −L·x (L the graph Laplacian weighted by q). The step is implicit Euler,
 * (N + dt·L)·x' = N·x, solved exactly on the tree by elimination from the leaves (O(n), no
 * fill-in). It is stable for any dt, conserves every species (1ᵀL = 0), and gives the exact
 * steady-state flux, so a small module in a chain never throttles the exchange at long steps.
 * `scratch` needs 4·n entries.
 */
export function mixGroup(
  gas: GasState,
  group: GasGroup,
  ventilationM3PerS: ArrayLike<number>,
  dtS: number,
  scratch: Float64Array,
): void {
  const n = group.modules.length;
  if (n < 2) return;
  const total = scratch.subarray(0, n);
  const weight = scratch.subarray(n, 2 * n);
  const diagonal = scratch.subarray(2 * n, 3 * n);
  const rhs = scratch.subarray(3 * n, 4 * n);
  for (let k = 0; k < n; k++) total[k] = totalMoles(gas, group.modules[k] as number);
  weight[0] = 0;
  for (let k = 1; k < n; k++) {
    const a = group.modules[k] as number;
    const b = group.modules[group.parent[k] as number] as number;
    const meanT = 0.5 * ((gas.temperatureK[a] as number) + (gas.temperatureK[b] as number));
    const p = 0.5 * (pressurePa(gas, a) + pressurePa(gas, b));
    weight[k] =
      ((ventilationM3PerS[group.parentHatch[k] as number] as number) * dtS * p) / (GAS_CONSTANT * meanT);
  }
  for (let s = 0; s < SPECIES_COUNT; s++) {
    for (let k = 0; k < n; k++) {
      diagonal[k] = (total[k] as number) + (weight[k] as number);
      rhs[k] = gas.moles[(group.modules[k] as number) * SPECIES_COUNT + s] as number;
    }
    for (let k = 1; k < n; k++) {
      const p = group.parent[k] as number;
      diagonal[p] = (diagonal[p] as number) + (weight[k] as number);
    }
    for (let k = n - 1; k > 0; k--) {
      const p = group.parent[k] as number;
      const f = (weight[k] as number) / (diagonal[k] as number);
      diagonal[p] = (diagonal[p] as number) - (weight[k] as number) * f;
      rhs[p] = (rhs[p] as number) + f * (rhs[k] as number);
    }
    rhs[0] = (rhs[0] as number) / (diagonal[0] as number);
    for (let k = 1; k < n; k++) {
      rhs[k] =
        ((rhs[k] as number) + (weight[k] as number) * (rhs[group.parent[k] as number] as number)) /
        (diagonal[k] as number);
    }
    for (let k = 0; k < n; k++) {
      gas.moles[(group.modules[k] as number) * SPECIES_COUNT + s] = (total[k] as number) * (rhs[k] as number);
    }
  }
}

/**
 * Mixes air across an open hatch by ventilation: Q [m³/s] each way, mole-neutral, so pressures
 * stay equal while compositions converge.
 *
 * ## Method
 * With q = Q·dt·p/(R·T̄) moles exchanged each way, the mole-fraction difference of every species
 * decays as exp(−q·(1/n_a + 1/n_b)); the exact exchange for the pair over the step is
 * Δ_s = (x_a,s − x_b,s)·(1 − e^(−q·(1/n_a+1/n_b)))/(1/n_a + 1/n_b), which is stable for any dt.
 */
export function mixAcrossHatch(
  gas: GasState,
  a: number,
  b: number,
  ventilationM3PerS: number,
  dtS: number,
): void {
  if (ventilationM3PerS <= 0) return;
  const na = totalMoles(gas, a);
  const nb = totalMoles(gas, b);
  if (na <= 0 || nb <= 0) return;
  const meanT = 0.5 * ((gas.temperatureK[a] as number) + (gas.temperatureK[b] as number));
  const p = 0.5 * (pressurePa(gas, a) + pressurePa(gas, b));
  const q = (ventilationM3PerS * dtS * p) / (GAS_CONSTANT * meanT);
  const inverse = 1 / na + 1 / nb;
  const factor = -Math.expm1(-q * inverse) / inverse;
  const oa = a * SPECIES_COUNT;
  const ob = b * SPECIES_COUNT;
  for (let s = 0; s < SPECIES_COUNT; s++) {
    const xa = (gas.moles[oa + s] as number) / na;
    const xb = (gas.moles[ob + s] as number) / nb;
    let delta = (xa - xb) * factor;
    if (delta > 0 && delta > (gas.moles[oa + s] as number)) delta = gas.moles[oa + s] as number;
    if (delta < 0 && -delta > (gas.moles[ob + s] as number)) delta = -(gas.moles[ob + s] as number);
    gas.moles[oa + s] = (gas.moles[oa + s] as number) - delta;
    gas.moles[ob + s] = (gas.moles[ob + s] as number) + delta;
  }
}

/**
 * Seepage through a closed hatch's seal between two groups: ṁ = G·Δp with G [kg/(s·Pa)].
 *
 * ## Method
 * With both groups' pressures following their mole totals (p = N·R/Σ(V/T)), Δp decays as
 * exp(−λ·dt), λ = (G/M)·R·(1/C_a + 1/C_b); the step moves Δp·(1 − e^(−λ·dt))/(R·(1/C_a + 1/C_b))
 * moles from the high side, in its composition.
 */
export function seepThroughSeal(
  gas: GasState,
  topology: Topology,
  capacities: Float64Array,
  a: number,
  b: number,
  conductanceKgPerSPa: number,
  dtS: number,
): void {
  const ga = topology.groupOf[a] as number;
  const gb = topology.groupOf[b] as number;
  if (conductanceKgPerSPa <= 0 || ga < 0 || gb < 0 || ga === gb) return;
  const pa = pressurePa(gas, a);
  const pb = pressurePa(gas, b);
  const [high, low, dp] = pa >= pb ? [a, b, pa - pb] : [b, a, pb - pa];
  if (dp <= 0) return;
  const ca = capacities[ga] as number;
  const cb = capacities[gb] as number;
  const stiffness = GAS_CONSTANT * (1 / ca + 1 / cb);
  const lambda = (conductanceKgPerSPa / molarMass(gas, high)) * stiffness;
  moveAir(gas, high, low, (dp * -Math.expm1(-lambda * dtS)) / stiffness);
}
