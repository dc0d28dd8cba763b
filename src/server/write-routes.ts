/**
 * Routes that change things, each behind a token: telemetry ingest (role ingest), operator events
 * (including ticked isolation-test steps) and alarm handling (role operator). Reading events and
 * alarms is open.
 */
import type { FastifyInstance } from 'fastify';
import { InputError, isoFromEpochS } from '../core/index.js';
import { EVENT_KINDS, type EventKind } from '../store/index.js';
import { authorize } from './auth.js';
import type { ServerContext } from './context.js';
import { allowedEventFields } from './event-fields.js';
import {
  booleanField,
  integerField,
  numberField,
  objectBody,
  oneOf,
  textField,
  timeField,
} from './fields.js';
import { ingestAnswer } from './ingest-answer.js';
import { HttpError } from './request-errors.js';
import { sampleWindow } from './sample-window.js';
import { searchObservationPayload } from './search-route.js';
import { parseFileSamples, parseJsonSamples } from './telemetry-body.js';
import { alarmShown, eventShown } from './utc-times.js';

/** Largest telemetry upload [bytes]; other bodies are held to 64 KiB. */
export const TELEMETRY_BODY_LIMIT = 64 << 20;
export const SMALL_BODY_LIMIT = 64 << 10;
const LONGEST_SHELVE_MIN = 24 * 60;

/** Telemetry media types (RFC 9110: case aside, parameters such as charset aside) and how each is read. */
const TELEMETRY_TYPES: Readonly<Record<string, 'json' | 'csv' | 'jsonl'>> = {
  'application/json': 'json',
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  // a plain-text body has always been read as JSON Lines
  'text/plain': 'jsonl',
};

