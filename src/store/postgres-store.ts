/**
 * The PostgreSQL store (`DATABASE_URL=postgres://…`), through a `pg` pool. Every write is one
 * transaction committed with PostgreSQL's default synchronous_commit, so an acknowledged write is
 * in the server's WAL on disk. `schema` keeps a store in its own namespace (tests use one per run).
 */
import { userInfo } from 'node:os';
import pg from 'pg';
import { channelSpans, splitDuplicates } from './fresh-samples.js';
import { readHistory } from './history.js';
import { MIGRATIONS } from './migrations.js';
import { rollUp } from './rollup.js';
import { alarmFromRow, columnsFromRows, eventFromRow, indexOfKnownIds, type Row } from './rows.js';
import type {
  AlarmMark,
  AlarmQuery,
  AnalysisRecord,
  AppendedSamples,
  EventQuery,
  HistoryQuery,
  NewAlarm,
  NewEvent,
  OperatorEvent,
  SampleColumns,
  SampleSpan,
  Store,
  StoredAlarm,
  ThinnedSeries,
} from './types.js';
import { ANALYSES_KEPT } from './types.js';

export interface PostgresOptions {
  /** Schema to keep the tables in (created when missing); default `public`. */
  schema?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private readonly channelIds = new Map<string, number>();
  private readonly latestS = new Map<number, number>();

  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema))
      throw new Error(`PostgreSQL schema name '${schema}' is not a plain identifier`);
    const pool = new pg.Pool({
      connectionString: withUser(url),
      options: `-c search_path=${schema}`,
      max: 4,
    });
    const store = new PostgresStore(pool);
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await store.migrate();
      for (const row of (await pool.query('SELECT id, name FROM channels')).rows as Row[])
        store.channelIds.set(String(row.name), Number(row.id));
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  private async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      // one migrator at a time, even with several servers on one database
      await client.query('SELECT pg_advisory_xact_lock(7007)');
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const applied = new Set(
        ((await client.query('SELECT version FROM schema_migrations')).rows as Row[]).map((r) =>
          Number(r.version),
        ),
      );
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await client.query(m.postgres);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
      }
    });
  }

  async migrations(): Promise<number[]> {
    const { rows } = await this.pool.query('SELECT version FROM schema_migrations ORDER BY version');
    return (rows as Row[]).map((r) => Number(r.version));
  }

  private async channelIdsFor(client: pg.PoolClient, channels: readonly string[]): Promise<number[]> {
    const missing = channels.filter((c) => !this.channelIds.has(c));
    if (missing.length > 0) {
      await client.query(
        'INSERT INTO channels (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING',
        [missing],
      );
      const { rows } = await client.query('SELECT id, name FROM channels WHERE name = ANY($1::text[])', [
        missing,
      ]);
      for (const row of rows as Row[]) this.channelIds.set(String(row.name), Number(row.id));
    }
    return channels.map((c) => this.channelIds.get(c) as number);
  }

  async appendSamples(channels: readonly string[], batch: SampleColumns): Promise<AppendedSamples> {
    if (batch.length === 0) return { stored: 0, duplicates: new Uint32Array(0) };
    return this.transaction(async (client) => {
      const ids = await this.channelIdsFor(client, channels);
      const all = channelSpans(batch, channels.length);
      // a channel's span that begins after its latest stored time holds no duplicate to look for
      const latest = await this.latestOf(
        client,
        all.map((w) => ids[w.channel] as number),
      );
      const spans = all.filter((w) => !(w.startS > (latest.get(ids[w.channel] as number) as number)));
      const { rows: storedRows } = await client.query({
        text: `SELECT s.channel, s.t FROM samples s
               JOIN unnest($1::int[], $2::float8[], $3::float8[]) AS w(channel, lo, hi)
               ON s.channel = w.channel AND s.t >= w.lo AND s.t <= w.hi`,
        values: [spans.map((w) => ids[w.channel]), spans.map((w) => w.startS), spans.map((w) => w.endS)],
        rowMode: 'array',
      });
      const indexOfId = new Map(ids.map((id, k) => [id, k]));
      const stored = new Array<Set<number> | undefined>(channels.length);
      for (const [id, t] of storedRows as [number, number][]) {
        const k = indexOfId.get(Number(id)) as number;
        const times = stored[k] ?? new Set<number>();
        times.add(Number(t));
        stored[k] = times;
      }
      const { fresh, duplicates } = splitDuplicates(batch, stored);
      const n = fresh.length;
      const channel = new Array<number>(n);
      for (let i = 0; i < n; i++) channel[i] = ids[fresh.channel[i] as number] as number;
      await client.query(
        'INSERT INTO samples (channel, t, v) SELECT * FROM unnest($1::int[], $2::float8[], $3::float8[]) ON CONFLICT DO NOTHING',
        [channel, Array.from(fresh.time.subarray(0, n)), Array.from(fresh.value.subarray(0, n))],
      );
      const r = rollUp(fresh, ids);
      await client.query(
        `INSERT INTO rollups (channel, bucket, n, vsum, vmin, tmin, vmax, tmax)
         SELECT * FROM unnest($1::int[], $2::float8[], $3::int[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[])
         ON CONFLICT (channel, bucket) DO UPDATE SET
           n = rollups.n + excluded.n, vsum = rollups.vsum + excluded.vsum,
           tmin = CASE WHEN excluded.vmin < rollups.vmin THEN excluded.tmin ELSE rollups.tmin END,
           vmin = LEAST(rollups.vmin, excluded.vmin),
           tmax = CASE WHEN excluded.vmax > rollups.vmax THEN excluded.tmax ELSE rollups.tmax END,
           vmax = GREATEST(rollups.vmax, excluded.vmax)`,
        [
          r.map((x) => x.channel),
          r.map((x) => x.bucket),
          r.map((x) => x.n),
          r.map((x) => x.vsum),
          r.map((x) => x.vmin),
          r.map((x) => x.tmin),
          r.map((x) => x.vmax),
          r.map((x) => x.tmax),
        ],
      );
      for (const w of all) {
        const id = ids[w.channel] as number;
        this.latestS.set(id, Math.max(latest.get(id) as number, w.endS));
      }
      return { stored: n, duplicates };
    });
  }

  /**
   * Each channel's latest stored time [epoch s] (by id), read once per channel and kept as batches
   * are stored (one server writes to a store); −∞ for none.
   */
  private async latestOf(client: pg.PoolClient, ids: readonly number[]): Promise<Map<number, number>> {
    const unknown = ids.filter((id) => !this.latestS.has(id));
    if (unknown.length > 0) {
      const { rows } = await client.query({
        text: 'SELECT c, (SELECT MAX(t) FROM samples WHERE channel = c) FROM unnest($1::int[]) AS c',
        values: [unknown],
        rowMode: 'array',
      });
      for (const [id, t] of rows as [number, number | null][])
        this.latestS.set(Number(id), t === null ? Number.NEGATIVE_INFINITY : Number(t));
    }
    return new Map(ids.map((id) => [id, this.latestS.get(id) as number]));
  }

  history(query: HistoryQuery): Promise<ThinnedSeries> {
    return readHistory(
      {
        samples: async (id, startS, endS) =>
          (
            await this.pool.query({
              text: 'SELECT t, v FROM samples WHERE channel = $1 AND t >= $2 AND t <= $3 ORDER BY t',
              values: [id, startS, endS],
              rowMode: 'array',
            })
          ).rows as [number, number][],
        rollups: async (id, fromBucket, endS) =>
          (
            await this.pool.query({
              text: 'SELECT tmin, vmin, tmax, vmax FROM rollups WHERE channel = $1 AND bucket >= $2 AND bucket <= $3 ORDER BY bucket',
              values: [id, fromBucket, endS],
              rowMode: 'array',
            })
          ).rows as [number, number, number, number][],
      },
      this.channelIds.get(query.channel),
      query,
    );
  }

  async readSamples(channels: readonly string[], startS: number, endS: number): Promise<SampleColumns> {
    const indexOf = indexOfKnownIds(channels, this.channelIds);
    if (indexOf.size === 0) return columnsFromRows([], indexOf);
    const { rows } = await this.pool.query({
      text: 'SELECT channel, t, v FROM samples WHERE channel = ANY($1::int[]) AND t >= $2 AND t < $3 ORDER BY t, channel',
      values: [[...indexOf.keys()], startS, endS],
      rowMode: 'array',
    });
    return columnsFromRows(rows as [number, number, number][], indexOf);
  }

  async sampleSpan(channel?: string): Promise<SampleSpan> {
    let row: Row;
    if (channel === undefined)
      row = (await this.pool.query('SELECT count(*) c, min(t) a, max(t) b FROM samples')).rows[0] as Row;
    else {
      const id = this.channelIds.get(channel);
      if (id === undefined) return { count: 0, first: null, last: null };
      row = (
        await this.pool.query('SELECT count(*) c, min(t) a, max(t) b FROM samples WHERE channel = $1', [id])
      ).rows[0] as Row;
    }
    return {
      count: Number(row.c),
      first: row.a === null ? null : Number(row.a),
      last: row.b === null ? null : Number(row.b),
    };
  }

  async addEvent(event: NewEvent): Promise<OperatorEvent> {
    const { rows } = await this.pool.query(
      'INSERT INTO events (time, kind, author, payload, recorded) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [event.time, event.kind, event.author, JSON.stringify(event.payload), event.recorded],
    );
    return { id: Number((rows[0] as Row).id), ...event };
  }

  async listEvents(query: EventQuery = {}): Promise<OperatorEvent[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM events WHERE ($1::text IS NULL OR kind = $1) AND ($2::float8 IS NULL OR time >= $2)
       AND ($3::float8 IS NULL OR time <= $3) ORDER BY time, id LIMIT $4`,
      [query.kind ?? null, query.startS ?? null, query.endS ?? null, query.limit ?? null],
    );
    return (rows as Row[]).map(eventFromRow);
  }

  async addAlarm(alarm: NewAlarm): Promise<StoredAlarm> {
    await this.pool.query(
      'INSERT INTO alarms (time, kind, severity, message, detail) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [alarm.time, alarm.kind, alarm.severity, alarm.message, JSON.stringify(alarm.detail)],
    );
    const { rows } = await this.pool.query(
      'SELECT * FROM alarms WHERE time = $1 AND kind = $2 AND message = $3',
      [alarm.time, alarm.kind, alarm.message],
    );
    return alarmFromRow(rows[0] as Row);
  }

  async getAlarm(id: number): Promise<StoredAlarm | null> {
    const { rows } = await this.pool.query('SELECT * FROM alarms WHERE id = $1', [id]);
    return rows.length === 0 ? null : alarmFromRow(rows[0] as Row);
  }

  async listAlarms(query: AlarmQuery = {}): Promise<StoredAlarm[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM alarms WHERE $1::float8 IS NULL OR (acknowledged_at IS NULL AND withdrawn_at IS NULL AND (shelved_until IS NULL OR shelved_until <= $1))
       ORDER BY time DESC, id DESC LIMIT $2`,
      [query.activeAt ?? null, query.limit ?? null],
    );
    return (rows as Row[]).map(alarmFromRow);
  }

  async acknowledgeAlarm(id: number, by: string, atS: number, note?: string): Promise<StoredAlarm | null> {
    await this.pool.query(
      'UPDATE alarms SET acknowledged_at = $1, acknowledged_by = $2, note = $3 WHERE id = $4 AND acknowledged_at IS NULL',
      [atS, by, note ?? null, id],
    );
    return this.getAlarm(id);
  }

  async shelveAlarm(id: number, by: string, untilS: number): Promise<StoredAlarm | null> {
    const { rows } = await this.pool.query(
      'UPDATE alarms SET shelved_until = $1, shelved_by = $2 WHERE id = $3 RETURNING *',
      [untilS, by, id],
    );
    return rows.length === 0 ? null : alarmFromRow(rows[0] as Row);
  }

  async markAlarm(
    alarm: Pick<NewAlarm, 'time' | 'kind' | 'message'>,
    mark: AlarmMark,
    atS: number,
    reason: string,
  ): Promise<StoredAlarm | null> {
    const { rows } = await this.pool.query(
      `UPDATE alarms SET ${mark}_at = $1, ${mark}_reason = $2 WHERE time = $3 AND kind = $4 AND message = $5 RETURNING *`,
      [atS, reason, alarm.time, alarm.kind, alarm.message],
    );
    return rows.length === 0 ? null : alarmFromRow(rows[0] as Row);
  }

  async updateAlarmReading(
    alarm: Pick<NewAlarm, 'time' | 'kind' | 'message'>,
    latest: Record<string, unknown>,
  ): Promise<StoredAlarm | null> {
    const { rows } = await this.pool.query(
      `UPDATE alarms SET detail = jsonb_set(detail, '{latest}', $1::jsonb) WHERE time = $2 AND kind = $3 AND message = $4 RETURNING *`,
      [JSON.stringify(latest), alarm.time, alarm.kind, alarm.message],
    );
    return rows.length === 0 ? null : alarmFromRow(rows[0] as Row);
  }

  async saveAnalysis(kind: string, timeS: number, payload: unknown): Promise<AnalysisRecord> {
    const id = await this.transaction(async (client) => {
      const { rows } = await client.query(
        'INSERT INTO analyses (kind, time, payload) VALUES ($1, $2, $3) RETURNING id',
        [kind, timeS, JSON.stringify(payload)],
      );
      await client.query(
        'DELETE FROM analyses WHERE kind = $1 AND id < (SELECT id FROM analyses WHERE kind = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)',
        [kind, ANALYSES_KEPT - 1],
      );
      return Number((rows[0] as Row).id);
    });
    return { id, kind, time: timeS, payload };
  }

  async latestAnalysis(kind: string): Promise<AnalysisRecord | null> {
    return (await this.recentAnalyses(kind, 1))[0] ?? null;
  }

  async recentAnalyses(kind: string, limit: number): Promise<AnalysisRecord[]> {
    const { rows } = await this.pool.query(
      'SELECT * FROM analyses WHERE kind = $1 ORDER BY id DESC LIMIT $2',
      [kind, limit],
    );
    return (rows as Row[]).map((row) => ({
      id: Number(row.id),
      kind: String(row.kind),
      time: Number(row.time),
      payload: row.payload,
    }));
  }

  /** Drops the store's schema with everything in it (tests), then closes. */
  async dropSchemaAndClose(schema: string): Promise<void> {
    if (!SCHEMA_NAME.test(schema) || schema === 'public') throw new Error(`will not drop schema '${schema}'`);
    await this.pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await this.close();
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** libpq takes the OS user when a URL names none; pg only does when USER is set: name it. */
function withUser(url: string): string {
  const parsed = new URL(url);
  if (parsed.username === '') parsed.username = process.env.PGUSER ?? userInfo().username;
  return parsed.toString();
}
