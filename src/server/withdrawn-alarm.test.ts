// A leak alarm the monitor takes back (raised while an analyser drifted, withdrawn once the
// analyser is named faulty and the leak no longer shows without it) is stored withdrawn, out of the
// active alarms, and broadcast to the consoles as an update of the alarm they already hold.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caseScenario } from '../../bench/cases.js';
import { copyColumns, simulatedBatches } from '../../test/scenario.js';
import { SqliteStore, type StoredAlarm } from '../store/index.js';
import { type LiveMessage, Pipeline } from './pipeline.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-withdrawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a withdrawn alarm in the console', () => {
  it('is stored withdrawn and broadcast as an update', async () => {
    // the US Lab's ppN2 analyser drifting −3 mmHg/day from hour 26 (src/monitor/sensor-drift.test.ts)
    const scenario = caseScenario({
      seed: 5,
      hours: 40,
      operations: true,
      events: ['{ at_h: 26, sensor: USLAB000054, fault: { kind: drift, per_day: -3 } }'],
    });
    const store = new SqliteStore(join(dir, 'console.db'));
    const pipeline = new Pipeline(scenario.station, store);
    const told: LiveMessage[] = [];
    pipeline.subscribe((m) => {
      if (m.type === 'alarm' || m.type === 'alarm-update') told.push(m);
    });
    try {
      for (const batch of simulatedBatches(scenario, 3600))
        await pipeline.ingest(copyColumns(batch), 'telemetry');
      await pipeline.settled();
      await pipeline.close();
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
      await pipeline.close();
      await store.close();
    }
  }, 120_000);
});
