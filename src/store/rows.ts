/** Database rows (SQLite's TEXT JSON or PostgreSQL's JSONB and BIGINT strings) to records. */
import type { EventKind, OperatorEvent, SampleColumns, StoredAlarm } from './types.js';

export type Row = Record<string, unknown>;

const json = (x: unknown): Record<string, unknown> =>
  (typeof x === 'string' ? JSON.parse(x) : x) as Record<string, unknown>;
const numberOrNull = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));
const textOrNull = (x: unknown): string | null => (x === null || x === undefined ? null : String(x));

/** Columns for `n` samples, zeroed, to be filled. */
export function emptyColumns(n: number): SampleColumns {
  return { time: new Float64Array(n), channel: new Int32Array(n), value: new Float64Array(n), length: n };
}

/** Rows (channel id, t, v) in time order to columns whose `channel` indexes `channels`. */
export function columnsFromRows(
  rows: readonly (readonly [number, number, number])[],
  indexOfId: ReadonlyMap<number, number>,
): SampleColumns {
  const n = rows.length;
  const out = emptyColumns(n);
  for (let i = 0; i < n; i++) {
    const [id, t, v] = rows[i] as readonly [number, number, number];
    out.channel[i] = indexOfId.get(Number(id)) as number;
    out.time[i] = Number(t);
    out.value[i] = Number(v);
  }
  return out;
}

/** The store ids of the channels it knows, each mapped to its index in `channels`. */
export function indexOfKnownIds(
  channels: readonly string[],
  ids: ReadonlyMap<string, number>,
): Map<number, number> {
  const out = new Map<number, number>();
  channels.forEach((name, i) => {
    const id = ids.get(name);
    if (id !== undefined) out.set(id, i);
  });
  return out;
}

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
    withdrawnAt: numberOrNull(row.withdrawn_at),
    withdrawnReason: textOrNull(row.withdrawn_reason),
    clearedAt: numberOrNull(row.cleared_at),
    clearedReason: textOrNull(row.cleared_reason),
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
