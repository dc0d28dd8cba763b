// The file is parsed in pieces cut at line breaks of 1 MiB blocks; papaparse parsing the whole text
// at once is the reference the pieces must add up to, wherever the cuts fall.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import { readCsvChunks } from './csv-chunks.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-chunks-'));

/** Rows with quoted commas, quotes and line breaks, multi-byte characters, blank lines, 300 kB fields. */
function makeText(newline: string, seed: number): string {
  const rng = new Rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng.uniform() * items.length)] as T;
  const lines = ['time,channel,value'];
  for (let i = 0; i < 40_000; i++) {
    const time = new Date(Date.UTC(2021, 0, 1) + i * 1000).toISOString();
    if (i % 10_000 === 5000) lines.push(`${time},"malformed"quote,1`); // runs on to the next quote
    const channel = pick([
      'P_HAB',
      'T_HAB',
      '"P_HAB"',
      '"a,b"',
      '"say ""hi"""',
      `"two${newline}lines"`,
      'é漢😀',
    ]);
    const value = pick(['745', '21.5', '"745"', '', `"1${newline}2${newline}3"`]);
    lines.push(`${time},${channel},${value}`);
    if (rng.uniform() < 0.01) lines.push('');
    if (rng.uniform() < 0.0005)
      lines.push(`${time},"${'😀é'.repeat(50_000)}${newline}${'x'.repeat(rng.uniform() * 4)}",1`);
  }
  // lines longer than a block, with no line break to cut at: the cut falls inside a character
  lines.push(`${'😀'.repeat(300_000)},a,1`, `x${'😀'.repeat(300_000)},a,1`, 'end,a,1');
  return lines.join(newline) + newline;
}

async function readRows(path: string): Promise<{ rows: string[][]; badQuotes: number[] }> {
  const rows: string[][] = [];
  const badQuotes: number[] = [];
  for await (const chunk of readCsvChunks(path)) {
    for (const i of chunk.badQuotes ?? []) if (i < chunk.rows.length) badQuotes.push(rows.length + i);
    rows.push(...chunk.rows);
  }
  return { rows, badQuotes };
}

describe('readCsvChunks', () => {
  it.each([
    ['LF', '\n', 1],
    ['CRLF', '\r\n', 2],
  ])('gives the rows papaparse gives for the whole text (%s line ends)', async (_, newline, seed) => {
    const text = makeText(newline, seed);
    const path = join(dir, `rows-${seed}.csv`);
    writeFileSync(path, text);
    const whole = Papa.parse(text, { delimiter: ',' });
    const expected = whole.data.slice(0, -1); // the whole text ends in an empty row after its last line break
    const { rows, badQuotes } = await readRows(path);
    expect(rows.length).toBe(expected.length);
    expect(rows).toEqual(expected);
    expect(badQuotes).toEqual(
      [...new Set(whole.errors.filter((e) => e.type === 'Quotes').map((e) => e.row as number))].sort(
        (a, b) => a - b,
      ),
    );
    expect(badQuotes.length).toBeGreaterThan(0);
  });
});
