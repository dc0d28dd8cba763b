/**
 * The in-module search map the server serves: a module's wall grid and feature prior (built once
 * per module), the search observations stored as operator events, and from them the posterior, the
 * next looks ranked as `airtight search next` ranks them (a particle-drift test first while none is
 * logged, then the plan's steps by probability of detection per crew-minute) and how much of the
 * wall the logged sweeps and inspections have covered.
 */
import { InputError, type Station, type StationModule } from '../core/index.js';
import {
  buildWallGrid,
  DEFAULT_VISUAL_POD,
  DRIFT_TEST_MINUTES,
  featurePrior,
  type GridPanel,
  panelIndex,
  planSearch,
  planSteps,
  regionMask,
  type SearchObservation,
  type SearchPosterior,
  searchPosterior,
  sweepPod,
  type WallGrid,
} from '../search/index.js';

/** Target cell size of the served grid [m] (as `airtight search new`). */
export const SEARCH_CELL_M = 0.1;
/** Crew minutes the plan behind the next looks covers (as `airtight search next`). */
export const SEARCH_BUDGET_MIN = 120;

export interface ModuleWall {
  module: StationModule;
  grid: WallGrid;
  prior: Float64Array;
}

const walls = new WeakMap<Station, Map<string, ModuleWall>>();

/** The module's wall grid and feature prior, built on first use; InputError naming `where` when it has none. */
export function moduleWall(station: Station, moduleId: string, where = 'module'): ModuleWall {
  let perStation = walls.get(station);
  if (perStation === undefined) {
    perStation = new Map();
    walls.set(station, perStation);
  }
  const cached = perStation.get(moduleId);
  if (cached !== undefined) return cached;
  const module = station.modules.find((m) => m.id === moduleId);
  const searchable = searchableModules(station);
  if (module === undefined || (module.geometry?.sections.length ?? 0) === 0)
    throw new InputError({
      where,
      problem: `must be a module of station '${station.id}' with wall geometry (${searchable.slice(0, 12).join(', ')}${searchable.length > 12 ? ', …' : ''})`,
      value: moduleId,
    });
  const grid = buildWallGrid(module, { cellM: SEARCH_CELL_M });
  const wall = { module, grid, prior: featurePrior(grid, module.geometry?.features ?? []) };
  perStation.set(moduleId, wall);
  return wall;
}

/** Ids of the modules whose wall can be searched (geometry given). */
export function searchableModules(station: Station): string[] {
  return station.modules.filter((m) => (m.geometry?.sections.length ?? 0) > 0).map((m) => m.id);
}

/** Throws InputError naming the field when an observation names a panel the module does not have. */
export function checkPanels(grid: WallGrid, o: SearchObservation, prefix: string): void {
  if (o.kind === 'inspect') panelIndex(grid, o.panel, `${prefix}.panel`);
  if (o.kind === 'sweep' && 'panels' in o.region)
    o.region.panels.forEach((id, i) => {
      panelIndex(grid, id, `${prefix}.region.panels[${i}]`);
    });
}

/** One ranked look: the CLI's `search next --json` step. */
export interface NextLook {
  step: number;
  action: 'drift' | 'sweep' | 'inspect';
  panel: string | null;
  panelName: string;
  open: boolean;
  axialM: [number, number];
  angleDeg: [number, number];
  minutes: number;
  cumulativeMinutes: number;
  pFound: number;
  podPerMinute: number;
}

export interface SearchEvaluation {
  posterior: SearchPosterior;
  next: NextLook[];
  plannedMinutes: number;
  /** P(found | a leak is there) after the planned looks. */
  pFoundAfterPlan: number;
  /** P(the sweeps and inspections logged would have found the leak searched for, had it been in this module). */
  pFoundSoFar: number;
  panels: { panel: GridPanel; probability: number }[];
}

const EVALUATIONS_KEPT = 16;
const evaluations = new Map<string, SearchEvaluation>();

/**
 * `evaluateSearch`, remembered for the last few (module, observations, rate, budget): the plan
 * behind the next looks takes seconds on the large modules (the action catalogue is rebuilt per
 * plan), and the console asks again whenever it redraws.
 */
