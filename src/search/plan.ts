/**
 * The next search actions, ranked by probability of detection per crew-minute.
 *
 * ## Method
 * Actions: sweep one tile (~1 m × 1 m) of a panel with the ultrasonic detector for `stepMinutes`,
 * or inspect a whole panel visually; a closed panel or rack bay costs its access time the first
 * time it is worked. With q_j the probability that the leak is in cell j and not yet detected, an
 * action's gain is Σ_j q_j·POD_j. Without access costs, detection is exponential in effort
 * (Koopman) and the greedy choice of the highest gain per minute in small increments converges to
 * Stone's optimal allocation (equal marginal detection rate in every searched area, nothing
 * elsewhere; Stone, Theory of Optimal Search, 1975; a test checks the closed form). With access
 * costs the rate of a closed panel's tile is taken over its best bundle "open + k steps" (k ≤ 12),
 * so an area worth opening is not starved by its set-up time; only the first step is committed
 * before re-ranking. P(found after the plan) = Σ_j p_j·(1 − Π_a (1 − POD_aj)).
 */
import { DEFAULT_VISUAL_POD, sweepPod } from './observations.js';
import { sweepWidthM } from './ultrasonic.js';
import { angleInRange, type GridPanel, type WallGrid, wrapDeg } from './wall-grid.js';

/** Crew minutes to open a panel of each kind and close it again (est.). */
export const ACCESS_MINUTES: Readonly<Record<'panel' | 'rack' | 'open', number>> = {
  panel: 15,
  rack: 45,
  open: 0,
};
/** Crew minutes per m² for a close visual inspection with a light (est.). */
export const INSPECT_MINUTES_PER_M2 = 6;
export const DEFAULT_STEP_MINUTES = 1;
/**
 * Crew minutes for a particle-drift test: release confetti or tea leaves mid-module, film the
 * drift (est.). Recommended before any sweep while no drift has been logged: for ten minutes it
 * narrows the leak's angle to ~±30° (κ = 4), which no sweep of that length can do.
 */
export const DRIFT_TEST_MINUTES = 10;
/** Target tile size for sweeps [m]. */
export const TILE_M = 1;
const MAX_BUNDLE_STEPS = 12;

/** One candidate action, with its POD on the cells it can detect (sparse). */
export interface SearchAction {
  kind: 'sweep' | 'inspect';
  panel: number;
  /** The area worked: axial [m] and angle [deg] ranges. */
  axialM: [number, number];
  angleDeg: [number, number];
  areaM2: number;
  minutes: number;
  cells: Int32Array;
  pod: Float64Array;
}

/** Every sweep tile and panel inspection of the wall, computed once per leak rate. */
export function actionCatalogue(
  grid: WallGrid,
  leakKgPerDay: number,
  stepMinutes = DEFAULT_STEP_MINUTES,
  inspections = true,
): SearchAction[] {
  const actions: SearchAction[] = [];
  const w = sweepWidthM(leakKgPerDay);
  grid.panels.forEach((panel, p) => {
    if (panel.cells.length === 0) return;
    for (const tile of panelTiles(grid, panel)) {
      const mask = new Uint8Array(grid.cellCount);
      for (const c of tile.cells) mask[c] = 1;
      const pod = sweepPod(
        grid,
        mask,
        stepMinutes,
        leakKgPerDay,
        undefined,
        nearDistance(grid, tile.cells, 3 * w),
      );
      actions.push({ kind: 'sweep', panel: p, ...tile, minutes: stepMinutes, ...sparse(pod) });
    }
    if (inspections) {
      const pod = new Float64Array(grid.cellCount);
      for (const c of panel.cells) pod[c] = DEFAULT_VISUAL_POD;
      actions.push({
        kind: 'inspect',
        panel: p,
        axialM: panel.axialM,
        angleDeg: panel.angleDeg,
        areaM2: panel.areaM2,
        minutes: Math.max(1, INSPECT_MINUTES_PER_M2 * panel.areaM2),
        ...sparse(pod),
      });
    }
  });
  return actions;
}

function sparse(pod: Float64Array): { cells: Int32Array; pod: Float64Array } {
  const cells: number[] = [];
  for (let j = 0; j < pod.length; j++) if ((pod[j] as number) > 1e-9) cells.push(j);
  return { cells: Int32Array.from(cells), pod: Float64Array.from(cells, (j) => pod[j] as number) };
}

/** The action's POD as a dense vector over all cells. */
export function densePod(grid: WallGrid, action: SearchAction): Float64Array {
  const out = new Float64Array(grid.cellCount);
  action.cells.forEach((c, k) => {
    out[c] = action.pod[k] as number;
  });
  return out;
}

