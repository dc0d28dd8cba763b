/**
 * The ingest adapter's vocabulary: what a telemetry reader is given and what it hands back.
 * Times are epoch seconds (UTC); values are SI (Pa, K, kg/s, …) after conversion from the unit the
 * station declares for each channel.
 */
import type { Station } from '../core/index.js';

/** The telemetry file formats of CONTRACT.md §3. */
export type TelemetryFormat = 'csv-long' | 'csv-wide' | 'jsonl' | 'isslive';

/** Why a row (or, in wide CSV, a cell) was not turned into a sample. */
export type RowReason =
  | 'unparseable time'
  | 'time without zone'
  | 'not a number'
  | 'wrong number of fields'
  | 'malformed quotes'
  | 'invalid JSON'
  | 'not a JSON object'
  | 'missing field'
  | 'unknown channel'
  | 'not the declared unit'
  | 'time out of range'
  | 'time in epoch milliseconds, not seconds'
  | 'out of order'
  | 'time far from the rows around it'
  | 'line too long';

/** A bad row. */
export interface RowIssue {
  /** File path the row came from. */
  source: string;
  /** 1-based line where the row starts. */
  line: number;
  reason: RowReason;
  /** The offending text (a field, or the row when no single field is to blame), at most 80 characters. */
  excerpt?: string;
}

export interface IngestOptions {
  /** Channel ids are `station.sensors[i].id`; values are read in each sensor's unit. */
  station: Station;
  /** Year that ISS Live GMT-decimal times count from, 1970 to 2199; required for the `isslive` format. */
  year?: number;
  /** Stop at the first bad row with an InputError naming file, line, reason and value. */
  strict?: boolean;
  /**
   * Called for every bad row, except that an unknown channel is reported once (at the first line
   * where it appears); the report counts every one.
   */
  onIssue?: (issue: RowIssue) => void;
  /** Samples per yielded batch (default 65,536). */
  batchSize?: number;
}

/**
 * Columnar samples: `time` [epoch s UTC], `channel` (index into `station.sensors`), `value` in SI
 * (hatch 0/1 state, count as count). The arrays belong to the consumer: a reader never reuses them.
 */
export interface SampleBatch {
  time: Float64Array;
  channel: Int32Array;
  value: Float64Array;
  length: number;
}

/**
 * What a read found. `rows = samples + rejected` holds once the read has ended (during it, samples
 * still in a file's 10-minute reorder window are not yet counted). For wide CSV a "row" is a reading:
 * each non-empty cell of a well-formed line counts once (as a sample or a rejected cell), and a line
 * rejected as a whole (bad time, wrong number of fields, malformed quotes) counts once.
 */
export interface IngestReport {
  files: string[];
  format: TelemetryFormat;
  /** Data rows read, excluding headers and blank lines (wide CSV: readings, see above). */
  rows: number;
  /** Samples accepted. */
  samples: number;
  /** Rows (wide CSV: cells or whole lines) rejected. */
  rejected: number;
  /** Rejections by reason; unknown channels count every row. */
  byReason: Record<string, number>;
  /** Each unknown channel once, with the number of rows (cells, ISS Live lines) it had. */
  unknownChannels: { channel: string; count: number }[];
  /** Earliest and latest accepted sample time [epoch s], null when there are none. */
  firstTime: number | null;
  lastTime: number | null;
  /** The same in ISO 8601 UTC. */
  firstTimeUtc: string | null;
  lastTimeUtc: string | null;
}
