/**
 * GET /api/v1/search?module=<id>[&rate=<kg/day>][&budget=<min>][&top=<n>]: the in-module search map
 * of one module, from its wall geometry and feature prior and every `search-observation` event
 * stored for it (in time order), as `airtight search show|next` compute it from a search file.
 *
 * The leak rate searched for is `rate` when given, else the monitor's rate (two significant figures)
 * of the group holding the module when it is losing gas, else the station's leak rate as the
 * isolation plan has it, else that of the group losing most, else 1 kg/day. GET /api/v1/search/modules lists the modules that can be searched. A stored
 * observation that no longer validates (hand-edited store, panel renamed) is listed under
 * `rejected` and left out; an event without a structured observation (a free-text note of where
 * someone looked) counts as `unstructured`.
 *
 * The answer's cells are in the grid's order: row by row from axial 0, each row's `columns` cells
 * evenly spaced in angle from 0° (zenith) through 90° (starboard). `probability` is P(leak in the
 * cell), 4 significant digits.
 */
import type { FastifyInstance } from 'fastify';
import { validateObservation } from '../config/index.js';
import { InputError, type Station } from '../core/index.js';
import type { SearchObservation, WallGrid } from '../search/index.js';
import type { OperatorEvent } from '../store/index.js';
import type { ServerContext } from './context.js';
import { integerField, oneOf, textField } from './fields.js';
import {
  checkPanels,
  evaluateSearchCached,
  moduleWall,
  SEARCH_BUDGET_MIN,
  searchableModules,
} from './search-map.js';

/** Leak rate searched for when the monitor has none [kg/day] (as `airtight search new`). */
export const DEFAULT_SEARCH_RATE_KG_PER_DAY = 1;
const DEFAULT_TOP = 8;

export function registerSearchRoute(app: FastifyInstance, ctx: ServerContext): void {
  /** The modules whose wall can be searched (wall geometry in the station file). */
  app.get('/api/v1/search/modules', async () => ({
    modules: ctx.station.modules
      .filter((m) => (m.geometry?.sections.length ?? 0) > 0)
      .map((m) => ({ id: m.id, name: m.name })),
  }));

  app.get('/api/v1/search', async (request) => {
    const q = request.query as Record<string, unknown>;
    const wall = moduleWall(ctx.station, oneOfModules(ctx.station, q.module));
    const budget = q.budget === undefined ? SEARCH_BUDGET_MIN : integerField('budget', q.budget, 10, 24 * 60);
    const top = q.top === undefined ? DEFAULT_TOP : integerField('top', q.top, 1, 100);
    const rate = q.rate === undefined ? await monitorRate(ctx, wall.module.id) : givenRate(q.rate);
    const events = await ctx.store.listEvents({ kind: 'search-observation' });
    const stored = storedObservations(events, wall.module.id, wall.grid);
    const e = evaluateSearchCached(wall, stored.observations, {
      leakKgPerDay: rate.kgPerDay,
      budgetMinutes: budget,
    });
    const { grid } = wall;
    return {
      module: { id: wall.module.id, name: wall.module.name },
      leakKgPerDay: rate.kgPerDay,
      rateSource: rate.source,
      targetKgPerDay: e.posterior.targetKgPerDay,
      observations: stored.observations.length,
      used: e.posterior.used.length,
      unstructured: stored.unstructured,
      rejected: stored.rejected,
      lastObservationId: stored.lastId,
      pLeakRemains: round(e.posterior.pLeakRemains),
      pFoundSoFar: round(e.pFoundSoFar),
      pFoundAfterPlan: round(e.pFoundAfterPlan),
      budgetMinutes: budget,
      plannedMinutes: round(e.plannedMinutes),
      grid: gridJson(grid),
      probability: Array.from(e.posterior.probability, (p) => Number(p.toPrecision(4))),
      panels: e.panels.map(({ panel, probability }) => ({
        id: panel.id,
        name: panel.name,
        kind: panel.kind,
        axialM: panel.axialM,
        angleDeg: panel.angleDeg,
        areaM2: round(panel.areaM2),
        probability: round(probability),
      })),
      // where logged observations put something on the wall: patches and gathered particles
      marks: stored.observations.flatMap((o) =>
        o.kind === 'patched' || o.kind === 'gathered'
          ? [{ kind: o.kind, axialM: o.axialM, angleDeg: o.angleDeg }]
          : [],
      ),
      features: (wall.module.geometry?.features ?? []).map((f) => ({
        kind: f.kind,
        axialM: f.axialM,
        ...(f.angleDeg !== undefined && { angleDeg: f.angleDeg }),
        ...(f.diameterM !== undefined && { diameterM: f.diameterM }),
      })),
      next: e.next.slice(0, top).map((s) => ({
        ...s,
        axialM: s.axialM.map(round),
        angleDeg: s.angleDeg.map(round),
        minutes: round(s.minutes),
        cumulativeMinutes: round(s.cumulativeMinutes),
        pFound: round(s.pFound),
        podPerMinute: round(s.podPerMinute),
      })),
      steps: e.next.length,
    };
  });
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

function oneOfModules(station: Station, value: unknown): string {
  return oneOf('module', value, searchableModules(station));
}

function givenRate(value: unknown): { kgPerDay: number; source: 'query' } {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!(n > 0 && n <= 1000))
    throw new InputError({
      where: 'rate',
      problem: 'must be a leak rate from 0 to 1000 kg/day, above 0',
      value,
    });
  return { kgPerDay: n, source: 'query' };
}