/** Distance [m] from each cell to the nearest of `cells`, capped (cells beyond the cap get it). */
function nearDistance(grid: WallGrid, cells: Int32Array, capM: number): Float64Array {
  const d = new Float64Array(grid.cellCount).fill(capM);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const c of cells) {
    lo = Math.min(lo, grid.x[c] as number);
    hi = Math.max(hi, grid.x[c] as number);
  }
  for (let i = 0; i < grid.cellCount; i++) {
    const xi = grid.x[i] as number;
    if (xi < lo - capM || xi > hi + capM) continue;
    let best = capM * capM;
    for (const c of cells) {
      const dd =
        (xi - (grid.x[c] as number)) ** 2 +
        ((grid.y[i] as number) - (grid.y[c] as number)) ** 2 +
        ((grid.z[i] as number) - (grid.z[c] as number)) ** 2;
      if (dd < best) best = dd;
    }
    d[i] = Math.sqrt(best);
  }
  return d;
}

/** A panel cut into ~TILE_M × TILE_M tiles (axial bins × angular bins). */
function panelTiles(
  grid: WallGrid,
  panel: GridPanel,
): { axialM: [number, number]; angleDeg: [number, number]; areaM2: number; cells: Int32Array }[] {
  const [z1, z2] = panel.axialM;
  const [a1, a2] = panel.angleDeg;
  const span = a2 - a1 >= 360 ? 360 : wrapDeg(a2 - a1) || 360;
  let rMax = 0;
  for (const c of panel.cells) rMax = Math.max(rMax, grid.radiusM[c] as number);
  const nz = Math.max(1, Math.round((z2 - z1) / TILE_M));
  const na = Math.max(1, Math.round((span * Math.PI * rMax) / 180 / TILE_M));
  const tiles = Array.from({ length: nz * na }, (_, k) => ({
    axialM: [
      z1 + ((z2 - z1) * Math.floor(k / na)) / nz,
      z1 + ((z2 - z1) * (Math.floor(k / na) + 1)) / nz,
    ] as [number, number],
    angleDeg: [a1 + (span * (k % na)) / na, a1 + (span * ((k % na) + 1)) / na] as [number, number],
    areaM2: 0,
    members: [] as number[],
  }));
  for (const c of panel.cells) {
    const iz = Math.min(
      nz - 1,
      Math.max(0, Math.floor((((grid.axialM[c] as number) - z1) / (z2 - z1)) * nz)),
    );
    const ia = Math.min(na - 1, Math.floor((wrapDeg((grid.angleDeg[c] as number) - a1) / span) * na));
    const tile = tiles[iz * na + ia];
    if (tile === undefined) continue;
    tile.members.push(c);
    tile.areaM2 += grid.areaM2[c] as number;
  }
  return tiles
    .filter((t) => t.members.length > 0)
    .map((t) => ({
      axialM: t.axialM,
      angleDeg: t.angleDeg,
      areaM2: t.areaM2,
      cells: Int32Array.from(t.members),
    }));
}

/** True when a cell lies in the action's area (for display and tests). */
export function inActionArea(grid: WallGrid, action: SearchAction, cell: number): boolean {
  const z = grid.axialM[cell] as number;
  return (
    z >= action.axialM[0] &&
    z <= action.axialM[1] &&
    angleInRange(grid.angleDeg[cell] as number, action.angleDeg[0], action.angleDeg[1])
  );
}

/** The best next action for the undetected mass q (need not sum to 1), with its rate [1/min]. */
export function bestAction(
  grid: WallGrid,
  q: Float64Array,
  catalogue: readonly SearchAction[],
  open: ReadonlySet<number>,
): { action: number; rate: number } | undefined {
  let best: { action: number; rate: number } | undefined;
  const gains = new Float64Array(MAX_BUNDLE_STEPS + 1);
  catalogue.forEach((a, index) => {
    const panel = grid.panels[a.panel] as GridPanel;
    const access = open.has(a.panel) ? 0 : ACCESS_MINUTES[panel.kind];
    const maxK = access > 0 && a.kind === 'sweep' ? MAX_BUNDLE_STEPS : 1;
    gains.fill(0);
    for (let m = 0; m < a.cells.length; m++) {
      const qj = q[a.cells[m] as number] as number;
      if (qj <= 0) continue;
      const miss = 1 - (a.pod[m] as number);
      let t = 1;
      for (let k = 1; k <= maxK; k++) {
        t *= miss;
        gains[k] = (gains[k] as number) + qj * (1 - t);
      }
    }
    for (let k = 1; k <= maxK; k++) {
      const rate = (gains[k] as number) / (access + k * a.minutes);
      if (best === undefined || rate > best.rate) best = { action: index, rate };
    }
  });
  return best;
}

