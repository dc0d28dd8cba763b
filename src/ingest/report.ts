/**
 * Counts what a read saw and reports bad rows: every bad row goes to `onIssue` (an unknown channel
 * only the first time it appears) and into the counts; in strict mode the first one is thrown.
 */
import { formatProblem, InputError, type InputProblem, isoFromEpochS } from '../core/index.js';
import type { BatchBuilder } from './batch-builder.js';
import { excerpt as shorten } from './fields.js';
import type { IngestOptions, IngestReport, RowIssue, RowReason, TelemetryFormat } from './types.js';

export class IngestTally {
  /** Data rows read (wide CSV: readings); see IngestReport. */
  rows = 0;
  rejected = 0;
  readonly files: string[] = [];
  private readonly byReason = new Map<string, number>();
  private readonly unknown = new Map<string, number>();

  constructor(private readonly options: Pick<IngestOptions, 'strict' | 'onIssue'>) {}

  /**
   * Counts a rejected row and reports it. Returns false, so that a reader can `return tally.reject(…)`
   * from a function that says whether a row was accepted.
   */
  reject(source: string, line: number, reason: RowReason, text?: string): false {
    this.count(reason, 1);
    this.report({ source, line, reason, ...(text === undefined ? {} : { excerpt: shorten(text) }) });
    return false;
  }

  /** Counts `count` rows of a channel the station does not have; reported once per channel. Returns false. */
  unknownChannel(source: string, line: number, channel: string, count = 1): false {
    this.count('unknown channel', count);
    const seen = this.unknown.get(channel);
    this.unknown.set(channel, (seen ?? 0) + count);
    if (seen === undefined)
      this.report({ source, line, reason: 'unknown channel', excerpt: shorten(channel) });
    return false;
  }

  /** The report, with sample totals from the batch builder. */
  snapshot(format: TelemetryFormat, batches: BatchBuilder): IngestReport {
    const any = batches.samples > 0;
    return {
      files: [...this.files],
      format,
      rows: this.rows,
      samples: batches.samples,
      rejected: this.rejected,
      byReason: Object.fromEntries(this.byReason),
      unknownChannels: [...this.unknown].map(([channel, count]) => ({ channel, count })),
      firstTime: any ? batches.firstTime : null,
      lastTime: any ? batches.lastTime : null,
      firstTimeUtc: any ? isoFromEpochS(batches.firstTime) : null,
      lastTimeUtc: any ? isoFromEpochS(batches.lastTime) : null,
    };
  }

  private count(reason: string, count: number): void {
    this.rejected += count;
    this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + count);
  }

  private report(issue: RowIssue): void {
    if (this.options.strict) throw new InputError(rowProblem(issue));
    this.options.onIssue?.(issue);
  }
}

/** A bad row as every input problem is told: `file: line N: reason (got "…")`. */
function rowProblem(issue: RowIssue): InputProblem {
  return {
    source: issue.source,
    where: `line ${issue.line}`,
    problem: issue.reason,
    ...(issue.excerpt === undefined ? {} : { value: issue.excerpt }),
  };
}

/** A bad row read past, in the words `--strict` stops with. */
export function formatRowIssue(issue: RowIssue): string {
  return formatProblem(rowProblem(issue));
}
