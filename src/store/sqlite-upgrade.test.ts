// A database written before the alarms could be withdrawn (schema version 1) opens, is migrated to
// the current schema, and keeps what it held.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a version-1 SQLite database', () => {
  it('is migrated to the current schema with its alarms kept', async () => {
    const file = join(dir, 'v1.db');
    const db = new Database(file);
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    db.exec((MIGRATIONS[0] as (typeof MIGRATIONS)[number]).sqlite);
    db.prepare("INSERT INTO schema_migrations VALUES (1, 'v1', '2026-01-01T00:00:00Z')").run();
    db.prepare(
      "INSERT INTO alarms (time, kind, severity, message, detail, acknowledged_at, acknowledged_by) VALUES (100, 'leak', 'WATCH', 'old', '{}', 200, 'op1')",
    ).run();
    db.close();

    const store = new SqliteStore(file);
    expect(await store.migrations()).toEqual(MIGRATIONS.map((m) => m.version));
    const [old] = await store.listAlarms();
    expect(old).toMatchObject({
      message: 'old',
      acknowledgedBy: 'op1',
      withdrawnAt: null,
      withdrawnReason: null,
    });
    expect(
      await store.withdrawAlarm({ time: 100, kind: 'leak', message: 'old' }, 300, 'a drifting sensor'),
    ).toMatchObject({ withdrawnAt: 300, withdrawnReason: 'a drifting sensor' });
    await store.close();
  });
});
