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

/** Mean, sample variance and standard deviation. */
export function meanAndSd(values: number[]): { mean: number; variance: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, variance, sd: Math.sqrt(variance) };
}

/**
 * Σ(t_i − t̄)² of n evenly spaced times Δt apart, n(n² − 1)Δt²/12: a straight line's slope in
 * white noise σ has variance σ² over it (the Cramér–Rao bound the benches compare with).
 */
export function evenTimeSpread(n: number, dt: number): number {
  return (n * (n * n - 1) * dt * dt) / 12;
}