async function monitorRate(
  ctx: ServerContext,
  moduleId: string,
): Promise<{ kgPerDay: number; source: 'module-group' | 'station' | 'leaking-group' | 'default' }> {
  const state = await ctx.pipeline.currentLeakState();
  const losing = (g: { rateKgPerDay: number | null; rateKgPerDay90: [number, number] | null }) =>
    g.rateKgPerDay !== null && g.rateKgPerDay90 !== null && g.rateKgPerDay90[0] > 0;
  const own = state?.groups.find((g) => g.modules.includes(moduleId));
  if (own !== undefined && losing(own))
    return { kgPerDay: twoFigures(own.rateKgPerDay as number), source: 'module-group' };
  // the station's leak rate over the whole analysis, as the isolation plan localizes it
  const { leak } = (await ctx.pipeline.snapshot()).report;
  if (leak.rateKgPerDay !== null && leak.rateKgPerDay90 !== null && leak.rateKgPerDay90[0] > 0)
    return { kgPerDay: twoFigures(leak.rateKgPerDay), source: 'station' };
  const leaking =
    state?.leakingGroup === null || state === null ? undefined : state.groups[state.leakingGroup];
  if (leaking !== undefined && losing(leaking))
    return { kgPerDay: twoFigures(leaking.rateKgPerDay as number), source: 'leaking-group' };
  return { kgPerDay: DEFAULT_SEARCH_RATE_KG_PER_DAY, source: 'default' };
}

/** Two significant figures: the map does not move (nor recompute) at every check of the monitor. */
const twoFigures = (x: number): number => Number(x.toPrecision(2));

/** Rows of the grid: axial edges [m], wall radius [m], cells per row and the area of each [m²]. */
function gridJson(grid: WallGrid) {
  const rows = {
    axialLoM: [] as number[],
    axialHiM: [] as number[],
    radiusM: [] as number[],
    columns: [] as number[],
    cellAreaM2: [] as number[],
  };
  for (let c = 0; c < grid.cellCount; ) {
    const lo = grid.axialLoM[c] as number;
    let n = 0;
    while (c + n < grid.cellCount && grid.axialLoM[c + n] === lo) n++;
    rows.axialLoM.push(round(lo));
    rows.axialHiM.push(round(grid.axialHiM[c] as number));
    rows.radiusM.push(round(grid.radiusM[c] as number));
    rows.columns.push(n);
    rows.cellAreaM2.push(Number((grid.areaM2[c] as number).toPrecision(6)));
    c += n;
  }
  return { lengthM: round(grid.lengthM), cellCount: grid.cellCount, rows };
}

export interface RejectedObservation {
  event: number;
  field: string;
  problem: string;
}

/** The module's stored observations that validate, in time order, and what was left out. */
export function storedObservations(
  events: readonly OperatorEvent[],
  moduleId: string,
  grid: WallGrid,
): {
  observations: SearchObservation[];
  unstructured: number;
  rejected: RejectedObservation[];
  lastId: number | null;
} {
  const observations: SearchObservation[] = [];
  const rejected: RejectedObservation[] = [];
  let unstructured = 0;
  let lastId: number | null = null;
  for (const event of events) {
    if (event.kind !== 'search-observation' || event.payload?.module !== moduleId) continue;
    lastId = event.id;
    if (event.payload.observation === undefined) {
      unstructured++;
      continue;
    }
    try {
      observations.push(parseObservation(grid, event.payload.observation));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      rejected.push({ event: event.id, field: error.where ?? 'observation', problem: error.problem });
    }
  }
  return { observations, unstructured, rejected, lastId };
}

/** Validates an observation as `airtight search log` would, panels checked against the module. */
function parseObservation(grid: WallGrid, value: unknown): SearchObservation {
  let o: SearchObservation;
  try {
    o = validateObservation(value, 'observation');
  } catch (error) {
    if (error instanceof InputError)
      throw new InputError(
        {
          where: error.where === undefined ? 'observation' : `observation.${error.where}`,
          problem: error.problem,
          value: error.value,
        },
        { cause: error },
      );
    throw error;
  }
  checkPanels(grid, o, 'observation');
  return o;
}

/**
 * The payload of a `search-observation` event posted by an operator: the module, and, for the
 * search map, `observation` in the form `airtight search log` accepts (sweep, drift, gathered,
 * inspect, patched, acoustic); `found` (a leak found there) defaults to whether it is a patch.
 * Free-text `place` and `note` are kept as given.
 */
export function searchObservationPayload(
  station: Station,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const module = oneOf(
    'module',
    body.module,
    station.modules.map((m) => m.id),
  );
  const place = body.place === undefined ? {} : { place: textField('place', body.place, 200) };
  const note = body.note === undefined ? {} : { note: textField('note', body.note, 2000) };
  if (body.found !== undefined && typeof body.found !== 'boolean')
    throw new InputError({ where: 'found', problem: 'must be true or false', value: body.found });
  if (body.observation === undefined) {
    if (body.found === undefined)
      throw new InputError({ where: 'found', problem: 'must be true or false', value: body.found });
    return { module, ...place, found: body.found, ...note };
  }
  const wall = moduleWall(station, module);
  const o = parseObservation(wall.grid, body.observation);
  const { time: _time, note: _note, ...rest } = o;
  const observation =
    rest.kind === 'acoustic'
      ? { ...rest, map: { ...rest.map, logLikelihood: Array.from(rest.map.logLikelihood) } }
      : rest;
  return { module, observation, ...place, found: body.found ?? o.kind === 'patched', ...note };
}
