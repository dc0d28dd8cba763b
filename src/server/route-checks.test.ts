// What the operator and read routes refuse, and how they say so: an alarm acknowledged twice, an
// event field nobody reads, query values that are not what they look like, bodies over the limit,
// a method a route does not take. Real SQLite store, inject() without sockets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAB_AND_LOCK_YAML, stationFromYaml } from '../../test/scenario.js';
import { SqliteStore } from '../store/index.js';
import { type AirtightServer, buildServer } from './build-server.js';
import { parseTokens } from './tokens.js';

const station = stationFromYaml(HAB_AND_LOCK_YAML, 'test-station');
const TOKENS = parseTokens('operator-a=operator,operator-b=operator');
let clock = 1_800_000_000;

const dir = mkdtempSync(join(tmpdir(), 'airtight-route-checks-'));
let store: SqliteStore;
let server: AirtightServer;

beforeAll(async () => {
  store = new SqliteStore(join(dir, 'routes.db'));
  server = await buildServer({ station, store, tokens: TOKENS, now: () => clock });
});
afterAll(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('alarm acknowledgement', () => {
  it('keeps the first: acknowledging again is 409 naming who acknowledged it and when', async () => {
    const alarm = await store.addAlarm({
      time: clock - 60,
      kind: 'leak',
      severity: 'WARNING',
      message: 'leak in hab',
      detail: {},
    });
    const url = `/api/v1/alarms/${alarm.id}/acknowledge`;
    const first = await server.app.inject({
      method: 'POST',
      url,
      payload: { note: 'crew told, watching hab' },
      headers: bearer('operator-a'),
    });
    expect(first.statusCode).toBe(200);
    const firstAck = first.json().alarm;
    expect(firstAck).toMatchObject({ acknowledgedAt: clock, note: 'crew told, watching hab' });
    clock += 30;
    const second = await server.app.inject({ method: 'POST', url, headers: bearer('operator-b') });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toBe(
      `alarm ${alarm.id} is already acknowledged, by ${firstAck.acknowledgedBy} at 2027-01-15T08:00:00.000Z`,
    );
    expect(await store.getAlarm(alarm.id)).toMatchObject({
      acknowledgedAt: firstAck.acknowledgedAt,
      acknowledgedBy: firstAck.acknowledgedBy,
      note: 'crew told, watching hab',
    });
  });

  it('answers 405 with the methods it takes to another method, not 404', async () => {
    const get = await server.app.inject({ method: 'GET', url: '/api/v1/alarms/1/acknowledge' });
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await server.app.inject({ method: 'DELETE', url: '/api/v1/telemetry' })).statusCode).toBe(405);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/alarms/1/nothing' })).statusCode).toBe(
      404,
    );
  });
});

describe('operator events', () => {
  it('refuses a field the event kind does not have (400 naming it) instead of dropping it', async () => {
    const answer = await server.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { kind: 'hatch', hatch: 'hab-lock', state: 'closed', notes: 'closed for leak check by FE-1' },
      headers: bearer('operator-a'),
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ field: 'notes', value: 'closed for leak check by FE-1' });
    expect(answer.json().error).toContain('hatch, state, note');
    // the free-text note is a field of it
    const noted = await server.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { kind: 'hatch', hatch: 'hab-lock', state: 'closed', note: 'closed for leak check by FE-1' },
      headers: bearer('operator-a'),
    });
    expect(noted.statusCode).toBe(201);
    expect(noted.json().event.payload.note).toBe('closed for leak check by FE-1');
    expect((await store.listEvents()).length).toBe(1);
  });
});

describe('query values and limits', () => {
  it('answers 400 to a yes/no that is neither, a whole number in another notation, a date that does not exist', async () => {
    const get = async (url: string) => (await server.app.inject({ url })).json();
    expect(await get('/api/v1/alarms?active=maybe')).toMatchObject({ field: 'active', value: 'maybe' });
    expect((await get('/api/v1/alarms?active=false')).alarms).toHaveLength(1);
    expect((await get('/api/v1/alarms?active=1')).alarms).toHaveLength(0);
    const history = '/api/v1/history?channel=P_HAB';
    expect(await get(`${history}&start=0&end=100&size=1e3`)).toMatchObject({ field: 'size', value: '1e3' });
    expect(await get(`${history}&start=0&end=100&size=0x10`)).toMatchObject({ field: 'size' });
    expect(await get(`${history}&start=0&end=100&size=1000`)).toMatchObject({ source: 'raw' });
    for (const start of ['2020-02-30T00:00:00Z', '2021-02-29T00:00:00Z', '2020-01-01T24:00:00Z'])
      expect(await get(`${history}&start=${start}&end=2030-01-01T00:00:00Z`), start).toMatchObject({
        field: 'start',
        value: start,
      });
    expect(await get(`${history}&start=2020-02-29T00:00:00Z&end=2030-01-01T00:00:00Z`)).toMatchObject({
      source: 'raw',
    });
  });

  it('states the limit in a 413', async () => {
    const answer = await server.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { kind: 'note', text: 'x'.repeat(100_000) },
      headers: bearer('operator-a'),
    });
    expect(answer.statusCode).toBe(413);
    expect(answer.json().error).toContain('at most 64 KiB (65536 bytes)');
  });
});
