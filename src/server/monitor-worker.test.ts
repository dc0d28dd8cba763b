// The pipeline's monitor in its worker thread (started from the TypeScript sources here): it
// reaches the same leak state and alarms as the monitor run inline on the same batches, reports
// how far it is behind, and holds ingest back (wait, or 503 with Retry-After) when it is.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import {
  copyColumns,
  HAB_AND_LOCK_YAML,
  scenarioFromYaml,
  simulatedBatches,
  stationFromYaml,
} from '../../test/scenario.js';
import { analysisSoFar, buildReport, createMonitor, monitorBatch } from '../monitor/index.js';
import { type SampleColumns, SqliteStore } from '../store/index.js';
import { type LeakState, leakState } from './leak-state.js';
import { Pipeline } from './pipeline.js';
import { REFUSALS_EVERY_MS, refusalsOf } from './refusals.js';
import { installErrorHandler } from './request-errors.js';

const station = stationFromYaml(HAB_AND_LOCK_YAML, 'worker-station');

/** 12 h of telemetry with a leak in the lock from 1 h, in SI, as batches of ~30 min. */
function leakBatches(): SampleColumns[] {
  const scenario = scenarioFromYaml(
    `
station: inline
start: 2027-03-01T00:00:00Z
duration_h: 12
step_s: 10
seed: 3
events:
  - { at_h: 1, leak: { id: L1, module: lock, law: orifice, cd: 0.6, diameter_mm: 4 } }
`,
    station,
  );
  return simulatedBatches(scenario, 180);
}

