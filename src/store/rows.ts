/** Database rows (SQLite's TEXT JSON or PostgreSQL's JSONB and BIGINT strings) to records. */
import type { EventKind, OperatorEvent, StoredAlarm } from './types.js';

export type Row = Record<string, unknown>;

const json = (x: unknown): Record<string, unknown> =>
  (typeof x === 'string' ? JSON.parse(x) : x) as Record<string, unknown>;
const numberOrNull = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));
const textOrNull = (x: unknown): string | null => (x === null || x === undefined ? null : String(x));

export function alarmFromRow(row: Row): StoredAlarm {
  return {
    id: Number(row.id),
    time: Number(row.time),
    kind: String(row.kind),
    severity: String(row.severity),
    message: String(row.message),
    detail: json(row.detail),
    acknowledgedAt: numberOrNull(row.acknowledged_at),
    acknowledgedBy: textOrNull(row.acknowledged_by),
    note: textOrNull(row.note),
    shelvedUntil: numberOrNull(row.shelved_until),
    shelvedBy: textOrNull(row.shelved_by),
  };
}

export function eventFromRow(row: Row): OperatorEvent {
  return {
    id: Number(row.id),
    time: Number(row.time),
    kind: String(row.kind) as EventKind,
    author: String(row.author),
    payload: json(row.payload),
    recorded: Number(row.recorded),
  };
}
