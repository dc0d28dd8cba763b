// Benchmark tables: every measured figure beside its target or baseline.
import { formatTable } from '../src/cli/table.js';

export interface BenchRow {
  measure: string;
  value: string;
  target: string;
  pass: boolean | null;
}

export function printTable(title: string, note: string, rows: BenchRow[]): void {
  process.stdout.write(`\n## ${title}\n${note}\n\n`);
  process.stdout.write(
    `${formatTable(
      ['measure', 'Airtight', 'target / baseline', 'meets'],
      rows.map((r) => [r.measure, r.value, r.target, r.pass === null ? '' : r.pass ? 'yes' : 'NO']),
    )}\n`,
  );
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