const dir = mkdtempSync(join(tmpdir(), 'airtight-monitor-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the monitor in its worker thread', () => {
  it('reaches the leak state and alarms of the monitor run inline on the same batches', async () => {
    const batches = leakBatches();
    const inline = createMonitor(station);
    for (const batch of batches) monitorBatch(inline, batch);
    expect(inline.alarms.length).toBeGreaterThan(0);

    const store = new SqliteStore(join(dir, 'same.db'));
    const pipeline = new Pipeline(station, store);
    try {
      // all posted without waiting: each is acknowledged once stored, the monitor follows
      const accepted = await Promise.all(batches.map((b) => pipeline.ingest(copyColumns(b), 'telemetry')));
      expect(accepted.reduce((a, b) => a + b.stored, 0)).toBe(inline.samples + inline.rejected);
      await pipeline.settled();
      expect(pipeline.status()).toMatchObject({
        samples: inline.samples,
        lagSamples: 0,
        lagS: 0,
        error: null,
      });
      expect(await pipeline.currentLeakState()).toEqual(
        leakState(inline, 'telemetry', refusalsOf(buildReport(analysisSoFar(inline)))),
      );
      const { analysis, report } = await pipeline.snapshot();
      expect(report.leak.rateKgPerDay).not.toBeNull();
      expect(analysis.segments.length).toBeGreaterThan(0);
      await pipeline.close();
      const stored = (await store.listAlarms()).map((a) => [a.time, a.kind, a.message]).sort();
      expect(stored).toEqual(inline.alarms.map((a) => [a.time, a.kind, a.message]).sort());
    } finally {
      await pipeline.close();
      await store.close();
    }
  });

  it('broadcasts the refusals of earlier data for at most REFUSALS_EVERY_MS, then those of the last', async () => {
    const batches = leakBatches();
    const inline = createMonitor(station);
    for (const batch of batches) monitorBatch(inline, batch);
    const exact = refusalsOf(buildReport(analysisSoFar(inline)));
    expect(exact.plan).toBeNull();
    const store = new SqliteStore(join(dir, 'refusals.db'));
    const pipeline = new Pipeline(station, store);
    const states: LeakState[] = [];
    pipeline.subscribe((message) => {
      if (message.type === 'leak') states.push(message.state);
    });
    const until = async (done: () => boolean, ms: number) => {
      for (const start = Date.now(); !done() && Date.now() - start < ms; )
        await new Promise((resolve) => setTimeout(resolve, 20));
    };
    try {
      // the first hour (the leak begins at its end): nothing to localize, read at the first state
      for (const batch of batches.slice(0, 2)) await pipeline.ingest(copyColumns(batch), 'telemetry');
      await pipeline.settled();
      await until(() => states.length > 0, 5000);
      expect(states[0]?.refusals.plan).toContain('no leak to localize');
      const shown = states.length;
      // the other 11 h at once: the states broadcast soon after that read carry it still ...
      for (const batch of batches.slice(2)) await pipeline.ingest(copyColumns(batch), 'telemetry');
      await pipeline.settled();
      await until(() => states.length > shown && states.at(-1)?.samples === inline.samples, 5000);
      expect(states.at(-1)?.refusals).toEqual(states[0]?.refusals);
      // ... and one follows with the last data's, though no data came since
      await until(() => states.at(-1)?.refusals.plan === null, REFUSALS_EVERY_MS + 3000);
      expect(states.at(-1)?.refusals).toEqual(exact);
      expect(states.at(-1)?.samples).toBe(inline.samples);
    } finally {
      await pipeline.close();
      await store.close();
    }
  }, 30_000);

  it('stores a batch only when the monitor is at most the backlog behind (waiting for it)', async () => {
    const batches = leakBatches().slice(0, 6);
    const store = new SqliteStore(join(dir, 'wait.db'));
    const pipeline = new Pipeline(station, store, { backlogSamples: 0, waitMs: 60_000 });
    try {
      const lags: number[] = [];
      await Promise.all(
        batches.map((b) =>
          pipeline.ingest(copyColumns(b), 'telemetry').then(() => lags.push(pipeline.status().lagSamples)),
        ),
      );
      // with no backlog allowed, each batch was stored after the monitor had taken the one before
      expect(Math.max(...lags)).toBeLessThanOrEqual(Math.max(...batches.map((b) => b.length)));
      await pipeline.settled();
      expect(pipeline.status().samples).toBeGreaterThan(0);
      expect((await store.sampleSpan()).count).toBe(batches.reduce((n, b) => n + b.length, 0));
    } finally {
      await pipeline.close();
      await store.close();
    }
  });

  it('refuses a batch unstored with 503 and Retry-After when the monitor stays behind', async () => {
    const [first, second] = leakBatches() as [SampleColumns, SampleColumns];
    const store = new SqliteStore(join(dir, 'refuse.db'));
    const pipeline = new Pipeline(station, store, { backlogSamples: 0, waitMs: 0 });
    // a route that takes two batches at once: the second arrives while the monitor has the first
    const app = Fastify();
    installErrorHandler(app);
    app.post('/ingest-two', async () => {
      const a = pipeline.ingest(copyColumns(first), 'telemetry');
      const b = pipeline.ingest(copyColumns(second), 'telemetry');
      return { accepted: (await a).stored + (await b).stored };
    });
    app.post('/ingest-second', async () => ({
      accepted: (await pipeline.ingest(copyColumns(second), 'telemetry')).stored,
    }));
    try {
      const refused = await app.inject({ method: 'POST', url: '/ingest-two' });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('2');
      expect(refused.json().error).toContain(`${first.length} samples behind`);
      expect((await store.sampleSpan()).count).toBe(first.length);
      await pipeline.settled();
      const retry = await app.inject({ method: 'POST', url: '/ingest-second' });
      expect(retry.statusCode).toBe(200);
      expect((await store.sampleSpan()).count).toBe(first.length + second.length);
      // a monitor that is not running takes nothing: 503, nothing stored
      await pipeline.close();
      const closed = await app.inject({ method: 'POST', url: '/ingest-second' });
      expect(closed.statusCode).toBe(503);
      expect(closed.json().error).toContain('not running');
    } finally {
      await app.close();
      await pipeline.close();
      await store.close();
    }
  });
});
