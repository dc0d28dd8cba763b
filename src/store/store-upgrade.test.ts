// A database written before the alarms could be withdrawn or return to normal (schema version 1), SQLite or
// PostgreSQL, opens, is migrated to the current schema, and keeps what it held.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.js';
import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PG_URL = process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432/test';
const V1 = MIGRATIONS[0] as (typeof MIGRATIONS)[number];
const OLD_ALARM =
  "INSERT INTO alarms (time, kind, severity, message, detail, acknowledged_at, acknowledged_by) VALUES (100, 'leak', 'WATCH', 'old', '{}', 200, 'op1')";

/** What a version-1 database must hold after the upgrade, and that the new columns work. */
async function expectUpgraded(store: Store): Promise<void> {
  expect(await store.migrations()).toEqual(MIGRATIONS.map((m) => m.version));
  const [old] = await store.listAlarms();
  expect(old).toMatchObject({
    message: 'old',
    acknowledgedBy: 'op1',
    withdrawnAt: null,
    withdrawnReason: null,
    clearedAt: null,
    clearedReason: null,
  });
  const identity = { time: 100, kind: 'leak', message: 'old' };
  expect(await store.markAlarm(identity, 'withdrawn', 300, 'a drifting sensor')).toMatchObject({
    withdrawnAt: 300,
    withdrawnReason: 'a drifting sensor',
  });
  expect(await store.markAlarm(identity, 'cleared', 400, 'back')).toMatchObject({
    clearedAt: 400,
    clearedReason: 'back',
  });
}

describe('a version-1 database', () => {
  it('SQLite: is migrated to the current schema with its alarms kept', async () => {
    const file = join(dir, 'v1.db');
    const db = new Database(file);
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    db.exec(V1.sqlite);
    db.prepare("INSERT INTO schema_migrations VALUES (1, 'v1', '2026-01-01T00:00:00Z')").run();
    db.prepare(OLD_ALARM).run();
    db.close();
    const store = new SqliteStore(file);
    try {
      await expectUpgraded(store);
    } finally {
      await store.close();
    }
  });

  it('PostgreSQL: is migrated to the current schema with its alarms kept', async () => {
    const schema = `airtight_upgrade_${process.pid}_${Date.now().toString(36)}`;
    const url = new URL(PG_URL);
    if (url.username === '') url.username = process.env.PGUSER ?? userInfo().username;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
      await client.query(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      await client.query(V1.postgres);
      await client.query("INSERT INTO schema_migrations (version, name) VALUES (1, 'v1')");
      await client.query(OLD_ALARM);
    } finally {
      await client.end();
    }
    const store = await PostgresStore.open(PG_URL, { schema });
    try {
      await expectUpgraded(store);
    } finally {
      await store.dropSchemaAndClose(schema);
    }
  });
});