/** A Content-Type header's media type: lower case, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function registerWriteRoutes(app: FastifyInstance, ctx: ServerContext): void {
  for (const type of ['text/csv', 'application/x-ndjson', 'application/jsonl'])
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: TELEMETRY_BODY_LIMIT }, (_r, body, done) =>
      done(null, body),
    );

  app.post('/api/v1/telemetry', { bodyLimit: TELEMETRY_BODY_LIMIT }, async (request) => {
    authorize(ctx.tokens, request, 'ingest');
    const type = mediaType(request.headers['content-type']);
    const format = TELEMETRY_TYPES[type];
    if (format === undefined)
      throw new HttpError(
        415,
        `Content-Type ${type === '' ? '(none)' : type} is not taken for telemetry (application/json, text/csv or application/x-ndjson)`,
      );
    const window = sampleWindow(ctx.now());
    const parsed =
      format === 'json'
        ? parseJsonSamples(ctx.station, request.body, window)
        : await parseFileSamples(ctx.station, request.body as string, format, window);
    // real telemetry has arrived: the demo gives way
    if (parsed.batch.length > 0 && ctx.demo !== null && ctx.demo.phase !== 'finished') {
      ctx.demo.stop();
      ctx.pipeline.broadcast({ type: 'demo', running: false, note: 'real telemetry arrived: demo stopped' });
    }
    const outcome = await ctx.pipeline.ingest(parsed.batch, 'telemetry');
    return ingestAnswer(parsed, outcome, format === 'json' ? 'body' : 'upload');
  });
  answerOtherMethods(app, '/api/v1/telemetry', ['POST']);

  app.get('/api/v1/events', async (request) => {
    const q = request.query as Record<string, unknown>;
    const events = await ctx.store.listEvents({
      ...(q.kind !== undefined && { kind: oneOf('kind', q.kind, EVENT_KINDS) }),
      ...(q.start !== undefined && { startS: timeField('start', q.start) }),
      ...(q.end !== undefined && { endS: timeField('end', q.end) }),
      ...(q.limit !== undefined && { limit: integerField('limit', q.limit, 1, 10_000) }),
    });
    return { events: events.map(eventShown) };
  });

  app.post('/api/v1/events', { bodyLimit: SMALL_BODY_LIMIT }, async (request, reply) => {
    const caller = authorize(ctx.tokens, request, 'operate');
    const body = objectBody(request.body);
    const kind = oneOf('kind', body.kind, EVENT_KINDS);
    const allowed = allowedEventFields(kind);
    const unknown = Object.keys(body).find((field) => !allowed.includes(field));
    if (unknown !== undefined)
      throw new InputError({
        where: unknown,
        problem: `is not a field of a ${kind} event (${allowed.join(', ')})`,
        value: body[unknown],
      });
    const now = ctx.now();
    const time = body.time === undefined ? now : timeField('time', body.time);
    const event = await ctx.store.addEvent({
      time,
      kind,
      author: caller.author,
      payload: eventPayload(ctx, kind, body),
      recorded: now,
    });
    return reply.code(201).send({ event: eventShown(event) });
  });

  app.get('/api/v1/alarms', async (request) => {
    const q = request.query as Record<string, unknown>;
    const active = q.active === undefined ? false : booleanField('active', q.active);
    const now = ctx.now();
    const alarms = await ctx.store.listAlarms({
      ...(active && { activeAt: now }),
      limit: q.limit === undefined ? 500 : integerField('limit', q.limit, 1, 10_000),
    });
    return { now, nowUtc: isoFromEpochS(now), alarms: alarms.map(alarmShown) };
  });

  const alarmId = (params: unknown): number =>
    integerField('id', (params as { id: string }).id, 1, Number.MAX_SAFE_INTEGER);

  app.post('/api/v1/alarms/:id/acknowledge', { bodyLimit: SMALL_BODY_LIMIT }, async (request) => {
    const caller = authorize(ctx.tokens, request, 'operate');
    const id = alarmId(request.params);
    const body = request.body === undefined || request.body === null ? {} : objectBody(request.body);
    const note = body.note === undefined ? undefined : textField('note', body.note, 2000);
    // the first acknowledgement stays: who took the alarm on, when, and their note
    const before = await ctx.store.getAlarm(id);
    if (before === null) throw new HttpError(404, `no alarm ${id}`);
    if (before.acknowledgedAt === null) {
      const now = ctx.now();
      const alarm = await ctx.store.acknowledgeAlarm(id, caller.author, now, note);
      if (alarm !== null && alarm.acknowledgedBy === caller.author && alarm.acknowledgedAt === now) {
        ctx.pipeline.broadcast({ type: 'alarm-update', alarm });
        return { alarm: alarmShown(alarm) };
      }
    }
    const first = (await ctx.store.getAlarm(id)) ?? before;
    throw new HttpError(
      409,
      `alarm ${id} is already acknowledged, by ${first.acknowledgedBy} at ${isoFromEpochS(first.acknowledgedAt ?? 0)}`,
    );
  });
  answerOtherMethods(app, '/api/v1/alarms/:id/acknowledge', ['POST']);

  app.post('/api/v1/alarms/:id/shelve', { bodyLimit: SMALL_BODY_LIMIT }, async (request) => {
    const caller = authorize(ctx.tokens, request, 'operate');
    const id = alarmId(request.params);
    const body = objectBody(request.body);
    const minutes = numberField('minutes', body.minutes, 1, LONGEST_SHELVE_MIN);
    const alarm = await ctx.store.shelveAlarm(id, caller.author, ctx.now() + minutes * 60);
    if (alarm === null) throw new HttpError(404, `no alarm ${id}`);
    ctx.pipeline.broadcast({ type: 'alarm-update', alarm });
    return { alarm: alarmShown(alarm) };
  });
  answerOtherMethods(app, '/api/v1/alarms/:id/shelve', ['POST']);
}

/** A route's other methods answer 405 with the methods it takes (RFC 9110 §15.5.6), not 404. */
function answerOtherMethods(app: FastifyInstance, url: string, allowed: readonly string[]): void {
  const others = (['GET', 'PUT', 'DELETE', 'PATCH'] as const).filter((m) => !allowed.includes(m));
  app.route({
    method: others,
    url,
    handler: async (request, reply) =>
      reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send({
          error: `${request.method} ${request.url.split('?')[0]} is not allowed: use ${allowed.join(' or ')}`,
        }),
  });
}

/** The fields each kind of event carries, checked against the station. */
function eventPayload(
  ctx: ServerContext,
  kind: EventKind,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const { station } = ctx;
  const note = body.note === undefined ? {} : { note: textField('note', body.note, 2000) };
  const moduleIds = station.modules.map((m) => m.id);
  switch (kind) {
    case 'hatch':
      return {
        hatch: oneOf(
          'hatch',
          body.hatch,
          station.hatches.map((h) => h.id),
        ),
        state: oneOf('state', body.state, ['open', 'closed'] as const),
        ...note,
      };
    case 'repair':
      return { module: oneOf('module', body.module, moduleIds), ...note };
    case 'search-observation':
      return searchObservationPayload(station, body);
    case 'note':
      return { text: textField('text', body.text, 2000) };
    case 'plan-step': {
      // a step of the isolation test (identified by the hatches it closes) ticked or unticked
      if (!Array.isArray(body.testClose) || body.testClose.length > station.hatches.length)
        throw new InputError({
          where: 'testClose',
          problem: 'must be a list of hatch ids',
          value: body.testClose,
        });
      const hatchIds = station.hatches.map((h) => h.id);
      const testClose = body.testClose.map((h, i) => oneOf(`testClose[${i}]`, h, hatchIds));
      if (body.done !== undefined && typeof body.done !== 'boolean')
        throw new InputError({ where: 'done', problem: 'must be true or false', value: body.done });
      return {
        step: integerField('step', body.step, 0, 1000),
        text: textField('text', body.text, 500),
        testClose,
        done: body.done ?? true,
        ...note,
      };
    }
  }
}
