/** Plain-text tables for the terminal: columns padded, numbers right-aligned. */
export function formatTable(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((row) => row.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  const numeric = headers.map(
    (_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number' || r[j] === ''),
  );
  const widths = headers.map((h, j) => Math.max(h.length, ...cells.map((r) => (r[j] ?? '').length)));
  const line = (row: string[]): string =>
    row
      .map((c, j) => (numeric[j] ? c.padStart(widths[j] ?? 0) : c.padEnd(widths[j] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** A number with sensible digits for a table. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  // (a rate rounded from a hair below zero is −0, which toLocaleString prints as "-0")
  if (value === 0) return '0';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : abs >= 0.01 ? 3 : 6;
  return Number(value.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Hours as a reader takes them: hours up to two days, days beyond ("3.6 h", "295 days"). */
export function formatHours(hours: number): string {
  return hours < 48 ? `${formatNumber(hours)} h` : `${formatNumber(Math.round(hours / 24))} days`;
}
