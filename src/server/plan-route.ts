/**
 * GET /api/v1/plan: where the leak is likely to be and the next isolation test, from everything
 * the live monitor has seen (every hatch configuration is evidence), as `airtight plan --json`
 * prints it. 409 when the monitor has no leak to localize yet.
 */
import type { FastifyInstance } from 'fastify';
import { openHatches, planFrom, planJson, presentModules } from '../localize/index.js';
import type { ServerContext } from './context.js';
import { planRefusal } from './refusals.js';

/**
 * `demoCrew`: the crew the plan assumes while the demo feeds the monitor and no crew_count channel
 * has reported yet (a report-on-change channel is silent when the demo starts mid-scenario).
 */
export function registerPlanRoute(app: FastifyInstance, ctx: ServerContext, demoCrew?: number): void {
  app.get('/api/v1/plan', async (_request, reply) => {
    const { analysis, report } = await ctx.pipeline.snapshot();
    const rate = report.leak.rateKgPerDay;
    const rate90 = report.leak.rateKgPerDay90;
    const refusal = planRefusal(report);
    if (refusal !== null || rate === null || rate90 === null) {
      reply.code(409);
      return { error: refusal, rateKgPerDay: rate, rateKgPerDay90: rate90 };
    }
    const station = analysis.station;
    const crew = ctx.pipeline.crewAboard(analysis, demoCrew);
    const result = planFrom({
      station,
      // the modules docked now and the crew aboard now (a crew_count channel), as the monitor has them
      present: presentModules(station, analysis.present),
      // and the hatches open in the baseline: the file's, and those the telemetry shows open
      open: openHatches(station, analysis.hatchOpen),
      ...(crew !== undefined && { crew }),
      year: new Date(report.to === null ? ctx.now() * 1000 : Date.parse(report.to)).getUTCFullYear(),
      segments: analysis.segments,
      rateKgPerDay: rate,
      rate90KgPerDay: [rate90[0], rate90[1]],
    });
    return {
      at: report.to,
      ...planJson(station, result, { mean: rate, low: rate90[0], high: rate90[1], source: 'telemetry' }),
    };
  });
}
