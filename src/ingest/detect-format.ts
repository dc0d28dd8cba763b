/**
 * Which telemetry format a path holds: a folder is ISS Live, `.jsonl`/`.ndjson` JSON Lines, and a
 * `.csv` is long when its header is exactly `time,channel,value`, wide when it is `time,<channel>,…`;
 * each of these files may be gzipped (`.csv.gz`: file-bytes.ts).
 * A folder that holds one such file instead (`telemetryPath`) is read as that file.
 */
import { closeSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import { InputError } from '../core/index.js';
import { checkCsvHeader } from './csv-header.js';
import { formatExtension, headReader } from './file-bytes.js';
import { unreadable } from './fs-errors.js';
import { CHANNEL_FILE } from './iss-live.js';
import type { TelemetryFormat } from './types.js';

/** Bytes read at a time while looking for the header line. */
const PIECE_BYTES = 1 << 16;
const MAX_HEADER_BYTES = 16 << 20;

export function detectFormat(path: string): TelemetryFormat {
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch (error) {
    throw unreadable(path, error);
  }
  if (isFolder) return 'isslive';
  const extension = formatExtension(path);
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.csv') return csvForm(path);
  throw new InputError({
    source: path,
    problem:
      'unknown telemetry format: expected an ISS Live folder, a .csv, .jsonl or .ndjson file (or one of these gzipped, .gz)',
  });
}

const FILE_EXTENSIONS = new Set(['.csv', '.jsonl', '.ndjson']);

/**
 * The telemetry a path names: itself, or, for a folder with no ISS Live `<channel>.txt` file and
 * exactly one .csv, .jsonl or .ndjson file (the folder `airtight simulate --out` writes), that file.
 * A folder with neither, or with several such files, is an error naming what it holds (read as an
 * ISS Live folder it asked for a --year it did not need).
 */
export function telemetryPath(path: string): string {
  let names: string[];
  try {
    if (!statSync(path).isDirectory()) return path;
    names = readdirSync(path, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch (error) {
    throw unreadable(path, error);
  }
  if (names.some((name) => CHANNEL_FILE.test(name))) return path;
  const files = names.filter((name) => FILE_EXTENSIONS.has(formatExtension(name))).sort();
  if (files.length === 1) return join(path, files[0] as string);
  throw new InputError({
    source: path,
    problem:
      files.length === 0
        ? 'holds no telemetry: expected ISS Live <channel>.txt files, or one .csv, .jsonl or .ndjson file (or .gz of one)'
        : `holds ${files.length} telemetry files and no ISS Live <channel>.txt file: name the one to read`,
    ...(files.length > 0 && { value: files.join(', ') }),
  });
}

/** An empty (or blank) CSV reads as long: it has no samples either way. */
function csvForm(path: string): 'csv-long' | 'csv-wide' {
  const header = readHeader(path);
  if (header === undefined) return 'csv-long';
  const fields = Papa.parse(header.text, { delimiter: ',', preview: 1 }).data[0] ?? [];
  return checkCsvHeader(path, header.line, fields) === 'long' ? 'csv-long' : 'csv-wide';
}

/** The first non-blank line and its number, reading only as much of the file as it takes. */
function readHeader(path: string): { text: string; line: number } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const read = headReader(path, fd);
    const decoder = new StringDecoder('utf8');
    const bytes = Buffer.alloc(PIECE_BYTES);
    let text = '';
    let line = 1;
    for (let total = 0; total < MAX_HEADER_BYTES; ) {
      const n = read(bytes);
      text += n > 0 ? decoder.write(bytes.subarray(0, n)) : decoder.end();
      total += n;
      // drop blank lines in front of the header
      for (
        let end = text.indexOf('\n');
        end !== -1 && text.slice(0, end).trim() === '';
        end = text.indexOf('\n')
      ) {
        text = text.slice(end + 1);
        line++;
      }
      const end = text.indexOf('\n');
      if (end !== -1) return { text: text.slice(0, end), line };
      if (n === 0) return text.trim() === '' ? undefined : { text, line };
    }
    return { text, line };
  } catch (error) {
    throw unreadable(path, error);
  } finally {
    closeSync(fd);
  }
}
