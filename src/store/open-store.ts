/**
 * Opens the store the environment asks for (CONTRACT.md §1): PostgreSQL when a `postgres://` URL
 * is given, else the embedded SQLite file (default `./airtight.db`).
 */
import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

export interface StoreLocation {
  /** `postgres://…` or `postgresql://…` selects PostgreSQL. */
  databaseUrl?: string;
  /** SQLite file (default `./airtight.db`). */
  sqlitePath?: string;
  /** PostgreSQL schema (default `public`). */
  schema?: string;
}

export async function openStore(location: StoreLocation): Promise<Store> {
  const url = location.databaseUrl;
  if (url !== undefined && /^postgres(ql)?:\/\//.test(url))
    return PostgresStore.open(url, location.schema === undefined ? {} : { schema: location.schema });
  return new SqliteStore(location.sqlitePath ?? './airtight.db');
}

/** Where a store keeps its data, for start-up messages (no password). */
export function describeLocation(location: StoreLocation): string {
  const url = location.databaseUrl;
  if (url !== undefined && /^postgres(ql)?:\/\//.test(url))
    return `PostgreSQL ${url.replace(/\/\/[^@/]*@/, '//')}`;
  return `SQLite ${location.sqlitePath ?? './airtight.db'}`;
}
