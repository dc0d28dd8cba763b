// The Store contract, run against every implementation: SQLite (a temporary file) and PostgreSQL
// (DATABASE_URL, default postgres://127.0.0.1:5432/test, in a schema of its own dropped after).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import { ANALYSES_KEPT, type AnalysisRecord, type SampleColumns, type Store } from './types.js';

const PG_URL = process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432/test';

interface Implementation {
  name: string;
  open: () => Promise<Store>;
  /** Closes the store and reopens the same data. */
  reopen: (store: Store) => Promise<Store>;
  dispose: (store: Store) => Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'airtight-store-'));
const schema = `airtight_test_${process.pid}_${Date.now().toString(36)}`;

const implementations: Implementation[] = [
  {
    name: 'sqlite',
    open: async () => new SqliteStore(join(dir, 'contract.db')),
    reopen: async (store) => {
      await store.close();
      return new SqliteStore(join(dir, 'contract.db'));
    },
    dispose: async (store) => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  },
  {
    name: 'postgres',
    open: () => PostgresStore.open(PG_URL, { schema }),
    reopen: async (store) => {
      await store.close();
      return PostgresStore.open(PG_URL, { schema });
    },
    dispose: (store) => (store as PostgresStore).dropSchemaAndClose(schema),
  },
];

function columns(rows: [number, number, number][]): SampleColumns {
  return {
    time: Float64Array.from(rows.map((r) => r[0])),
    channel: Int32Array.from(rows.map((r) => r[1])),
    value: Float64Array.from(rows.map((r) => r[2])),
    length: rows.length,
  };
}

const DAY_START = 1_598_000_000; // 2020-08-21T08:53:20Z, not minute-aligned on purpose
const DAY = 86_400;
/** One day of 1 Hz pressure with a daily cycle, a dip and a spike (Pa). */
const dayValue = (i: number): number =>
  i === 40_000 ? 102_000 : i === 70_001 ? 99_000 : 101_000 + 50 * Math.sin((2 * Math.PI * i) / DAY);

