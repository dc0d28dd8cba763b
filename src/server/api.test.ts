// The HTTP API without sockets (fastify.inject), on a real SQLite store in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gunzipSync, gzipSync } from 'node:zlib';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAB_AND_LOCK_YAML, scenarioFromYaml, stationFromYaml } from '../../test/scenario.js';
import { mmHgToPa } from '../core/index.js';
import { SqliteStore } from '../store/index.js';
import { type AirtightServer, buildServer } from './build-server.js';
import { parseTokens } from './tokens.js';

const STATION = HAB_AND_LOCK_YAML;
const station = stationFromYaml(STATION, 'test-station');
const TOKENS = parseTokens(
  'viewer-token=viewer,operator-token=operator,ingest-token=ingest,admin-token=admin',
);
const NOW = 1_800_000_000;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const dir = mkdtempSync(join(tmpdir(), 'airtight-api-'));
let store: SqliteStore;
let server: AirtightServer;

beforeAll(async () => {
  store = new SqliteStore(join(dir, 'api.db'));
  server = await buildServer({ station, store, tokens: TOKENS, now: () => NOW, version: '9.9.9' });
});
afterAll(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const inject = (options: InjectOptions) => server.app.inject(options);

describe('reads', () => {
  it('reports health and the channel dictionary with units and limits', async () => {
    const health = await inject({ url: '/api/v1/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({
      status: 'ok',
      version: '9.9.9',
      store: 'sqlite',
      station: 'test-station',
      demo: null,
    });
    const dictionary = (await inject({ url: '/api/v1/dictionary' })).json();
    expect(dictionary.channels).toContainEqual({
      id: 'P_HAB',
      quantity: 'pressure',
      unit: 'mmHg',
      module: 'hab',
      hatch: null,
      periodS: 1,
    });
    expect(dictionary.limits.nominalMmHg).toBe(750);
    expect(dictionary.hatches).toEqual([{ id: 'hab-lock', between: ['hab', 'lock'], closable: true }]);
  });

  it('has no isolation plan before the monitor sees a leak (409, saying why)', async () => {
    const response = await inject({ url: '/api/v1/plan' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toContain('no leak to localize');
  });

  it('answers 400 naming the field and value of a bad history query', async () => {
    const unknown = await inject({ url: '/api/v1/history?channel=P_NOPE&start=0&end=10' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ field: 'channel', value: 'P_NOPE' });
    const badStart = await inject({ url: '/api/v1/history?channel=P_HAB&start=yesterday&end=10' });
    expect(badStart.json()).toMatchObject({ field: 'start', value: 'yesterday' });
    const badSize = await inject({ url: '/api/v1/history?channel=P_HAB&start=0&end=10&size=1' });
    expect(badSize.json()).toMatchObject({ field: 'size', value: '1' });
    expect((await inject({ url: '/api/v1/history?channel=P_HAB&start=10&end=5' })).json()).toMatchObject({
      field: 'end',
    });
    expect((await inject({ url: '/api/v1/nothing' })).statusCode).toBe(404);
  });
});

describe('telemetry ingest', () => {
  const samples = Array.from({ length: 600 }, (_, i) => [
    { time: NOW - 600 + i, channel: 'P_HAB', value: 750 - i / 1000 },
    { time: new Date((NOW - 600 + i) * 1000).toISOString(), channel: 'T_HAB', value: 22 },
  ]).flat();

  it('needs a token with the ingest role: none → 401, viewer or operator → 403', async () => {
    const payload = samples.slice(0, 2);
    expect((await inject({ method: 'POST', url: '/api/v1/telemetry', payload })).statusCode).toBe(401);
    const wrong = await inject({
      method: 'POST',
      url: '/api/v1/telemetry',
      payload,
      headers: bearer('nobody-token'),
    });
    expect(wrong.statusCode).toBe(401);
    for (const token of ['viewer-token', 'operator-token'])
      expect(
        (await inject({ method: 'POST', url: '/api/v1/telemetry', payload, headers: bearer(token) }))
          .statusCode,
      ).toBe(403);
  });

  it('stores a JSON array in SI and serves it back in the channel unit, thinned on request', async () => {
    const answer = await inject({
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: samples,
      headers: bearer('ingest-token'),
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ accepted: 1200, rejected: 0 });
    // stored in SI: Pa
    const raw = await store.history({ channel: 'P_HAB', startS: NOW - 600, endS: NOW, size: 10_000 });
    expect(raw.value[0]).toBeCloseTo(mmHgToPa(750), 6);
    const history = (
      await inject({ url: `/api/v1/history?channel=P_HAB&start=${NOW - 600}&end=${NOW}&size=10000` })
    ).json();
    expect(history.unit).toBe('mmHg');
    expect(history.time.length).toBe(600);
    expect(history.value[599]).toBeCloseTo(750 - 0.599, 9);
    // each time also as ISO 8601 UTC (CONTRACT: time values in JSON output)
    expect(history.timeUtc.length).toBe(600);
    expect(history.timeUtc[599]).toBe(new Date(history.time[599] * 1000).toISOString());
    const iso = new Date((NOW - 600) * 1000).toISOString();
    const thinned = (
      await inject({ url: `/api/v1/history?channel=P_HAB&start=${iso}&end=${NOW}&size=40` })
    ).json();
    expect(thinned.source).toBe('minmax');
    expect(thinned.time.length).toBeLessThanOrEqual(40);
    expect(Math.max(...thinned.value)).toBeCloseTo(750, 9);
    expect(Math.min(...thinned.value)).toBeCloseTo(750 - 0.599, 9);
    // acknowledged once stored; the monitor (a worker thread) takes the batch soon after
    await server.context.pipeline.settled();
    const health = (await inject({ url: '/api/v1/health' })).json();
    expect(health.monitor).toEqual({
      samples: 1200,
      source: 'telemetry',
      lagSamples: 0,
      lagS: 0,
      lagLimitSamples: 200_000,
      error: null,
      resumed: null,
    });
    // ten minutes hold no leak rate: the leak state says what the plan and the forecast answer
    const { refusals } = (await inject({ url: '/api/v1/leak' })).json().state;
    const plan = await inject({ url: '/api/v1/plan' });
    const forecast = await inject({ url: '/api/v1/forecast' });
    expect([plan.statusCode, forecast.statusCode]).toEqual([409, 409]);
    expect(refusals).toEqual({ plan: plan.json().error, forecast: forecast.json().error });
  });

  it('rejects a malformed batch whole with 400 naming the item, field and value', async () => {
    const bad = [
      { time: NOW + 1, channel: 'P_HAB', value: 750 },
      { time: NOW + 2, channel: 'P_MARS', value: 750 },
    ];
    const answer = await inject({
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: bad,
      headers: bearer('admin-token'),
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ field: '[1].channel', value: 'P_MARS' });
    const badTime = [{ time: '2020-08-20 12:00', channel: 'P_HAB', value: 1 }];
    const t = await inject({
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: badTime,
      headers: bearer('admin-token'),
    });
    expect(t.json()).toMatchObject({ field: '[0].time', value: '2020-08-20 12:00' });
    const v = await inject({
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: [{ time: NOW, channel: 'P_HAB', value: 'high' }],
      headers: bearer('admin-token'),
    });
    expect(v.json()).toMatchObject({ field: '[0].value', value: 'high' });
    const u = await inject({
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: [{ time: NOW, channel: 'P_HAB', value: 14.4, unit: 'psi' }],
      headers: bearer('admin-token'),
    });
    expect(u.statusCode).toBe(400);
    expect(u.json()).toMatchObject({ field: '[0].unit', value: 'psi' });
    const notArray = await inject({
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: { time: 1 },
      headers: bearer('admin-token'),
    });
    expect(notArray.json()).toMatchObject({ field: 'body' });
    expect((await store.sampleSpan('P_HAB')).last).toBe(NOW - 1);
  });

  it('reads CSV and JSON Lines uploads, counting and reporting bad rows by line', async () => {
    const csv = `time,channel,value\n${NOW + 10},P_LOCK,749.5\n${NOW + 11},P_LOCK,oops\n${NOW + 12},P_LOCK,749.4\n`;
    const answer = await inject({
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: csv,
      headers: { ...bearer('ingest-token'), 'content-type': 'text/csv' },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ accepted: 2, rows: 3, rejected: 1 });
    expect(answer.json().issues).toEqual([
      { source: 'upload', line: 3, reason: 'not a number', excerpt: 'oops' },
    ]);
    const jsonl = `{"time": ${NOW + 20}, "channel": "P_LOCK", "value": 749.3}\n{"time": ${NOW + 21}}\n`;
    const lines = await inject({
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: jsonl,
      headers: { ...bearer('ingest-token'), 'content-type': 'application/x-ndjson' },
    });
    expect(lines.json()).toMatchObject({ accepted: 1, rows: 2, rejected: 1 });
    expect((await store.sampleSpan('P_LOCK')).count).toBe(3);
  });
});

describe('operator events and alarms', () => {
  it('logs events checked against the station, and lists them', async () => {
    const headers = bearer('operator-token');
    const badHatch = await inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { kind: 'hatch', hatch: 'x', state: 'open' },
      headers,
    });
    expect(badHatch.statusCode).toBe(400);
    expect(badHatch.json()).toMatchObject({ field: 'hatch', value: 'x' });
    const badKind = await inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { kind: 'party' },
      headers,
    });
    expect(badKind.json()).toMatchObject({ field: 'kind', value: 'party' });
    const viewer = await inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { kind: 'note', text: 'x' },
      headers: bearer('viewer-token'),
    });
    expect(viewer.statusCode).toBe(403);
    const hatch = await inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { kind: 'hatch', hatch: 'hab-lock', state: 'closed', time: '2027-01-15T08:00:00Z' },
      headers,
    });
    expect(hatch.statusCode).toBe(201);
    const observation = await inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { kind: 'search-observation', module: 'lock', place: 'hatch seal', found: true, note: 'hiss' },
      headers,
    });
    expect(observation.json().event).toMatchObject({
      kind: 'search-observation',
      time: NOW,
      payload: { module: 'lock', place: 'hatch seal', found: true, note: 'hiss' },
    });
    expect(observation.json().event.author).toMatch(/^operator-[0-9a-f]{6}$/);
    const listed = (await inject({ url: '/api/v1/events?kind=hatch' })).json().events;
    expect(listed.map((e: { payload: unknown }) => e.payload)).toEqual([
      { hatch: 'hab-lock', state: 'closed' },
    ]);
    expect(listed[0].time).toBe(Date.parse('2027-01-15T08:00:00Z') / 1000);
    expect(listed[0].timeUtc).toBe('2027-01-15T08:00:00.000Z');
    expect(listed[0].recordedUtc).toBe(new Date(NOW * 1000).toISOString());
    expect(observation.json().event.timeUtc).toBe(new Date(NOW * 1000).toISOString());
  });

  it('holds bodies to their size limit (413)', async () => {
    const big = { kind: 'note', text: 'x'.repeat(100_000) };
    const answer = await inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: big,
      headers: bearer('operator-token'),
    });
    expect(answer.statusCode).toBe(413);
  });

  it('acknowledges and shelves alarms; active ones exclude both', async () => {
    const leak = await store.addAlarm({
      time: NOW - 60,
      kind: 'leak',
      severity: 'WARNING',
      message: 'leak in hab',
      detail: {
        modules: ['hab'],
        evidence: { since: NOW - 7200, closedOff: [{ modules: ['lock'], atS: NOW - 3600 }] },
      },
    });
    const stale = await store.addAlarm({
      time: NOW - 30,
      kind: 'stale-data',
      severity: 'WATCH',
      message: 'T_HAB silent',
      detail: {},
    });
    const headers = bearer('operator-token');
    expect(
      (await inject({ url: '/api/v1/alarms?active=true' })).json().alarms.map((a: { id: number }) => a.id),
    ).toEqual([stale.id, leak.id]);
    expect((await inject({ method: 'POST', url: `/api/v1/alarms/${leak.id}/acknowledge` })).statusCode).toBe(
      401,
    );
    const ack = await inject({
      method: 'POST',
      url: `/api/v1/alarms/${leak.id}/acknowledge`,
      payload: { note: 'crew told' },
      headers,
    });
    expect(ack.statusCode).toBe(200);
    expect(ack.json().alarm).toMatchObject({
      acknowledgedAt: NOW,
      note: 'crew told',
      timeUtc: new Date((NOW - 60) * 1000).toISOString(),
      acknowledgedAtUtc: new Date(NOW * 1000).toISOString(),
      shelvedUntilUtc: null,
      detail: {
        evidence: {
          since: NOW - 7200,
          sinceUtc: new Date((NOW - 7200) * 1000).toISOString(),
          closedOff: [
            { modules: ['lock'], atS: NOW - 3600, atUtc: new Date((NOW - 3600) * 1000).toISOString() },
          ],
        },
      },
    });
    const badShelve = await inject({
      method: 'POST',
      url: `/api/v1/alarms/${stale.id}/shelve`,
      payload: { minutes: 0 },
      headers,
    });
    expect(badShelve.json()).toMatchObject({ field: 'minutes', value: 0 });
    const shelve = await inject({
      method: 'POST',
      url: `/api/v1/alarms/${stale.id}/shelve`,
      payload: { minutes: 30 },
      headers,
    });
    expect(shelve.json().alarm.shelvedUntil).toBe(NOW + 1800);
    expect(shelve.json().alarm.shelvedUntilUtc).toBe(new Date((NOW + 1800) * 1000).toISOString());
    expect((await inject({ url: '/api/v1/alarms?active=true' })).json().alarms).toEqual([]);
    const all = (await inject({ url: '/api/v1/alarms' })).json();
    expect(all.alarms.length).toBe(2);
    expect(all.nowUtc).toBe(new Date(all.now * 1000).toISOString());
    const missing = await inject({
      method: 'POST',
      url: '/api/v1/alarms/99999/acknowledge',
      payload: {},
      headers,
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('demo', () => {
  it('plays a scenario through the pipeline until real telemetry arrives, raising its leak alarm', async () => {
    // long enough that the demo still plays when the alarm is seen (the monitor's thread does not
    // hold the demo back)
    const scenario = scenarioFromYaml(
      `
station: inline
start: 2027-03-01T00:00:00Z
duration_h: 240
step_s: 10
seed: 3
events:
  - { at_h: 1, leak: { id: L1, module: lock, law: orifice, cd: 0.6, diameter_mm: 4 } }
`,
      station,
    );
    const demoDir = mkdtempSync(join(tmpdir(), 'airtight-demo-'));
    const demoStore = new SqliteStore(join(demoDir, 'demo.db'));
    const demoServer = await buildServer({
      station,
      store: demoStore,
      tokens: TOKENS,
      now: () => NOW,
      // (240 h at 20,000× play 43 s: the alarm, an hour and minutes in, comes well before the end
      // even on a loaded machine)
      demo: { scenario, options: { speed: 20_000, tickMs: 20 } },
    });
    try {
      let alarms: { kind: string; detail: { modules?: string[]; origin: string } }[] = [];
      for (let i = 0; i < 400 && alarms.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        alarms = (await demoServer.app.inject({ url: '/api/v1/alarms' })).json().alarms;
      }
      const leak = alarms.find((a) => a.kind === 'rapid-depress' || a.kind === 'leak');
      expect(leak?.detail.modules).toContain('lock');
      expect(leak?.detail.origin).toBe('demo');
      expect((await demoServer.app.inject({ url: '/api/v1/leak' })).json().state.source).toBe('demo');
      const post = await demoServer.app.inject({
        method: 'POST',
        url: '/api/v1/telemetry',
        payload: [{ time: NOW, channel: 'P_HAB', value: 750 }],
        headers: bearer('ingest-token'),
      });
      expect(post.statusCode).toBe(200);
      await demoServer.context.pipeline.settled();
      const health = (await demoServer.app.inject({ url: '/api/v1/health' })).json();
      expect(health.demo.phase).toBe('stopped');
      expect(health.monitor).toMatchObject({ samples: 1, source: 'telemetry', lagSamples: 0 });
      // closing saves the pending leak state: a restarted server starts from it
      await demoServer.close();
      const saved = (await demoStore.latestAnalysis('leak-state'))?.payload as {
        source: string;
        samples: number;
      };
      expect(saved).toMatchObject({ source: 'telemetry', samples: 1 });
    } finally {
      await demoServer.close();
      await demoStore.close();
      rmSync(demoDir, { recursive: true, force: true });
    }
  });
});

describe('plan steps, isolation plan and reserve forecast', () => {
  it('logs a ticked isolation-test step checked against the station hatches', async () => {
    const headers = bearer('operator-token');
    const bad = await inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { kind: 'plan-step', step: 0, text: 'close hab-lock', testClose: ['nope'] },
      headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'testClose[0]', value: 'nope' });
    const badStep = await inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { kind: 'plan-step', step: -1, text: 'x', testClose: [] },
      headers,
    });
    expect(badStep.json()).toMatchObject({ field: 'step', value: -1 });
    const tick = await inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { kind: 'plan-step', step: 2, text: 'Close hatch hab-lock', testClose: ['hab-lock'] },
      headers,
    });
    expect(tick.statusCode).toBe(201);
    const untick = await inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: {
        kind: 'plan-step',
        step: 2,
        text: 'Close hatch hab-lock',
        testClose: ['hab-lock'],
        done: false,
      },
      headers,
    });
    expect(untick.statusCode).toBe(201);
    const listed = (await inject({ url: '/api/v1/events?kind=plan-step' })).json().events;
    expect(listed.map((e: { payload: unknown }) => e.payload)).toEqual([
      { step: 2, text: 'Close hatch hab-lock', testClose: ['hab-lock'], done: true },
      { step: 2, text: 'Close hatch hab-lock', testClose: ['hab-lock'], done: false },
    ]);
  });

  it('has no forecast before the monitor has a leak rate (409), and checks its query', async () => {
    const none = await inject({ url: '/api/v1/forecast' });
    expect(none.statusCode).toBe(409);
    expect(none.json().error).toContain('no leak rate');
    const bad = await inject({ url: '/api/v1/forecast?paths=0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'paths', value: '0' });
  });

  it('with the demo leak: plans the next test and forecasts the stores from the measured rate', async () => {
    // the test station with gas stores above their floors (150 kg O2, 200 kg N2), nominally for 4;
    // the demo scenario has 2 aboard, which is what the forecast must use (no crew_count channel)
    const stocked = stationFromYaml(
      `${STATION}crew: { nominal: 4 }
composition: { N2: 0.79, O2: 0.21 }
gas_stores:
  - { id: o2-tank, gas: o2, mass_kg: 150, module: hab, source: test }
  - { id: n2-tank, gas: n2, mass_kg: 200, module: hab, source: test }
`,
      'stocked-station',
    );
    const scenario = scenarioFromYaml(
      `
station: inline
start: 2027-03-01T00:00:00Z
duration_h: 12
step_s: 10
seed: 3
crew: { count: 2 }
events:
  - { at_h: 1, leak: { id: L1, module: lock, law: orifice, cd: 0.6, diameter_mm: 2 } }
`,
      stocked,
    );
    const demoDir = mkdtempSync(join(tmpdir(), 'airtight-forecast-'));
    const demoStore = new SqliteStore(join(demoDir, 'forecast.db'));
    const demoServer = await buildServer({
      station: stocked,
      store: demoStore,
      tokens: TOKENS,
      now: () => NOW,
      demo: { scenario, options: { speed: 200_000, tickMs: 20 } },
    });
    try {
      const get = (url: string) => demoServer.app.inject({ url });
      // the leak state says when the plan is there to be had (the dashboard asks only then)
      const refusals = async () => (await get('/api/v1/leak')).json().state?.refusals;
      for (let i = 0; i < 400 && (await refusals())?.plan !== null; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const plan = await get('/api/v1/plan');
      expect(plan.statusCode).toBe(200);
      const p = plan.json();
      const total = Object.values(p.posterior as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(total + p.none + p.several).toBeCloseTo(1, 4);
      expect(Object.keys(p.holdsLeak).sort()).toEqual(['hab', 'lock']);

      // the whole 12 h played: the leak estimate at its tightest
      for (let i = 0; i < 400 && (await get('/api/v1/health')).json().demo.phase !== 'finished'; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const answer = await get('/api/v1/forecast?paths=500&horizonDays=200');
      expect(answer.statusCode).toBe(200);
      const f = answer.json();
      const leak = (await get('/api/v1/leak')).json().state;
      expect(leak.refusals).toEqual({ plan: null, forecast: null });
      expect(f.paths).toBe(500);
      expect(f.policy.crew).toBe(2);
      expect(f.day[0]).toBe(0);
      expect(f.day.at(-1)).toBe(200);
      // the leak is the monitor's: mean = its rate, sd from its 90 % interval
      expect(f.leak.rateKgPerDay90[0]).toBeGreaterThan(0);
      expect(f.leak.sdKgPerDay).toBeCloseTo(
        (f.leak.rateKgPerDay90[1] - f.leak.rateKgPerDay90[0]) / (2 * 1.645),
        2,
      );
      expect(leak.source).toBe('demo');
      const { t, tUtc } = leak.rateHistory;
      expect(t.length).toBeGreaterThan(0);
      expect(tUtc.length).toBe(t.length);
      expect(tUtc.at(-1)).toBe(new Date(t.at(-1) * 1000).toISOString());
      for (const gas of ['o2', 'n2'] as const) {
        const g = f[gas];
        expect(g.fan.p50.length).toBe(f.day.length);
        expect(g.fan.p50[0]).toBeCloseTo(g.initialKg, 1);
        for (let k = 0; k < f.day.length; k++) {
          expect(g.fan.p10[k]).toBeLessThanOrEqual(g.fan.p50[k] + 1e-9);
          expect(g.fan.p50[k]).toBeLessThanOrEqual(g.fan.p90[k] + 1e-9);
        }
      }
      expect(f.o2.initialKg).toBeCloseTo(150, 1);
      expect(f.n2.initialKg).toBeCloseTo(200, 1);
      // closed form for O2 (no generators, no resupply): floor = 45 days × 2 crew × 0.84 kg/day; the
      // stores feed the crew (2 × 0.84 kg/day) and the O2 share of the leaking air (21 % by moles)
      expect(f.o2.floorKg).toBeCloseTo(45 * 2 * 0.84, 1);
      const o2MassShare = (0.21 * 31.998) / (0.21 * 31.998 + 0.79 * 28.014);
      const o2Days = (150 - 45 * 2 * 0.84) / (2 * 0.84 + o2MassShare * f.leak.meanKgPerDay);
      expect(f.leak.sdKgPerDay).toBeLessThan(0.05 * f.leak.meanKgPerDay);
      expect(Math.abs(f.o2.daysToFloor.p50 / o2Days - 1)).toBeLessThan(0.03);
      // stores only fall (no resupply): P(T ≤ t) = P(M(t) ≤ floor), so the median days to the floor
      // is where the median of the fan crosses the floor (within the one-day grid)
      const n2 = f.n2;
      if (n2.daysToFloor.p50 !== null) {
        const crossing = n2.fan.p50.findIndex((m: number) => m <= n2.floorKg);
        expect(crossing).toBeGreaterThan(0);
        expect(Math.abs(f.day[crossing] - n2.daysToFloor.p50)).toBeLessThanOrEqual(1.01);
      } else expect(n2.fan.p50.at(-1)).toBeGreaterThan(n2.floorKg);
      // seeded: the same query answers the same
      expect((await get('/api/v1/forecast?paths=500&horizonDays=200&seed=1')).json().n2).toEqual(f.n2);
    } finally {
      await demoServer.close();
      await demoStore.close();
      rmSync(demoDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('compressed bodies and answers', () => {
  const upload = (payload: Buffer, encoding: string, type = 'text/csv') =>
    inject({
      method: 'POST',
      url: '/api/v1/telemetry',
      payload,
      headers: { ...bearer('ingest-token'), 'content-type': type, 'content-encoding': encoding },
    });

  it('inflates gzip, deflate and brotli uploads (a feed over a thin link), the same rows as plain', async () => {
    for (const [k, [encoding, pack]] of (
      [
        ['gzip', gzipSync],
        ['deflate', deflateSync],
        ['br', brotliCompressSync],
      ] as const
    ).entries()) {
      // (times of their own: a time sent again is a duplicate)
      const t = NOW + 40 + 3 * k;
      const csv = `time,channel,value\n${t},P_HAB,749.5\n${t + 1},P_HAB,oops\n${t + 2},P_HAB,749.4\n`;
      const answer = await upload(pack(csv), encoding);
      expect(answer.statusCode, encoding).toBe(200);
      expect(answer.json()).toMatchObject({ accepted: 2, rows: 3, rejected: 1 });
      expect(answer.json().issues).toEqual([
        { source: 'upload', line: 3, reason: 'not a number', excerpt: 'oops' },
      ]);
    }
  });

  it('refuses a body that is not what its Content-Encoding says (400), or an encoding it does not take (415)', async () => {
    const plain = Buffer.from(`time,channel,value\n${NOW + 50},P_HAB,749.5\n`);
    const corrupt = await upload(plain, 'gzip');
    expect(corrupt.statusCode).toBe(400);
    expect(corrupt.json().error).toMatch(/^request body: not gzip data, or corrupt \(.+\)$/);
    const unknown = await upload(plain, 'compress');
    expect(unknown.statusCode).toBe(415);
    expect(unknown.json().error).toBe(
      'request body: Content-Encoding compress is not taken (gzip, deflate or br)',
    );
  });

  it('holds what a body inflates to to the size limit (413), not what it was sent as', async () => {
    const bomb = gzipSync(JSON.stringify({ kind: 'note', text: 'x'.repeat(1_000_000) }));
    expect(bomb.length).toBeLessThan(64 << 10);
    const answer = await inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: bomb,
      headers: {
        ...bearer('operator-token'),
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
    });
    expect(answer.statusCode).toBe(413);
  });

  it('compresses an answer for a client that takes it, and not for one that does not', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${NOW + 1000 + i},P_HAB,${749 + (i % 10) / 10}`);
    const stored = await upload(gzipSync(`time,channel,value\n${rows.join('\n')}\n`), 'gzip');
    expect(stored.json()).toMatchObject({ accepted: 300, rejected: 0 });
    const url = `/api/v1/history?channel=P_HAB&start=${NOW + 1000}&end=${NOW + 1300}`;
    const plain = await inject({ method: 'GET', url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json().time).toHaveLength(300);
    const packed = await inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(packed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(JSON.parse(gunzipSync(packed.rawPayload).toString('utf8'))).toEqual(plain.json());
  });
});
