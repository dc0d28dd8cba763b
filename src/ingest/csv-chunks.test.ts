// The file is parsed in pieces cut at line breaks of 1 MiB blocks; an independent reading line by
// line is the reference the pieces must add up to, wherever the cuts fall: a line that papaparse
// parses alone is a row; one whose quote stays open joins the lines after it until the quote closes
// well (one row), or is rejected alone when it closes badly or runs past MAX_SPAN_CHARS.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import { type BadLine, MAX_LINE_CHARS, MAX_SPAN_CHARS, readCsvChunks } from './csv-chunks.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-chunks-'));

/** Rows with quoted commas, quotes, line breaks and malformed quotes, multi-byte characters, blank lines, 300 kB fields. */
function makeText(newline: string, seed: number): string {
  const rng = new Rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng.uniform() * items.length)] as T;
  const lines = ['time,channel,value'];
  for (let i = 0; i < 40_000; i++) {
    const time = new Date(Date.UTC(2021, 0, 1) + i * 1000).toISOString();
    if (i % 10_000 === 5000) lines.push(`${time},"malformed"quote,1`); // would run on to the next quote
    if (i % 10_000 === 7000) lines.push(`${time},"P_HAB,1`); // would run on to the next quote
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

/** The rows of the text read line by line, and the rejected ones (their first line). */
function reference(text: string): { rows: string[][]; bad: Map<number, BadLine> } {
  const newline = text.includes('\n') ? '\n' : '\r';
  const lines = text.split(newline).slice(0, -1); // the text ends with a line break
  const parse = (part: string) => Papa.parse(part, { delimiter: ',', newline });
  const bad = new Map<number, BadLine>();
  const rows: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    let joined = lines[i] as string;
    let result = parse(joined.replace(/\r$/, ''));
    const open = () => result.errors.length > 0 && result.errors.every((e) => e.code === 'MissingQuotes');
    let j = i;
    while (open() && j + 1 < lines.length && joined.length <= MAX_SPAN_CHARS) {
      joined += newline + lines[++j];
      result = parse(joined.replace(/\r$/, ''));
    }
    if (result.errors.length > 0) {
      bad.set(rows.length, 'malformed quotes');
      rows.push([(lines[i] as string).replace(/\r$/, '')]);
    } else {
      rows.push(result.data[0] ?? ['']);
      i = j;
    }
  }
  return { rows, bad };
}

async function readRows(path: string): Promise<{ rows: string[][]; bad: Map<number, BadLine> }> {
  const rows: string[][] = [];
  const bad = new Map<number, BadLine>();
  for await (const chunk of readCsvChunks(path)) {
    for (const [i, reason] of chunk.bad ?? []) bad.set(rows.length + i, reason);
    rows.push(...chunk.rows);
  }
  return { rows, bad };
}

describe('readCsvChunks', () => {
  it.each([
    ['LF', '\n', 1],
    ['CRLF', '\r\n', 2],
    ['CR', '\r', 3],
  ])('gives the rows of a line-by-line reading (%s line ends)', async (_, newline, seed) => {
    const text = makeText(newline, seed);
    const path = join(dir, `rows-${seed}.csv`);
    writeFileSync(path, text);
    const expected = reference(text);
    const { rows, bad } = await readRows(path);
    // the first row that differs, its fields cut short (a failure would print megabytes)
    const differs = rows.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(expected.rows[i]));
    const shown = (row: string[] | undefined) => row?.map((field) => field.slice(0, 100));
    expect({ at: differs, row: shown(rows[differs]) }).toEqual({ at: -1, row: undefined });
    expect(rows.length).toBe(expected.rows.length);
    expect(bad).toEqual(expected.bad);
    // the stray quotes, and the quoted line breaks that are no longer one field
    expect(bad.size).toBeGreaterThan(8);
    expect(rows.at(-1)).toEqual(['end', 'a', '1']);
  });

  it('reads a file of mixed line ends, and a last line without a line break', async () => {
    const path = join(dir, 'mixed.csv');
    writeFileSync(path, 'time,channel,value\n1,a,"2"\r\n3,b,4\r\n\r\n5,"c",6\n7,d,8');
    const { rows, bad } = await readRows(path);
    expect(rows).toEqual([
      ['time', 'channel', 'value'],
      ['1', 'a', '2'],
      ['3', 'b', '4'],
      [''],
      ['5', 'c', '6'],
      ['7', 'd', '8'],
    ]);
    expect(bad.size).toBe(0);
  });

  it('gives a line longer than MAX_LINE_CHARS as its start, marked, and reads on after its line break', async () => {
    const path = join(dir, 'long-line.csv');
    const long = `1,a,${'9'.repeat(MAX_LINE_CHARS + 10)}`;
    writeFileSync(path, `time,channel,value\n1,a,1\n${long}\n2,"b",2\n3,c,3\n${long}`);
    const { rows, bad } = await readRows(path);
    // (joined and cut short: a failure would print 16 MiB)
    expect(rows.map((row) => row.join('|').slice(0, 120))).toEqual([
      'time|channel|value',
      '1|a|1',
      long.slice(0, 100),
      '2|b|2',
      '3|c|3',
      long.slice(0, 100),
    ]);
    expect(bad).toEqual(
      new Map([
        [2, 'line too long'],
        [5, 'line too long'],
      ]),
    );
  });
});