export function evaluateSearchCached(
  wall: ModuleWall,
  observations: readonly SearchObservation[],
  options: { leakKgPerDay: number; budgetMinutes?: number },
): SearchEvaluation {
  const key = JSON.stringify(
    [wall.module.id, options.leakKgPerDay, options.budgetMinutes ?? null, observations],
    (_k, v) => (v instanceof Float64Array ? Array.from(v) : v),
  );
  const cached = evaluations.get(key);
  if (cached !== undefined) {
    // most recently used last
    evaluations.delete(key);
    evaluations.set(key, cached);
    return cached;
  }
  const e = evaluateSearch(wall, observations, options);
  evaluations.set(key, e);
  if (evaluations.size > EVALUATIONS_KEPT) evaluations.delete(evaluations.keys().next().value as string);
  return e;
}

/** Posterior, next looks and coverage for the observations, as `airtight search next|show` compute them. */
export function evaluateSearch(
  wall: ModuleWall,
  observations: readonly SearchObservation[],
  options: { leakKgPerDay: number; budgetMinutes?: number },
): SearchEvaluation {
  const { grid, prior } = wall;
  const budget = options.budgetMinutes ?? SEARCH_BUDGET_MIN;
  const posterior = searchPosterior(grid, prior, observations, { leakKgPerDay: options.leakKgPerDay });
  const lastPatch = observations.map((o) => o.kind).lastIndexOf('patched');
  const hasDrift = observations.some(
    (o, k) => k > lastPatch && (o.kind === 'drift' || o.kind === 'gathered' || o.kind === 'acoustic'),
  );
  const driftMinutes = hasDrift ? 0 : DRIFT_TEST_MINUTES;
  const plan = planSearch(grid, posterior.probability, {
    leakKgPerDay: posterior.targetKgPerDay,
    budgetMinutes: Math.max(1, budget - driftMinutes),
  });
  const next: NextLook[] = [];
  if (!hasDrift)
    next.push({
      step: 1,
      action: 'drift',
      panel: null,
      panelName: 'release confetti or tea leaves mid-module, film the drift, log it as a drift observation',
      open: false,
      axialM: [grid.lengthM / 2, grid.lengthM / 2],
      angleDeg: [0, 360],
      minutes: DRIFT_TEST_MINUTES,
      cumulativeMinutes: DRIFT_TEST_MINUTES,
      pFound: 0,
      podPerMinute: 0,
    });
  for (const s of planSteps(grid, plan))
    next.push({
      step: next.length + 1,
      action: s.kind,
      panel: s.panelId,
      panelName: s.panelName,
      open: s.open,
      axialM: s.axialM,
      angleDeg: s.angleDeg,
      minutes: s.minutes,
      cumulativeMinutes: s.cumulativeMinutes + driftMinutes,
      pFound: s.pFound,
      podPerMinute: s.podPerMinute,
    });
  const panels = grid.panels
    .map((panel) => {
      let probability = 0;
      for (const c of panel.cells) probability += posterior.probability[c] as number;
      return { panel, probability };
    })
    .sort((a, b) => b.probability - a.probability);
  return {
    posterior,
    next,
    plannedMinutes: plan.minutes + driftMinutes,
    pFoundAfterPlan: plan.pFound,
    pFoundSoFar: coverage(wall, observations, posterior),
    panels,
  };
}

/**
 * Σ_j prior_j·(1 − Π_k (1 − POD_kj)) over the sweeps and inspections the posterior used (whatever
 * they heard): the chance that the searching logged so far would have found the leak searched for.
 */
function coverage(
  wall: ModuleWall,
  observations: readonly SearchObservation[],
  posterior: SearchPosterior,
): number {
  const { grid, prior } = wall;
  const miss = new Float64Array(grid.cellCount).fill(1);
  for (const k of posterior.used) {
    const o = observations[k] as SearchObservation;
    if (o.kind === 'sweep') {
      const pod = sweepPod(
        grid,
        regionMask(grid, o.region),
        o.minutes,
        posterior.targetKgPerDay,
        o.speedMPerMin,
      );
      for (let j = 0; j < miss.length; j++) miss[j] = (miss[j] as number) * (1 - (pod[j] as number));
    } else if (o.kind === 'inspect') {
      const pod = o.pod ?? DEFAULT_VISUAL_POD;
      for (const c of (grid.panels[panelIndex(grid, o.panel)] as GridPanel).cells)
        miss[c] = (miss[c] as number) * (1 - pod);
    }
  }
  let found = 0;
  for (let j = 0; j < miss.length; j++) found += (prior[j] as number) * (1 - (miss[j] as number));
  return found;
}