/** q_j ← q_j·(1 − POD_j) over the action's cells (an unsuccessful action). */
export function applyMiss(q: Float64Array, action: SearchAction): void {
  for (let m = 0; m < action.cells.length; m++) {
    const j = action.cells[m] as number;
    q[j] = (q[j] as number) * (1 - (action.pod[m] as number));
  }
}

export interface PlanOptions {
  leakKgPerDay: number;
  /** Crew minutes to plan for (default 120). */
  budgetMinutes?: number;
  /** Stop once the leak is found with this probability (default 0.95). */
  targetPFound?: number;
  stepMinutes?: number;
  /** Panels already open (no access cost). */
  openPanels?: readonly string[];
  /** Include visual inspections as candidate actions (default true). */
  inspections?: boolean;
}

export interface PlannedAction {
  action: SearchAction;
  /** Access minutes paid by this step (first work on a closed panel). */
  accessMinutes: number;
  /** P(found | a leak is there) after this step. */
  pFound: number;
}

export interface SearchPlan {
  actions: PlannedAction[];
  minutes: number;
  /** P(found | a leak is there) after the whole plan. */
  pFound: number;
}

export function planSearch(grid: WallGrid, probability: Float64Array, options: PlanOptions): SearchPlan {
  const budget = options.budgetMinutes ?? 120;
  const target = options.targetPFound ?? 0.95;
  const catalogue = actionCatalogue(
    grid,
    options.leakKgPerDay,
    options.stepMinutes,
    options.inspections ?? true,
  );
  const open = new Set<number>();
  for (const id of options.openPanels ?? []) {
    const i = grid.panels.findIndex((p) => p.id === id);
    if (i >= 0) open.add(i);
  }
  const q = Float64Array.from(probability);
  const actions: PlannedAction[] = [];
  let minutes = 0;
  let pFound = 0;
  while (minutes < budget && pFound < target) {
    const best = bestAction(grid, q, catalogue, open);
    if (best === undefined || best.rate <= 0) break;
    const action = catalogue[best.action] as SearchAction;
    const access = open.has(action.panel) ? 0 : ACCESS_MINUTES[(grid.panels[action.panel] as GridPanel).kind];
    if (minutes + access + action.minutes > budget && actions.length > 0) break;
    applyMiss(q, action);
    pFound = 1 - q.reduce((s, x) => s + x, 0);
    open.add(action.panel);
    minutes += access + action.minutes;
    actions.push({ action, accessMinutes: access, pFound });
  }
  return { actions, minutes, pFound };
}

/** Consecutive steps of one kind on the same panel, merged for display (the area is their union). */
export interface PlanStep {
  kind: 'sweep' | 'inspect';
  panelId: string;
  panelName: string;
  axialM: [number, number];
  angleDeg: [number, number];
  /** Open the panel first (a closed panel or rack bay). */
  open: boolean;
  minutes: number;
  cumulativeMinutes: number;
  /** P(found | leak) once this step is done. */
  pFound: number;
  /** Probability of detection gained per crew-minute by this step. */
  podPerMinute: number;
}

export function planSteps(grid: WallGrid, plan: SearchPlan): PlanStep[] {
  const steps: (PlanStep & { start: number })[] = [];
  let cumulative = 0;
  let before = 0;
  for (const a of plan.actions) {
    const minutes = a.accessMinutes + a.action.minutes;
    cumulative += minutes;
    const last = steps[steps.length - 1];
    const panel = grid.panels[a.action.panel] as GridPanel;
    if (last !== undefined && last.kind === a.action.kind && last.panelId === panel.id) {
      last.axialM = [
        Math.min(last.axialM[0], a.action.axialM[0]),
        Math.max(last.axialM[1], a.action.axialM[1]),
      ];
      if (last.angleDeg[0] !== a.action.angleDeg[0] || last.angleDeg[1] !== a.action.angleDeg[1])
        last.angleDeg = panel.angleDeg;
      last.minutes += minutes;
      last.cumulativeMinutes = cumulative;
      last.pFound = a.pFound;
      last.podPerMinute = (a.pFound - last.start) / last.minutes;
    } else {
      steps.push({
        kind: a.action.kind,
        panelId: panel.id,
        panelName: panel.name,
        axialM: a.action.axialM,
        angleDeg: a.action.angleDeg,
        open: a.accessMinutes > 0,
        minutes,
        cumulativeMinutes: cumulative,
        pFound: a.pFound,
        podPerMinute: (a.pFound - before) / minutes,
        start: before,
      });
    }
    before = a.pFound;
  }
  return steps.map(({ start: _start, ...step }) => step);
}
