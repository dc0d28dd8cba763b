/**
 * The answer to a telemetry ingest: what was read, stored and taken by the monitor, and every row
 * not taken counted by reason, the first few shown with their line (uploads) or index (JSON
 * arrays). Rows = accepted + rejected: a duplicate (its channel has its time already: the first
 * value stays) is not stored, and a sample earlier than its channel's last is stored for history
 * but rejected by the monitor (time going backwards).
 */
import type { IngestOutcome } from './pipeline.js';
import { byLine, type IngestIssue, ISSUES_SHOWN, type ParsedTelemetry } from './telemetry-body.js';

export interface IngestAnswer {
  /** Samples stored and taken by the monitor. */
  accepted: number;
  /** Samples stored (accepted, and those going back in time). */
  stored: number;
  rows: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  issues: IngestIssue[];
}

export function ingestAnswer(
  parsed: ParsedTelemetry,
  outcome: IngestOutcome,
  source: IngestIssue['source'],
): IngestAnswer {
  const byReason = { ...parsed.rejectedByReason };
  const flagged: [Uint32Array, string][] = [
    [outcome.duplicates, 'duplicate timestamp'],
    [outcome.backwards, 'time going backwards'],
  ];
  const shown: [number, string][] = [];
  for (const [indices, reason] of flagged) {
    if (indices.length === 0) continue;
    byReason[reason] = (byReason[reason] ?? 0) + indices.length;
    for (const i of indices.subarray(0, ISSUES_SHOWN)) shown.push([i, reason]);
  }
  const places = parsed.locate([...new Set(shown.map(([i]) => i))].sort((a, b) => a - b));
  const issues = shown.map(([i, reason]) => ({
    source,
    ...places.get(i),
    reason,
  }));
  const flaggedCount = outcome.duplicates.length + outcome.backwards.length;
  return {
    accepted: outcome.accepted,
    stored: outcome.stored,
    rows: parsed.rows,
    rejected: parsed.rejected + flaggedCount,
    rejectedByReason: byReason,
    issues: byLine([...parsed.issues, ...issues]).slice(0, ISSUES_SHOWN),
  };
}
