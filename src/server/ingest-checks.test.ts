// What telemetry ingest refuses and how it says so: sample times outside the window the server
// takes, duplicates and times going backwards (counted and shown with their line or index, never
// answered as accepted), and Content-Type read as RFC 9110 reads it. Real SQLite store, inject().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAB_AND_LOCK_YAML, stationFromYaml } from '../../test/scenario.js';
import { mmHgToPa } from '../core/index.js';
import { SqliteStore } from '../store/index.js';
import { type AirtightServer, buildServer } from './build-server.js';
import { parseTokens } from './tokens.js';

const station = stationFromYaml(HAB_AND_LOCK_YAML, 'test-station');
const TOKENS = parseTokens('ingest-token=ingest');
/** The server's clock: 2027-01-15T08:00:00Z. */
const NOW = 1_800_000_000;
const DAY = 86_400;

const dir = mkdtempSync(join(tmpdir(), 'airtight-ingest-checks-'));
let store: SqliteStore;
let server: AirtightServer;

beforeAll(async () => {
  store = new SqliteStore(join(dir, 'ingest.db'));
  server = await buildServer({ station, store, tokens: TOKENS, now: () => NOW });
});
afterAll(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (payload: unknown, type = 'application/json', extra: InjectOptions = {}) =>
  server.app.inject({
    method: 'POST',
    url: '/api/v1/telemetry',
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: { authorization: 'Bearer ingest-token', 'content-type': type },
    ...extra,
  });

describe('sample times the server takes', () => {
  it('refuses a JSON sample dated before 1970 or over a day past its clock, naming [i].time and the value', async () => {
    const ok = { time: NOW - 10, channel: 'P_HAB', value: 750 };
    for (const time of ['2036-11-26T04:00:30Z', 1e20, -1, NOW + DAY + 1, '1969-12-31T23:59:59Z']) {
      const answer = await post([ok, { time, channel: 'P_HAB', value: 750 }]);
      expect(answer.statusCode, String(time)).toBe(400);
      expect(answer.json(), String(time)).toMatchObject({ field: '[1].time', value: time });
      expect(answer.json().error).toContain("a day past the server's clock (2027-01-16T08:00:00.000Z)");
    }
    // a value or time JSON reads as infinite (1e400) is no number; 1e308 is a (huge) finite one
    const infinite = await post(`[{"time": ${NOW}, "channel": "P_HAB", "value": 1e400}]`);
    expect(infinite.json()).toMatchObject({ field: '[0].value' });
    const infiniteTime = await post(`[{"time": 1e400, "channel": "P_HAB", "value": 750}]`);
    expect(infiniteTime.json()).toMatchObject({ field: '[0].time' });
    expect((await store.sampleSpan('P_HAB')).count).toBe(0);
    // up to a day ahead (a feed's clock running fast), and any past time, are taken
    const edge = await post([
      { time: 0, channel: 'HATCH_1', value: 1 },
      { time: NOW + DAY, channel: 'HATCH_1', value: 1 },
    ]);
    expect(edge.json()).toMatchObject({ accepted: 2, rejected: 0 });
  });

  it('counts CSV and JSON Lines rows dated out of range as rejected, with line and reason, and reads the rest', async () => {
    const t0 = NOW - 3600;
    const csv = [
      'time,channel,value',
      `${t0},P_LOCK,749.5`,
      '2036-11-26T04:00:30Z,P_LOCK,749.5',
      `${t0 + 1},P_LOCK,oops`,
      '1e20,P_LOCK,749',
      `${t0 + 2},P_LOCK,749.4`,
      '-5,P_LOCK,749',
    ].join('\n');
    const answer = await post(csv, 'text/csv');
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      accepted: 2,
      rows: 6,
      rejected: 4,
      // (the file's reader finds the row dated 2036 among rows of today a corrupted one, before the
      // server's window would refuse it)
      rejectedByReason: { 'not a number': 1, 'time out of range': 2, 'time far from the rows around it': 1 },
    });
    expect(answer.json().issues).toEqual([
      {
        source: 'upload',
        line: 3,
        reason: 'time far from the rows around it',
        excerpt: '2036-11-26T04:00:30.000Z (2111284830)',
      },
      { source: 'upload', line: 4, reason: 'not a number', excerpt: 'oops' },
      { source: 'upload', line: 5, reason: 'time out of range', excerpt: '100000000000000000000' },
      { source: 'upload', line: 7, reason: 'time out of range', excerpt: '1969-12-31T23:59:55.000Z (-5)' },
    ]);
    const wide = `time,P_LOCK,T_HAB\n${t0 + 3},749.3,22\n2036-11-26T04:00:31Z,749,\n`;
    const wideAnswer = (await post(wide, 'text/csv')).json();
    expect(wideAnswer).toMatchObject({ accepted: 2, rows: 3, rejected: 1 });
    expect(wideAnswer.issues).toMatchObject([{ line: 3, reason: 'time far from the rows around it' }]);
    const jsonl = `{"time": ${t0 + 4}, "channel": "P_LOCK", "value": 749.3}\n\n{"time": "2036-11-26T04:00:30Z", "channel": "P_LOCK", "value": 749}\n`;
    const lines = (await post(jsonl, 'application/x-ndjson')).json();
    expect(lines).toMatchObject({ accepted: 1, rows: 2, rejected: 1 });
    expect(lines.issues).toMatchObject([{ line: 3, reason: 'time far from the rows around it' }]);
    // a file wholly in the future reads as a file, and the server's window refuses it
    const future = (
      await post(
        'time,channel,value\n2036-11-26T04:00:30Z,P_LOCK,749\n2036-11-26T04:00:31Z,P_LOCK,749\n',
        'text/csv',
      )
    ).json();
    expect(future).toMatchObject({
      accepted: 0,
      rows: 2,
      rejected: 2,
      rejectedByReason: { 'time out of range': 2 },
    });
    expect(future.issues).toMatchObject([
      { line: 2, reason: 'time out of range' },
      { line: 3, reason: 'time out of range' },
    ]);
    // the channel's real data goes on being read after the absurd rows
    expect(await store.sampleSpan('P_LOCK')).toEqual({ count: 4, first: t0, last: t0 + 4 });
    const later = await post([{ time: t0 + 5, channel: 'P_LOCK', value: 749.2 }]);
    expect(later.json()).toMatchObject({ accepted: 1, rejected: 0 });
  });
});

