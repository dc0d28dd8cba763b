/**
 * Telemetry readers (CONTRACT.md §3): CSV long and wide, JSON Lines and ISS Live folders, streamed
 * with bounded memory into columnar batches in SI and in time order, with every bad row reported and
 * counted.
 */
export { detectFormat, telemetryPath } from './detect-format.js';
export { readTelemetry, type TelemetryRead } from './read-telemetry.js';
export { formatRowIssue } from './report.js';
export type {
  IngestOptions,
  IngestReport,
  RowIssue,
  RowReason,
  SampleBatch,
  TelemetryFormat,
} from './types.js';
