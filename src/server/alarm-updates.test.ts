// Alarms the monitor changes after raising them reach the store and the consoles as updates of the
// alarm they already hold: a leak alarm taken back (raised while an analyser drifted, withdrawn once
// the analyser is named faulty and the leak no longer shows without it) is stored withdrawn, out of
// the active alarms; a stale-data alarm whose channel reports again is stored returned to normal,
// still active until acknowledged, as is a rapid-depress alarm whose fall is over.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caseScenario } from '../../bench/cases.js';
import { copyColumns, simulatedBatches } from '../../test/scenario.js';
import { loadScenario } from '../config/index.js';
import { SqliteStore, type StoredAlarm } from '../store/index.js';
import { type LiveMessage, Pipeline } from './pipeline.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-alarm-updates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the scenario through a pipeline on a new SQLite store in batches of `everyS`; what it stored and told. */
async function throughPipeline(scenario: ReturnType<typeof caseScenario>, file: string, everyS: number) {
  const store = new SqliteStore(join(dir, file));
  const pipeline = new Pipeline(scenario.station, store);
  const told: Extract<LiveMessage, { type: 'alarm' | 'alarm-update' }>[] = [];
  pipeline.subscribe((m) => {
    if (m.type === 'alarm' || m.type === 'alarm-update') told.push(m);
  });
  try {
    for (const batch of simulatedBatches(scenario, everyS))
      await pipeline.ingest(copyColumns(batch), 'telemetry');
    await pipeline.settled();
    await pipeline.close();
    return { store, told };
  } catch (error) {
    await pipeline.close();
    await store.close();
    throw error;
  }
}

describe('alarm updates in the console', () => {
  it('stores a withdrawn alarm withdrawn and broadcasts the change', async () => {
    // the US Lab's ppN2 analyser drifting −3 mmHg/day from hour 26 (src/monitor/sensor-drift.test.ts)
    const scenario = caseScenario({
      seed: 5,
      hours: 40,
      operations: true,
      events: ['{ at_h: 26, sensor: USLAB000054, fault: { kind: drift, per_day: -3 } }'],
    });
    const { store, told } = await throughPipeline(scenario, 'withdrawn.db', 3600);
    try {
      const alarms = await store.listAlarms();
      const leak = alarms.filter((a) => a.kind === 'leak');
      expect(leak.length).toBeGreaterThan(0);
      for (const a of leak) {
        expect(a.withdrawnReason).toMatch(/^USLAB000054 drifted/);
        expect(a.withdrawnAt).toBeGreaterThan(a.time);
      }
      expect(alarms.map((a) => a.kind)).toContain('sensor-fault');
      expect(
        (await store.listAlarms({ activeAt: Date.now() / 1000 })).filter((a) => a.kind === 'leak'),
      ).toEqual([]);
      // the consoles were told of the alarm, then of its withdrawal
      const updates = told.flatMap((m) => (m.type === 'alarm-update' ? [m.alarm as StoredAlarm] : []));
      expect(updates.map((a) => a.id).sort()).toEqual(leak.map((a) => a.id).sort());
      expect(told.findIndex((m) => m.type === 'alarm-update')).toBeGreaterThan(
        told.findIndex((m) => m.type === 'alarm' && m.alarm.kind === 'leak'),
      );
    } finally {
      await store.close();
    }
  }, 120_000);

  it('stores a stale-data alarm returned to normal, still active, and broadcasts the change', async () => {
    const scenario = caseScenario({
      seed: 51,
      hours: 4,
      events: ['{ at_h: 1, sensor: USLAB000054, fault: { kind: dropout, duration_h: 1 } }'],
    });
    const { store, told } = await throughPipeline(scenario, 'cleared.db', 1800);
    try {
      const stale = (await store.listAlarms()).filter((a) => a.kind === 'stale-data');
      expect(stale.map((a) => a.detail.channel)).toEqual(['USLAB000054']);
      const [alarm] = stale as [StoredAlarm];
      expect(alarm.clearedReason).toMatch(/^USLAB000054 changes again from /);
      expect(alarm.clearedAt! - alarm.time).toBeGreaterThan(0);
      expect(alarm.clearedAt! - alarm.time).toBeLessThan(3600);
      expect(alarm.withdrawnAt).toBeNull();
      // returned to normal, it still asks to be acknowledged
      expect((await store.listAlarms({ activeAt: Date.now() / 1000 })).map((a) => a.id)).toContain(alarm.id);
      const kinds = told
        .filter((m) => m.alarm.id === alarm.id)
        .map((m) => [m.type, m.alarm.clearedAt !== null]);
      expect(kinds).toEqual([
        ['alarm', false],
        ['alarm-update', true],
      ]);
    } finally {
      await store.close();
    }
  }, 120_000);

  it("stores a rapid fall's later readings on its standing alarm and broadcasts each", async () => {
    // mmod-10mm: a 10 mm hole in Columbus at 12:30, Columbus closed off at 12:45
    const { store, told } = await throughPipeline(loadScenario('mmod-10mm'), 'rapid.db', 600);
    try {
      const columbus = (await store.listAlarms())
        .filter((a) => a.kind === 'rapid-depress' && (a.detail.modules as string[]).join() === 'columbus')
        .reverse();
      expect(columbus.map((a) => a.severity)).toEqual(['CRITICAL', 'SEVERE']);
      for (const alarm of columbus) {
        const latest = alarm.detail.latest as { time: number; reserveTimeMin: number; updates: number };
        expect(latest.time).toBeGreaterThan(alarm.time);
        expect(latest.reserveTimeMin).toBeLessThan(alarm.detail.reserveTimeMin as number);
        // the alarm as raised is kept beside it, and stays what the operator acknowledges
        expect(alarm.message).toMatch(/^rapid depressurisation of columbus: /);
        const updates = told.filter((m) => m.type === 'alarm-update' && m.alarm.id === alarm.id);
        // told at most once per batch of 10 minutes, the last time with what was stored
        expect(updates.length).toBeGreaterThan(0);
        expect(updates.length).toBeLessThanOrEqual(latest.updates);
        // (told with its time in UTC beside it, as the API shows it)
        expect(updates.at(-1)?.alarm.detail.latest).toEqual({
          ...latest,
          timeUtc: new Date(latest.time * 1000).toISOString(),
        });
        expect(alarm.clearedAt).toBeNull();
      }
      // the station's alarm, raised before the closure, returned to normal once the rest stopped
      // falling behind the closed hatch: still active until acknowledged, and every console told
      const station = (await store.listAlarms()).find(
        (a) => a.kind === 'rapid-depress' && (a.detail.modules as string[]).length > 1,
      );
      expect(station?.clearedReason).toMatch(
        /^hatches changed at 12:45:00Z; .* columbus's fall alarmed on its own/,
      );
      expect((await store.listAlarms({ activeAt: Date.now() / 1000 })).map((a) => a.id)).toContain(
        station?.id,
      );
      expect(
        told.some(
          (m) => m.type === 'alarm-update' && m.alarm.id === station?.id && m.alarm.clearedAt !== null,
        ),
      ).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);
});
