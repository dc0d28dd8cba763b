// GET /api/v1/search and the search-observation events behind it, without sockets (fastify.inject),
// on a real SQLite store with the built-in ISS station; the ranking is checked against
// `airtight search next|show --json` run on a search file holding the same observations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { loadStation } from '../config/index.js';
import { SqliteStore } from '../store/index.js';
import { type AirtightServer, buildServer } from './build-server.js';
import { parseTokens } from './tokens.js';

const station = loadStation('iss');
const TOKENS = parseTokens('operator-token=operator');
const headers = { authorization: 'Bearer operator-token' };
const NOW = 1_800_000_000;
const dir = mkdtempSync(join(tmpdir(), 'airtight-search-route-'));
let store: SqliteStore;
let server: AirtightServer;
let run = 0;

beforeEach(async () => {
  store = new SqliteStore(join(dir, `search-${run++}.db`));
  server = await buildServer({ station, store, tokens: TOKENS, now: () => NOW });
});
afterEach(async () => {
  await server.close();
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const inject = (options: InjectOptions) => server.app.inject(options);
const observe = (body: Record<string, unknown>) =>
  inject({
    method: 'POST',
    url: '/api/v1/events',
    payload: { kind: 'search-observation', ...body },
    headers,
  });
const map = async (query: string) => {
  const answer = await inject({ url: `/api/v1/search?${query}` });
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json();
};

interface Step {
  action: string;
  panel: string | null;
  axialM: number[];
  angleDeg: number[];
  minutes: number;
  pFound: number;
}

describe('GET /api/v1/search', () => {
  it('serves the prior over the unrolled wall before any observation, a drift test first', async () => {
    const m = await map('module=zvezda-prk&rate=1.4');
    const rows = m.grid.rows;
    const cells = rows.columns.reduce((s: number, n: number) => s + n, 0);
    expect(cells).toBe(m.grid.cellCount);
    expect(m.probability).toHaveLength(cells);
    // probabilities sum to 1 (4 significant digits each)
    expect(m.probability.reduce((s: number, p: number) => s + p, 0)).toBeCloseTo(1, 3);
    // the rows tile the wall: 3.2 m of PrK (cone 0.5 + cylinder 2.1 + cone 0.6), no gap
    expect(rows.axialLoM[0]).toBe(0);
    expect(rows.axialHiM.at(-1)).toBeCloseTo(3.2, 9);
    for (let r = 1; r < rows.axialLoM.length; r++)
      expect(rows.axialLoM[r]).toBeCloseTo(rows.axialHiM[r - 1], 9);
    // wall area from the rows: cylinder 2π·0.7·2.1 plus two frustum bands
    const area = rows.columns.reduce((s: number, n: number, r: number) => s + n * rows.cellAreaM2[r], 0);
    const frustum = (r1: number, r2: number, l: number) => Math.PI * (r1 + r2) * Math.hypot(l, r2 - r1);
    expect(area).toBeCloseTo(2 * Math.PI * 0.7 * 2.1 + frustum(0.9, 0.7, 0.5) + frustum(0.7, 0.55, 0.6), 3);
    expect(m).toMatchObject({
      observations: 0,
      used: 0,
      pFoundSoFar: 0,
      pLeakRemains: 1,
      rateSource: 'query',
    });
    expect(m.next[0].action).toBe('drift');
    expect(m.features.length).toBeGreaterThan(5);
  });

  it('ranks the next looks and weighs the panels as `airtight search next|show` do', async () => {
    const file = join(dir, 'prk.json');
    const cli = (args: string[]) => runCli(['search', ...args]);
    expect(
      (await cli(['new', '--station', 'iss', '--module', 'zvezda-prk', '--out', file, '--rate', '1.4'])).code,
    ).toBe(0);
    const pick = (s: Step) => [s.action, s.panel, s.axialM, s.angleDeg, s.minutes, s.pFound];
    // before any observation (a drift test first, then the plan in what is left of the budget)
    const empty = await map('module=zvezda-prk&rate=1.4&top=100');
    expect(empty.next.map(pick)).toEqual(
      JSON.parse((await cli(['next', file, '--json'])).out).steps.map(pick),
    );
    await cli(['log', file, '--drift', 'at=1.6,toward=starboard']);
    await cli(['log', file, '--sweep', 'panel=prk-tunnel-stbd,minutes=10,result=nothing']);
    await cli(['log', file, '--inspect', 'prk-aft-stbd']);
    for (const observation of [
      { kind: 'drift', fromAxialM: 1.6, towardDeg: 90 },
      { kind: 'sweep', region: { panels: ['prk-tunnel-stbd'] }, minutes: 10, result: 'nothing' },
      { kind: 'inspect', panel: 'prk-aft-stbd', result: 'nothing' },
    ])
      expect((await observe({ module: 'zvezda-prk', observation })).statusCode).toBe(201);
    const m = await map('module=zvezda-prk&rate=1.4&top=100');
    const next = JSON.parse((await cli(['next', file, '--json'])).out);
    const show = JSON.parse((await cli(['show', file, '--json'])).out);
    expect(m.next.map(pick)).toEqual(next.steps.map(pick));
    expect(m.steps).toBe(next.steps.length);
    expect(m.pFoundAfterPlan).toBeCloseTo(next.pFoundAfterPlan, 6);
    expect(m.plannedMinutes).toBeCloseTo(next.plannedMinutes, 6);
    expect(m.panels.map((p: { id: string; probability: number }) => [p.id, p.probability])).toEqual(
      show.panels.map((p: { id: string; probability: number }) => [p.id, p.probability]),
    );
    expect(m).toMatchObject({ observations: 3, used: 3, unstructured: 0, rejected: [] });
  });

  it('moves the map toward where the confetti drifted, and counts what was searched', async () => {
    const before = await map('module=zvezda-prk&rate=1.4');
    const stbd = (m: { panels: { id: string; probability: number }[] }) =>
      m.panels.filter((p) => p.id.endsWith('-stbd')).reduce((s, p) => s + p.probability, 0);
    const posted = await observe({
      module: 'zvezda-prk',
      observation: { kind: 'drift', fromAxialM: 1.6, towardDeg: 90 },
      note: 'confetti',
    });
    expect(posted.json().event.payload).toEqual({
      module: 'zvezda-prk',
      observation: { kind: 'drift', fromAxialM: 1.6, towardDeg: 90 },
      found: false,
      note: 'confetti',
    });
    const after = await map('module=zvezda-prk&rate=1.4');
    expect(stbd(after)).toBeGreaterThan(stbd(before) + 0.2);
    expect(after.next[0].action).not.toBe('drift');
    expect(after.lastObservationId).toBe(posted.json().event.id);
    // a visual inspection (POD 0.5) of one panel covers half of that panel's prior mass
    const panel = 'prk-fwd-zenith';
    const prior = before.panels.find((p: { id: string }) => p.id === panel).probability;
    await observe({ module: 'zvezda-prk', observation: { kind: 'inspect', panel, result: 'nothing' } });
    expect((await map('module=zvezda-prk&rate=1.4')).pFoundSoFar).toBeCloseTo(0.5 * prior, 6);
    // other modules keep their own maps
    expect((await map('module=zvezda-ro')).observations).toBe(0);
  });

  it('reports malformed stored observations and free-text ones instead of failing', async () => {
    const base = { time: NOW, kind: 'search-observation' as const, author: 'test', recorded: NOW };
    const bad = await store.addEvent({
      ...base,
      payload: {
        module: 'zvezda-prk',
        observation: { kind: 'sweep', region: { panels: ['nope'] }, minutes: 5, result: 'nothing' },
      },
    });
    const worse = await store.addEvent({
      ...base,
      payload: { module: 'zvezda-prk', observation: { kind: 'drift' } },
    });
    await store.addEvent({ ...base, payload: { module: 'zvezda-prk', place: 'hatch seal', found: false } });
    await store.addEvent({
      ...base,
      payload: { module: 'zvezda-prk', observation: { kind: 'drift', fromAxialM: 1, towardDeg: 0 } },
    });
    const m = await map('module=zvezda-prk');
    expect(m.observations).toBe(1);
    expect(m.unstructured).toBe(1);
    // no telemetry yet: the rate searched for is the stated default
    expect(m).toMatchObject({ rateSource: 'default', leakKgPerDay: 1 });
    expect(m.rejected).toEqual([
      {
        event: bad.id,
        field: 'observation.region.panels[0]',
        problem: expect.stringContaining('no such panel'),
      },
      { event: worse.id, field: 'observation.fromAxialM', problem: expect.stringContaining('missing') },
    ]);
  });

  it('answers 400 naming the field and value of a bad query', async () => {
    for (const [query, field, value] of [
      ['', 'module', undefined],
      ['module=nowhere', 'module', 'nowhere'],
      ['module=quest-o2-hp', 'module', 'quest-o2-hp'],
      ['module=zvezda-prk&rate=-1', 'rate', '-1'],
      ['module=zvezda-prk&budget=x', 'budget', 'x'],
    ] as const) {
      const answer = await inject({ url: `/api/v1/search?${query}` });
      expect(answer.statusCode, query).toBe(400);
      expect(answer.json(), query).toMatchObject({ field, ...(value !== undefined && { value }) });
    }
  });
});

describe('POST /api/v1/events, search observations', () => {
  it('refuses observations the search cannot use, naming the field (400)', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ module: 'zvezda-prk', observation: { kind: 'smell' } }, 'observation.kind'],
      [
        {
          module: 'zvezda-prk',
          observation: {
            kind: 'sweep',
            region: { panels: ['prk-tunnel-stbd'] },
            minutes: -3,
            result: 'nothing',
          },
        },
        'observation.minutes',
      ],
      [
        {
          module: 'zvezda-prk',
          observation: {
            kind: 'sweep',
            region: { panels: ['ro-large-stbd'] },
            minutes: 3,
            result: 'nothing',
          },
        },
        'observation.region.panels[0]',
      ],
      [
        {
          module: 'zvezda-prk',
          observation: {
            kind: 'sweep',
            region: { panels: ['prk-tunnel-stbd'] },
            minutes: 3,
            result: 'maybe',
          },
        },
        'observation.result',
      ],
      [
        { module: 'zvezda-prk', observation: { kind: 'inspect', panel: 'nope', result: 'nothing' } },
        'observation.panel',
      ],
      [
        { module: 'zvezda-prk', observation: { kind: 'drift', fromAxialM: 1, towardDeg: 'stbd' } },
        'observation.towardDeg',
      ],
      [
        { module: 'zvezda-prk', observation: { kind: 'drift', fromAxialM: 1, towardDeg: 90, speed: 2 } },
        'observation.speed',
      ],
      [
        { module: 'zvezda-prk', observation: { kind: 'gathered', axialM: 1, angleDeg: 90 }, found: 'yes' },
        'found',
      ],
      [{ module: 'quest-o2-hp', observation: { kind: 'drift', fromAxialM: 1, towardDeg: 90 } }, 'module'],
      [{ module: 'zvezda-prk' }, 'found'],
    ];
    for (const [body, field] of cases) {
      const answer = await observe(body);
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
      expect(answer.json().field, JSON.stringify(body)).toBe(field);
    }
    expect((await inject({ url: '/api/v1/events?kind=search-observation' })).json().events).toEqual([]);
  });

  it('keeps a logged patch as found, and the map then searches for another leak', async () => {
    const patched = await observe({
      module: 'zvezda-prk',
      observation: { kind: 'patched', axialM: 1.6, angleDeg: 90, residualKgPerDay: 0.02 },
    });
    expect(patched.statusCode).toBe(201);
    expect(patched.json().event.payload.found).toBe(true);
    const m = await map('module=zvezda-prk&rate=1.4');
    expect(m.targetKgPerDay).toBeCloseTo(0.02, 9);
    expect(m.marks).toEqual([{ kind: 'patched', axialM: 1.6, angleDeg: 90 }]);
    expect(m.pLeakRemains).toBeLessThan(0.5);
  });
});
