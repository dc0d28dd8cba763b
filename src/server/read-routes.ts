/**
 * Read-only routes (open to anyone who can reach the server): health (with how far the leak
 * monitor is behind the acknowledged data), the channel dictionary, thinned history, and the
 * current leak state.
 */
import type { FastifyInstance } from 'fastify';
import { fromSIShown, InputError, paToMmHg } from '../core/index.js';
import type { ServerContext } from './context.js';
import { integerField, timeField } from './fields.js';
import { seriesUtc } from './utc-times.js';

/** Most points one history answer holds. */
export const MAX_HISTORY_POINTS = 100_000;

export function registerReadRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const started = ctx.now();
  app.get('/api/v1/health', async () => ({
    status: 'ok',
    version: ctx.version,
    store: ctx.store.kind,
    station: ctx.station.id,
    uptimeS: Math.round(ctx.now() - started),
    demo: ctx.demo?.status() ?? null,
    monitor: ctx.pipeline.status(),
  }));

  app.get('/api/v1/dictionary', async () => {
    const { station } = ctx;
    const mmHg = (pa: number): number => Math.round(paToMmHg(pa) * 10) / 10;
    return {
      station: { id: station.id, name: station.name },
      limits: {
        nominalMmHg: mmHg(station.nominalPressurePa),
        equipmentMmHg: mmHg(station.limits.equipmentPa),
        crewHealthMmHg: mmHg(station.limits.crewHealthPa),
        evacuationMmHg: mmHg(station.limits.evacuationPa),
      },
      modules: station.modules.map((m) => ({
        id: m.id,
        name: m.name,
        volumeM3: m.volumeM3,
        segment: m.segment ?? null,
      })),
      hatches: station.hatches.map((h) => ({ id: h.id, between: h.between, closable: h.closable })),
      channels: station.sensors.map((s) => ({
        id: s.id,
        quantity: s.quantity,
        unit: s.unit,
        module: s.module ?? null,
        hatch: s.hatch ?? null,
        periodS: s.periodS,
      })),
    };
  });

  app.get('/api/v1/history', async (request) => {
    const q = request.query as Record<string, unknown>;
    const sensor = ctx.station.sensors.find((s) => s.id === q.channel);
    if (sensor === undefined)
      throw new InputError({
        where: 'channel',
        problem: `must be a channel of station '${ctx.station.id}'`,
        value: q.channel,
      });
    const startS = timeField('start', q.start);
    const endS = timeField('end', q.end);
    if (!(endS > startS))
      throw new InputError({ where: 'end', problem: 'must be after start', value: q.end });
    const size = q.size === undefined ? 2000 : integerField('size', q.size, 2, MAX_HISTORY_POINTS);
    const series = await ctx.store.history({ channel: sensor.id, startS, endS, size });
    return {
      channel: sensor.id,
      unit: sensor.unit,
      source: series.source,
      time: series.time,
      timeUtc: seriesUtc(series.time),
      value: series.value.map((v) => fromSIShown(v, sensor.unit)),
    };
  });

  app.get('/api/v1/leak', async () => ({ state: await ctx.pipeline.currentLeakState() }));
}