describe('duplicates and times going backwards', () => {
  const t0 = NOW - 3000;

  it('stores the first value of a time and reports the duplicate by index, at every zoom level', async () => {
    const answer = await post([
      { time: t0 + 20, channel: 'T_HAB', value: 22 },
      { time: t0 + 20, channel: 'T_HAB', value: 30 },
    ]);
    expect(answer.json()).toMatchObject({
      accepted: 1,
      stored: 1,
      rows: 2,
      rejected: 1,
      rejectedByReason: { 'duplicate timestamp': 1 },
      issues: [{ source: 'body', index: 1, reason: 'duplicate timestamp' }],
    });
    // sent again in a later batch
    const again = (await post([{ time: t0 + 20, channel: 'T_HAB', value: 40 }])).json();
    expect(again).toMatchObject({
      accepted: 0,
      rejected: 1,
      issues: [{ index: 0, reason: 'duplicate timestamp' }],
    });
    const history = (zoomStart: number, size: number) =>
      server.app.inject({
        url: `/api/v1/history?channel=T_HAB&start=${zoomStart}&end=${t0 + 60}&size=${size}`,
      });
    const raw = (await history(t0, 100)).json();
    expect(raw).toMatchObject({ source: 'raw', time: [t0 + 20] });
    const coarse = (await history(t0 - 30 * DAY, 10)).json();
    expect(coarse.source).toBe('rollup');
    for (const zoom of [raw, coarse]) for (const v of zoom.value) expect(v).toBeCloseTo(22, 9);
  });

  it('reports a time earlier than an earlier batch reached (stored for history, refused by the monitor) by index and line', async () => {
    // out of order within one batch is no matter: the monitor takes a batch in time order
    const first = (
      await post([
        { time: t0 + 100, channel: 'P_HAB', value: 744 },
        { time: t0 + 99, channel: 'P_HAB', value: 744 },
      ])
    ).json();
    expect(first).toMatchObject({ accepted: 2, stored: 2, rejected: 0 });
    const answer = (
      await post([
        { time: t0 + 95, channel: 'P_HAB', value: 743 },
        { time: t0 + 96, channel: 'T_HAB', value: 22 },
      ])
    ).json();
    expect(answer).toMatchObject({
      accepted: 1,
      stored: 2,
      rows: 2,
      rejected: 1,
      issues: [{ source: 'body', index: 0, reason: 'time going backwards' }],
    });
    const csv = `time,channel,value\n${t0 + 101},P_HAB,744\n${t0 + 101},P_HAB,745\n${t0 + 90},P_HAB,744\n${t0 + 102},P_HAB,744\n`;
    const upload = (await post(csv, 'text/csv')).json();
    expect(upload).toMatchObject({
      accepted: 2,
      stored: 3,
      rows: 4,
      rejected: 2,
      rejectedByReason: { 'duplicate timestamp': 1, 'time going backwards': 1 },
    });
    expect(upload.issues).toEqual([
      { source: 'upload', line: 3, reason: 'duplicate timestamp' },
      { source: 'upload', line: 4, reason: 'time going backwards' },
    ]);
    const stored = await store.history({ channel: 'P_HAB', startS: t0 + 101, endS: t0 + 101, size: 10 });
    expect(stored.value).toEqual([mmHgToPa(744)]);
    // what the answers called accepted is what the monitor took
    await server.context.pipeline.settled();
    const state = (await server.app.inject({ url: '/api/v1/leak' })).json().state;
    expect(state.rejected).toBe(2);
  });
});

describe('Content-Type', () => {
  const t0 = NOW - 1000;

  it('is matched whatever its case, parameters aside; an unknown one is 415 naming it', async () => {
    const json = [{ time: t0, channel: 'T_HAB', value: 21 }];
    for (const type of ['Application/JSON', 'application/json; charset=UTF-8'])
      expect((await post(json, type)).json(), type).toMatchObject({ rows: 1 });
    for (const [k, type] of ['TEXT/CSV', 'Text/Csv; charset=utf-8'].entries()) {
      const answer = await post(`time,channel,value\n${t0 + 1 + k},T_HAB,21\n`, type);
      expect(answer.json(), type).toMatchObject({ accepted: 1, rows: 1, rejected: 0 });
    }
    const ndjson = await post(
      `{"time": ${t0 + 5}, "channel": "T_HAB", "value": 21}\n`,
      'Application/X-NDJSON',
    );
    expect(ndjson.json()).toMatchObject({ accepted: 1 });
    // plain text has always been read as JSON Lines
    const plain = await post(`{"time": ${t0 + 6}, "channel": "T_HAB", "value": 21}\n`, 'text/plain');
    expect(plain.json()).toMatchObject({ accepted: 1 });
    const xml = await post('<samples/>', 'application/xml');
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error).toContain('application/xml');
  });
});
