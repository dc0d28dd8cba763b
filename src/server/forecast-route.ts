/**
 * GET /api/v1/forecast: how long the O2 and N2 stores last with the leak the live monitor measures
 * (rate and 90 % interval, as a normal), as a Monte Carlo fan (p10/p50/p90 per day) with days to the
 * reserve floor, like `airtight forecast` without the what-ifs. Modest path count so it answers in
 * about a second; the last answer is kept until the leak estimate or the query changes. 409 when
 * the monitor has no leak rate yet. The crew is the monitor's crew_count reading; before one, the
 * demo scenario's crew while the demo plays, else the station's nominal crew.
 */
import type { FastifyInstance } from 'fastify';
import { isoFromEpochS } from '../core/index.js';
import {
  crewAt,
  type GasForecast,
  gasBudgetOf,
  inventoryFromStation,
  repressModule,
  runForecast,
  type TimeQuantiles,
} from '../forecast/index.js';
import { storesLeak } from '../monitor/index.js';
import type { ServerContext } from './context.js';
import { integerField } from './fields.js';
import { forecastRefusal } from './refusals.js';

const DAY_S = 86400;
/** z of the 95th percentile: a 90 % interval is mean ± 1.645 sd. */
const Z90 = 1.6448536;
export const FORECAST_DEFAULTS = { paths: 2000, horizonDays: 365, seed: 1 };

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
const days = (s: number): number | null => (Number.isFinite(s) ? round(s / DAY_S) : null);
const daysOf = (q: TimeQuantiles) => ({ p10: days(q.p10), p50: days(q.p50), p90: days(q.p90) });

function gasJson(g: GasForecast) {
  return {
    initialKg: round(g.initialKg),
    floorKg: round(g.floorKg),
    netUseKgPerDay: round(g.netUseKgPerS * DAY_S, 4),
    daysToFloor: daysOf(g.timeToFloorS),
    daysToEmpty: daysOf(g.timeToEmptyS),
    breachProbability: round(g.breachProbability, 4),
    fan: {
      p10: Array.from(g.fan.p10, (v) => round(v)),
      p50: Array.from(g.fan.p50, (v) => round(v)),
      p90: Array.from(g.fan.p90, (v) => round(v)),
    },
  };
}

export function registerForecastRoute(app: FastifyInstance, ctx: ServerContext, demoCrew?: number): void {
  let last: { key: string; answer: unknown } | null = null;
  app.get('/api/v1/forecast', async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const paths = q.paths === undefined ? FORECAST_DEFAULTS.paths : integerField('paths', q.paths, 1, 20_000);
    const horizonDays =
      q.horizonDays === undefined
        ? FORECAST_DEFAULTS.horizonDays
        : integerField('horizonDays', q.horizonDays, 1, 3650);
    const seed = q.seed === undefined ? FORECAST_DEFAULTS.seed : integerField('seed', q.seed, 0, 2 ** 31);
    const { analysis, report } = await ctx.pipeline.snapshot();
    // groups closed off and left to empty below the evacuation pressure draw no stores
    const { rateKgPerDay: rate, rateKgPerDay90: rate90 } = storesLeak(report.leak);
    const refusal = forecastRefusal(report);
    if (refusal !== null || rate === null || rate90 === null) {
      reply.code(409);
      return { error: refusal, rateKgPerDay: rate, rateKgPerDay90: rate90 };
    }
    const startS = report.to === null ? Math.floor(ctx.now()) : Date.parse(report.to) / 1000;
    const crew = ctx.pipeline.crewAboard(analysis, demoCrew);
    const key = JSON.stringify([startS, rate, rate90, paths, horizonDays, seed, crew]);
    if (last?.key === key) return last.answer;
    const station = analysis.station;
    const leak = { mean: Math.max(0, rate), sd: Math.max(0, rate90[1] - rate90[0]) / (2 * Z90) };
    const model = inventoryFromStation(station, {
      startS,
      leakKgPerS: { mean: leak.mean / DAY_S, sd: leak.sd / DAY_S },
      ...(crew !== undefined && {
        manifest: { crew: [{ fromS: startS, count: crew }], flights: [], source: 'crew aboard now' },
      }),
    });
    const result = runForecast(model, { paths, horizonS: horizonDays * DAY_S, seed, deterministic: false });
    const budget = gasBudgetOf(station);
    const answer = {
      at: report.to,
      station: station.id,
      start: isoFromEpochS(startS),
      horizonDays: result.horizonS / DAY_S,
      paths: result.paths,
      seed,
      leak: {
        meanKgPerDay: round(leak.mean, 4),
        sdKgPerDay: round(leak.sd, 4),
        rateKgPerDay90: rate90,
        module: report.leak.locatedIn?.length === 1 ? report.leak.locatedIn[0] : null,
        leftToEmpty: report.leak.drawingStores?.leftToEmpty ?? [],
        backgroundKgPerDay: budget.backgroundLeakKgPerS * DAY_S,
      },
      policy: {
        o2ReserveDays: budget.reserveO2S / DAY_S,
        crew: crewAt(model.crew, startS),
        n2RepressModule: repressModule(station),
      },
      day: Array.from(result.t, (t) => round((t - result.startS) / DAY_S, 4)),
      o2: gasJson(result.o2),
      n2: gasJson(result.n2),
    };
    last = { key, answer };
    return answer;
  });
}