describe.each(implementations)('Store contract: $name', (impl) => {
  let store: Store;
  beforeAll(async () => {
    store = await impl.open();
    const day: [number, number, number][] = [];
    for (let i = 0; i < DAY; i++) day.push([DAY_START + i, 0, dayValue(i)]);
    // three batches, the middle one splitting a minute, as live ingest would
    await store.appendSamples(['P_DAY'], columns(day.slice(0, 30_000)));
    await store.appendSamples(['P_DAY'], columns(day.slice(30_000, 30_030)));
    await store.appendSamples(['P_DAY'], columns(day.slice(30_030)));
  }, 60_000);
  afterAll(() => impl.dispose(store));

  it('applies every migration once and keeps its data across a reopen', async () => {
    expect(await store.migrations()).toEqual([1, 2, 3]);
    store = await impl.reopen(store);
    expect(await store.migrations()).toEqual([1, 2, 3]);
    expect(await store.sampleSpan('P_DAY')).toEqual({
      count: DAY,
      first: DAY_START,
      last: DAY_START + DAY - 1,
    });
  });

  it('returns a short range raw, in time order, from the channel asked for only', async () => {
    await store.appendSamples(
      ['A', 'B'],
      columns([
        [100, 0, 1.5],
        [101, 1, 99],
        [102, 0, 2.5],
        [103, 0, -1],
      ]),
    );
    const a = await store.history({ channel: 'A', startS: 100, endS: 102.5, size: 10 });
    expect(a).toEqual({ channel: 'A', time: [100, 102], value: [1.5, 2.5], source: 'raw' });
    // sent again (a replayed feed): kept once
    await store.appendSamples(['A'], columns([[102, 0, 7]]));
    expect((await store.history({ channel: 'A', startS: 0, endS: 200, size: 10 })).value).toEqual([
      1.5, 2.5, -1,
    ]);
    const none = await store.history({ channel: 'NOPE', startS: 0, endS: 1e12, size: 10 });
    expect(none.time).toEqual([]);
    expect(await store.sampleSpan('B')).toEqual({ count: 1, first: 101, last: 101 });
  });

  it('keeps one value per channel and time, the first stored, in samples and rollups, and names the duplicates', async () => {
    const first = await store.appendSamples(
      ['D1', 'D2'],
      columns([
        [7200, 0, 10],
        [7201, 0, 11],
        [7201, 1, 5],
        [7201, 0, 99], // sent twice in one batch: the first stays
      ]),
    );
    expect({ stored: first.stored, duplicates: [...first.duplicates] }).toEqual({
      stored: 3,
      duplicates: [3],
    });
    // sent again in a later batch, beside a new time (not in time order)
    const again = await store.appendSamples(
      ['D2', 'D1'],
      columns([
        [7202, 1, 12],
        [7200, 1, -50],
        [7201, 0, 6],
      ]),
    );
    expect({ stored: again.stored, duplicates: [...again.duplicates] }).toEqual({
      stored: 1,
      duplicates: [1, 2],
    });
    const raw = await store.history({ channel: 'D1', startS: 7140, endS: 7260, size: 100 });
    expect(raw).toMatchObject({ source: 'raw', time: [7200, 7201, 7202], value: [10, 11, 12] });
    // a coarse zoom reads the rollups: the same values, no trace of the duplicates
    const coarse = await store.history({ channel: 'D1', startS: 0, endS: 100_000, size: 10 });
    expect(coarse.source).toBe('rollup');
    expect(Math.min(...coarse.value)).toBe(10);
    expect(Math.max(...coarse.value)).toBe(12);
    expect((await store.history({ channel: 'D2', startS: 0, endS: 100_000, size: 10 })).value).toEqual([5]);
    expect(await store.sampleSpan('D1')).toEqual({ count: 3, first: 7200, last: 7202 });
  });

  it('finds a duplicate of a time stored before a reopen, in the first batch after it', async () => {
    await store.appendSamples(
      ['E1'],
      columns([
        [100, 0, 1],
        [200, 0, 2],
      ]),
    );
    store = await impl.reopen(store);
    const back = await store.appendSamples(
      ['E1'],
      columns([
        [200, 0, 20],
        [300, 0, 3],
      ]),
    );
    expect({ stored: back.stored, duplicates: [...back.duplicates] }).toEqual({ stored: 1, duplicates: [0] });
    // a batch beginning after the latest stored time holds none
    const later = await store.appendSamples(['E1'], columns([[400, 0, 4]]));
    expect({ stored: later.stored, duplicates: [...later.duplicates] }).toEqual({
      stored: 1,
      duplicates: [],
    });
    const raw = await store.history({ channel: 'E1', startS: 0, endS: 500, size: 100 });
    expect(raw).toMatchObject({ time: [100, 200, 300, 400], value: [1, 2, 3, 4] });
  });

  it('reads the samples of a span back in time order, as columns of the channels asked for', async () => {
    await store.appendSamples(
      ['R1', 'R2'],
      columns([
        [5000.5, 1, 20.25],
        [5000, 0, 1e5],
        [5001, 1, -3],
        [5001, 0, 100_001.125],
        [5003, 0, 7],
      ]),
    );
    // a name never stored reads none; the columns index the list as given
    const read = await store.readSamples(['NEVER', 'R2', 'R1', 'P_DAY'], 5000, 5003);
    expect({
      time: [...read.time],
      channel: [...read.channel],
      value: [...read.value],
      length: read.length,
    }).toEqual({
      time: [5000, 5000.5, 5001, 5001],
      channel: [2, 1, 2, 1],
      value: [1e5, 20.25, 100_001.125, -3],
      length: 4,
    });
    // the day, an hour at a time, comes back whole and in order
    let count = 0;
    let last = -Infinity;
    let exact = true;
    for (let t = DAY_START; t < DAY_START + DAY; t += 3600) {
      const hour = await store.readSamples(['P_DAY'], t, t + 3600);
      for (let i = 0; i < hour.length; i++) {
        const time = hour.time[i] as number;
        exact &&= time > last && hour.value[i] === dayValue(time - DAY_START) && hour.channel[i] === 0;
        last = time;
      }
      count += hour.length;
    }
    expect(count).toBe(DAY);
    expect(exact).toBe(true);
    expect((await store.readSamples(['NEVER'], 0, 1e12)).length).toBe(0);
  });

  it('thins ten minutes of 1 Hz data to per-bucket min and max exactly', async () => {
    const startS = DAY_START + 39_700;
    const endS = startS + 600;
    const thinned = await store.history({ channel: 'P_DAY', startS, endS, size: 100 });
    expect(thinned.source).toBe('minmax');
    // independent reference: every bucket's extremes by brute force
    const expected: number[] = [];
    const width = 600 / 50;
    for (let b = 0; b < 50; b++) {
      const values: number[] = [];
      for (let t = startS; t <= endS; t++) {
        const k = Math.min(49, Math.floor((t - startS) / width));
        if (k === b) values.push(dayValue(t - DAY_START));
      }
      expected.push(Math.min(...values), Math.max(...values));
    }
    expect([...thinned.value].sort()).toEqual(expected.sort());
    expect(thinned.time.length).toBeLessThanOrEqual(100);
    expect(Math.max(...thinned.value)).toBe(102_000);
    for (let i = 1; i < thinned.time.length; i++)
      expect(thinned.time[i] as number).toBeGreaterThan(thinned.time[i - 1] as number);
  });

  it('thins a day to 2,000 points from the rollups, keeping the spike, the dip and the cycle', async () => {
    const thinned = await store.history({
      channel: 'P_DAY',
      startS: DAY_START,
      endS: DAY_START + DAY,
      size: 2000,
    });
    expect(thinned.source).toBe('rollup');
    expect(thinned.time.length).toBeLessThanOrEqual(2000);
    expect(thinned.time.length).toBeGreaterThan(1900);
    expect(Math.max(...thinned.value)).toBe(102_000);
    expect(Math.min(...thinned.value)).toBe(99_000);
    expect(thinned.time[thinned.value.indexOf(102_000)]).toBe(DAY_START + 40_000);
    expect(thinned.time[thinned.value.indexOf(99_000)]).toBe(DAY_START + 70_001);
    // every point is a sample that was stored
    for (let i = 0; i < thinned.time.length; i += 97)
      expect(thinned.value[i]).toBe(dayValue((thinned.time[i] as number) - DAY_START));
    // the cycle's extremes (other than the spike and dip) are within a bucket of the truth
    const cycle = thinned.value.filter((v) => v !== 102_000 && v !== 99_000);
    expect(Math.max(...cycle)).toBeCloseTo(101_050, 1);
    expect(Math.min(...cycle)).toBeCloseTo(100_950, 1);
  });

  it('keeps operator events, filtered by kind and time', async () => {
    const hatch = await store.addEvent({
      time: 1000,
      kind: 'hatch',
      author: 'op1',
      payload: { hatch: 'node1-pma1', state: 'closed' },
      recorded: 1001,
    });
    await store.addEvent({
      time: 2000,
      kind: 'note',
      author: 'op2',
      payload: { text: 'crew asleep' },
      recorded: 2002,
    });
    await store.addEvent({
      time: 3000,
      kind: 'search-observation',
      author: 'op1',
      payload: { module: 'zvezda-prk', panel: 'p1', found: false },
      recorded: 3001,
    });
    expect(hatch.id).toBeGreaterThan(0);
    const all = await store.listEvents();
    expect(all.map((e) => e.kind)).toEqual(['hatch', 'note', 'search-observation']);
    expect(all[0]).toEqual(hatch);
    expect((await store.listEvents({ kind: 'note' })).map((e) => e.payload)).toEqual([
      { text: 'crew asleep' },
    ]);
    expect((await store.listEvents({ startS: 1500, endS: 3000 })).map((e) => e.time)).toEqual([2000, 3000]);
    expect((await store.listEvents({ limit: 1 })).length).toBe(1);
  });

  it('keeps alarms and what operators did about them', async () => {
    const leak = await store.addAlarm({
      time: 5000,
      kind: 'leak',
      severity: 'WARNING',
      message: 'leak in zvezda',
      detail: { modules: ['zvezda-prk'], reserveTimeMin: 9000 },
    });
    const stale = await store.addAlarm({
      time: 6000,
      kind: 'stale-data',
      severity: 'WATCH',
      message: 'P_X silent',
      detail: { channel: 'P_X' },
    });
    expect(leak).toMatchObject({ kind: 'leak', acknowledgedAt: null, shelvedUntil: null });
    // raised again by a replayed feed: the one alarm
    const again = await store.addAlarm({
      time: 5000,
      kind: 'leak',
      severity: 'WARNING',
      message: 'leak in zvezda',
      detail: {},
    });
    expect(again).toEqual(leak);
    expect(leak.detail).toEqual({ modules: ['zvezda-prk'], reserveTimeMin: 9000 });
    expect((await store.listAlarms()).map((a) => a.id)).toEqual([stale.id, leak.id]);

    const acked = await store.acknowledgeAlarm(leak.id, 'op1', 5100, 'seen, crew informed');
    expect(acked).toMatchObject({ acknowledgedAt: 5100, acknowledgedBy: 'op1', note: 'seen, crew informed' });
    const shelved = await store.shelveAlarm(stale.id, 'op2', 9000);
    expect(shelved).toMatchObject({ shelvedUntil: 9000, shelvedBy: 'op2' });
    expect(await store.listAlarms({ activeAt: 8000 })).toEqual([]);
    expect((await store.listAlarms({ activeAt: 9500 })).map((a) => a.id)).toEqual([stale.id]);
    // acknowledged again (a second operator, later): the first acknowledgement stays
    expect(await store.acknowledgeAlarm(leak.id, 'op2', 5200, 'me too')).toEqual(acked);
    expect(await store.acknowledgeAlarm(leak.id, 'op2', 5200)).toEqual(acked);
    expect(await store.acknowledgeAlarm(999_999, 'op1', 1)).toBeNull();
    expect(await store.getAlarm(999_999)).toBeNull();
    expect(await store.getAlarm(leak.id)).toEqual(acked);
  });

  it('keeps an alarm the monitor withdrew, out of the active ones', async () => {
    const identity = { time: 15_000, kind: 'leak', message: 'leak in us-lab' };
    const leak = await store.addAlarm({ ...identity, severity: 'WARNING', detail: { modules: ['us-lab'] } });
    expect(leak).toMatchObject({
      withdrawnAt: null,
      withdrawnReason: null,
      clearedAt: null,
      clearedReason: null,
    });
    const active = async () => (await store.listAlarms({ activeAt: 16_000 })).map((a) => a.id);
    expect(await active()).toContain(leak.id);
    const withdrawn = await store.markAlarm(identity, 'withdrawn', 15_600, 'USLAB000054 drifted');
    expect(withdrawn).toEqual({ ...leak, withdrawnAt: 15_600, withdrawnReason: 'USLAB000054 drifted' });
    expect(await store.getAlarm(leak.id)).toEqual(withdrawn);
    expect(await active()).not.toContain(leak.id);
    expect((await store.listAlarms())[0]).toEqual(withdrawn);
    expect(
      await store.markAlarm({ ...identity, message: 'no such alarm' }, 'withdrawn', 15_600, 'x'),
    ).toBeNull();
  });

  it('keeps an alarm returned to normal active until acknowledged', async () => {
    const identity = { time: 20_000, kind: 'stale-data', message: 'PPN2_LAB has sent nothing' };
    const stale = await store.addAlarm({ ...identity, severity: 'WATCH', detail: { channel: 'PPN2_LAB' } });
    const cleared = await store.markAlarm(identity, 'cleared', 21_000, 'PPN2_LAB reports again');
    expect(cleared).toEqual({ ...stale, clearedAt: 21_000, clearedReason: 'PPN2_LAB reports again' });
    expect(await store.getAlarm(stale.id)).toEqual(cleared);
    const active = async () => (await store.listAlarms({ activeAt: 22_000 })).map((a) => a.id);
    expect(await active()).toContain(stale.id);
    await store.acknowledgeAlarm(stale.id, 'op1', 21_500);
    expect(await active()).not.toContain(stale.id);
    expect(await store.markAlarm({ ...identity, time: 1 }, 'cleared', 21_000, 'x')).toBeNull();
  });

  it("keeps a standing alarm's latest reading beside what it was raised with", async () => {
    const identity = { time: 30_000, kind: 'rapid-depress', message: 'rapid depressurisation of columbus' };
    const raised = await store.addAlarm({
      ...identity,
      severity: 'CRITICAL',
      detail: { modules: ['columbus'], reserveTimeMin: 42.2, t1mmS: 9.6 },
    });
    const first = { time: 30_600, message: 'now 31.6 min', reserveTimeMin: 31.6, t1mmS: 10.4, updates: 1 };
    expect(await store.updateAlarmReading(identity, first)).toEqual({
      ...raised,
      detail: { ...raised.detail, latest: first },
    });
    // a later reading replaces the earlier, and acknowledging keeps it
    await store.acknowledgeAlarm(raised.id, 'op1', 30_700);
    const second = { ...first, time: 31_000, reserveTimeMin: 23.7, updates: 2 };
    const updated = await store.updateAlarmReading(identity, second);
    expect(updated?.detail).toEqual({
      modules: ['columbus'],
      reserveTimeMin: 42.2,
      t1mmS: 9.6,
      latest: second,
    });
    expect(updated).toMatchObject({
      acknowledgedAt: 30_700,
      severity: 'CRITICAL',
      message: identity.message,
    });
    expect(await store.getAlarm(raised.id)).toEqual(updated);
    expect(await store.updateAlarmReading({ ...identity, time: 1 }, second)).toBeNull();
  });

  it('returns the newest analysis of each kind', async () => {
    expect(await store.latestAnalysis('leak-state')).toBeNull();
    await store.saveAnalysis('leak-state', 10, { rate: 0.5 });
    const second = await store.saveAnalysis('leak-state', 20, { rate: 0.6, groups: [['a', 'b']] });
    await store.saveAnalysis('other', 30, { x: 1 });
    expect(await store.latestAnalysis('leak-state')).toEqual(second);
  });

  it('keeps the newest ANALYSES_KEPT of each kind', async () => {
    const saved: AnalysisRecord[] = [];
    for (let i = 0; i < ANALYSES_KEPT + 5; i++) saved.push(await store.saveAnalysis('kept', 100 + i, { i }));
    const kept = await store.recentAnalyses('kept', 1000);
    expect(kept).toEqual(saved.slice(5).reverse());
    expect(await store.recentAnalyses('kept', 3)).toEqual(saved.slice(-3).reverse());
    // another kind's are not touched
    expect((await store.recentAnalyses('other', 1000)).map((a) => a.payload)).toEqual([{ x: 1 }]);
  });
});
