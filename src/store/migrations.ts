/**
 * Versioned schema migrations, one SQL text per dialect. A store applies, in order and each in its
 * own transaction, every version its `schema_migrations` table does not list yet. Never edit a
 * released migration: add the next version.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

/** Width of the telemetry rollups [s]. */
export const ROLLUP_S = 60;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'telemetry, rollups, events, alarms, analyses',
    sqlite: `
      CREATE TABLE channels (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
      CREATE TABLE samples (channel INTEGER NOT NULL, t REAL NOT NULL, v REAL NOT NULL,
        PRIMARY KEY (channel, t)) WITHOUT ROWID;
      CREATE TABLE rollups (
        channel INTEGER NOT NULL, bucket REAL NOT NULL, n INTEGER NOT NULL, vsum REAL NOT NULL,
        vmin REAL NOT NULL, tmin REAL NOT NULL, vmax REAL NOT NULL, tmax REAL NOT NULL,
        PRIMARY KEY (channel, bucket)) WITHOUT ROWID;
      CREATE TABLE events (id INTEGER PRIMARY KEY, time REAL NOT NULL, kind TEXT NOT NULL,
        author TEXT NOT NULL, payload TEXT NOT NULL, recorded REAL NOT NULL);
      CREATE INDEX events_time ON events (time);
      CREATE TABLE alarms (id INTEGER PRIMARY KEY, time REAL NOT NULL, kind TEXT NOT NULL,
        severity TEXT NOT NULL, message TEXT NOT NULL, detail TEXT NOT NULL,
        acknowledged_at REAL, acknowledged_by TEXT, note TEXT, shelved_until REAL, shelved_by TEXT);
      CREATE UNIQUE INDEX alarms_identity ON alarms (time, kind, message);
      CREATE TABLE analyses (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, time REAL NOT NULL,
        payload TEXT NOT NULL);
      CREATE INDEX analyses_kind ON analyses (kind, id);`,
    postgres: `
      CREATE TABLE channels (id SERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE);
      CREATE TABLE samples (channel INTEGER NOT NULL, t DOUBLE PRECISION NOT NULL,
        v DOUBLE PRECISION NOT NULL, PRIMARY KEY (channel, t));
      CREATE TABLE rollups (
        channel INTEGER NOT NULL, bucket DOUBLE PRECISION NOT NULL, n INTEGER NOT NULL,
        vsum DOUBLE PRECISION NOT NULL, vmin DOUBLE PRECISION NOT NULL, tmin DOUBLE PRECISION NOT NULL,
        vmax DOUBLE PRECISION NOT NULL, tmax DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (channel, bucket));
      CREATE TABLE events (id BIGSERIAL PRIMARY KEY, time DOUBLE PRECISION NOT NULL, kind TEXT NOT NULL,
        author TEXT NOT NULL, payload JSONB NOT NULL, recorded DOUBLE PRECISION NOT NULL);
      CREATE INDEX events_time ON events (time);
      CREATE TABLE alarms (id BIGSERIAL PRIMARY KEY, time DOUBLE PRECISION NOT NULL, kind TEXT NOT NULL,
        severity TEXT NOT NULL, message TEXT NOT NULL, detail JSONB NOT NULL,
        acknowledged_at DOUBLE PRECISION, acknowledged_by TEXT, note TEXT,
        shelved_until DOUBLE PRECISION, shelved_by TEXT);
      CREATE UNIQUE INDEX alarms_identity ON alarms (time, kind, message);
      CREATE TABLE analyses (id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, time DOUBLE PRECISION NOT NULL,
        payload JSONB NOT NULL);
      CREATE INDEX analyses_kind ON analyses (kind, id);`,
  },
  {
    version: 2,
    name: 'alarms withdrawn by the monitor',
    sqlite: `
      ALTER TABLE alarms ADD COLUMN withdrawn_at REAL;
      ALTER TABLE alarms ADD COLUMN withdrawn_reason TEXT;`,
    postgres: `
      ALTER TABLE alarms ADD COLUMN withdrawn_at DOUBLE PRECISION, ADD COLUMN withdrawn_reason TEXT;`,
  },
  {
    version: 3,
    name: 'alarms returned to normal',
    sqlite: `
      ALTER TABLE alarms ADD COLUMN cleared_at REAL;
      ALTER TABLE alarms ADD COLUMN cleared_reason TEXT;`,
    postgres: `
      ALTER TABLE alarms ADD COLUMN cleared_at DOUBLE PRECISION, ADD COLUMN cleared_reason TEXT;`,
  },
];
