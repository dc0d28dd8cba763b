/**
 * Storage (SQLite or PostgreSQL behind one interface): telemetry with 1-minute rollups, operator
 * events, alarms with acknowledgement and shelving, and analysis results; versioned migrations.
 */

export { withoutSamples } from './fresh-samples.js';
export { MIGRATIONS, ROLLUP_S } from './migrations.js';
export { describeLocation, openStore, type StoreLocation } from './open-store.js';
export { PostgresStore } from './postgres-store.js';
export { emptyColumns } from './rows.js';
export { SqliteStore } from './sqlite-store.js';
export { bucketsFor, thinMinMax } from './thin.js';
export {
  type AlarmMark,
  type AlarmQuery,
  type AnalysisRecord,
  type AppendedSamples,
  EVENT_KINDS,
  type EventKind,
  type EventQuery,
  type HistoryQuery,
  type NewAlarm,
  type NewEvent,
  type OperatorEvent,
  type SampleColumns,
  type SampleSpan,
  type Store,
  type StoredAlarm,
  type ThinnedSeries,
} from './types.js';
