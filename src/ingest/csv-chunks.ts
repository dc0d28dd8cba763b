/**
 * Streams a CSV file through papaparse, a chunk of rows at a time, so memory stays flat for any file
 * size. The file is read in 1 MiB blocks and parsed in pieces of about 64 KiB that end at a line
 * break: small pieces keep every string and row in the young generation of the garbage collector,
 * where they die cheaply (1 MiB pieces cost twice as much in collection and large-object pages).
 * Each piece goes to papaparse's parser appended to the row left unfinished by the one before; a
 * piece with no quote character takes papaparse's fast path (plain splits) without being told.
 *
 * A bad line costs itself only. A row with malformed quotes (papaparse's Quotes errors), or one whose
 * quoted field is still open MAX_SPAN_CHARS after it began on an earlier line, is rejected as its
 * first line, and the text after that line is parsed afresh: a stray quote never swallows the lines
 * after it. A quoted field that closes properly may hold line breaks. A line still unended after
 * MAX_LINE_CHARS is rejected as too long and skipped up to its line break. Lines end at LF, a CR
 * before it dropped (CRLF, and files that mix both), or at CR in a file whose first block has CR and
 * no LF.
 */
import Papa, { type ParseError, type Parser } from 'papaparse';
import { openBytes } from './file-bytes.js';
import type { RowReason } from './types.js';

/** Bytes read from the file at a time. */
const BLOCK_BYTES = 1 << 20;
/** Bytes parsed at a time, at least; a piece runs on to the next line break. */
const PIECE_BYTES = 1 << 16;
/** Characters a line may run to without a line break; past them it is rejected and skipped. */
export const MAX_LINE_CHARS = 16 << 20;
/** Characters a row whose quoted field holds line breaks may run to before its quote counts as left open. */
export const MAX_SPAN_CHARS = 1 << 16;
/** Rows with malformed quotes in one piece after which the rest of it is parsed a line at a time. */
const MAX_RESTARTS = 16;
/** Characters of a line too long kept to show it by. */
const LONG_LINE_START = 100;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const QUOTE = '"';

/** Why a line is rejected whole before its fields are looked at. */
export type BadLine = Extract<RowReason, 'malformed quotes' | 'line too long'>;

export interface CsvChunk {
  /**
   * Rows in file order: blank lines are `['']`; quoted line breaks stay inside their field; a row
   * rejected whole is its first line as one field (a line too long, its start).
   */
  rows: string[][];
  /** Rows to reject whole, by index into `rows`, with the reason; undefined when there are none. */
  bad: ReadonlyMap<number, BadLine> | undefined;
}

export async function* readCsvChunks(path: string): AsyncGenerator<CsvChunk> {
  const file = await openBytes(path);
  try {
    const block = Buffer.allocUnsafe(BLOCK_BYTES);
    const csv = new CsvPieces();
    let held = 0; // bytes at the start of `block` not yet parsed
    for (;;) {
      const read = await file.read(block, held);
      const end = held + read;
      if (read === 0) {
        yield csv.parse(block.toString('utf8', 0, end), true);
        return;
      }
      csv.guessNewline(block, end);
      let start = 0;
      for (let cut = pieceEnd(block, start, end); cut > 0; cut = pieceEnd(block, start, end)) {
        const chunk = csv.parse(block.toString('utf8', start, cut), false);
        start = cut;
        yield chunk;
      }
      held = end - start;
      block.copy(block, 0, start, end);
    }
  } finally {
    await file.close();
  }
}

/** A chunk being built: rows, and the bad ones among them. */
class ChunkRows {
  rows: string[][] = [];
  bad: Map<number, BadLine> | undefined;

  add(rows: string[][]): void {
    if (this.rows.length === 0) this.rows = rows;
    else for (const row of rows) this.rows.push(row);
  }

  reject(line: string, reason: BadLine): void {
    this.bad ??= new Map();
    this.bad.set(this.rows.length, reason);
    this.rows.push([line]);
  }

  chunk(): CsvChunk {
    return { rows: this.rows, bad: this.bad };
  }
}

/**
 * papaparse's parser fed piece by piece: each piece is appended to the row left unfinished by the
 * one before, and the last row waits for the next piece unless the file has ended.
 */
class CsvPieces {
  private newline: '\n' | '\r' = '\n';
  private parser: Parser | undefined;
  /** The start of a row not yet ended: part of a line, or lines a quoted field holds open. */
  private rest = '';
  /** True while inside a line too long, until its line break. */
  private skipping = false;

  /** The line ending, from the first block of the file: CR when it has CR and no LF, else LF. */
  guessNewline(block: Buffer, end: number): void {
    if (this.parser !== undefined) return;
    const head = block.subarray(0, end);
    if (head.indexOf(LINE_FEED) < 0 && head.indexOf(CARRIAGE_RETURN) >= 0) this.newline = '\r';
    this.parser = new Papa.Parser({ delimiter: ',', newline: this.newline });
  }

  /** The rows a piece ends; with `last`, the rest of the file's too. */
  parse(piece: string, last: boolean): CsvChunk {
    const newline = this.newline;
    const out = new ChunkRows();
    let text = piece;
    if (this.skipping) {
      const at = text.indexOf(newline);
      if (at < 0) return out.chunk();
      text = text.substring(at + 1);
      this.skipping = false;
    }
    // a line too long: its start waits in `rest` with no line break in it
    const lineEnd = text.indexOf(newline);
    const inLine = this.rest.indexOf(newline) < 0;
    if (inLine && this.rest.length + (lineEnd < 0 ? text.length : lineEnd) > MAX_LINE_CHARS) {
      out.reject(
        (this.rest + text.substring(0, LONG_LINE_START)).substring(0, LONG_LINE_START),
        'line too long',
      );
      this.rest = '';
      if (lineEnd < 0) {
        this.skipping = !last;
        return out.chunk();
      }
      text = text.substring(lineEnd + 1);
    } else if (lineEnd < 0 && inLine && !last) {
      // no row can end in this piece: it waits, unparsed
      this.rest += text;
      return out.chunk();
    }
    this.parseRows(this.rest + text, last, out);
    return out.chunk();
  }

  /**
   * Parses whole rows of `text` into `out`, leaving the unfinished last one in `rest` (unless
   * `last`). A row with malformed quotes, or held open by a quote past MAX_SPAN_CHARS, is rejected
   * as its first line and the text after that line parsed again; after MAX_RESTARTS of them, the
   * rest of the text a line at a time.
   */
  private parseRows(text: string, last: boolean, out: ChunkRows): void {
    const newline = this.newline;
    this.parser ??= new Papa.Parser({ delimiter: ',', newline }); // an empty file
    let part = text;
    for (let restarts = 0; ; restarts++) {
      if (restarts === MAX_RESTARTS) {
        this.parseLines(part, last, out);
        return;
      }
      const results = this.parser.parse(part, 0, !last);
      const data = results.data;
      // the file's last line break ends no row: papaparse gives an empty one after it
      if (last && results.errors.length === 0 && part.endsWith(newline)) data.pop();
      let wrong = firstQuoteError(results.errors);
      if (part.indexOf(QUOTE) >= 0) {
        const long = firstLongSpan(data, wrong < 0 ? data.length : wrong, newline);
        if (long >= 0) wrong = long;
      }
      if (wrong < 0) {
        const rest = last ? '' : part.substring(results.meta.cursor);
        if (rest.length <= MAX_SPAN_CHARS || rest.indexOf(newline) < 0) {
          if (newline === '\n') dropCarriageReturns(data);
          out.add(data);
          this.rest = rest;
          return;
        }
        wrong = data.length; // a quote left open: the unfinished row spans lines and runs on
      }
      const good = data.slice(0, wrong);
      if (newline === '\n') dropCarriageReturns(good);
      out.add(good);
      const start = rowStart(part, good, newline);
      const end = part.indexOf(newline, start);
      if (end < 0 && !last) {
        // the bad row's first line is not whole yet: it waits for the next piece
        this.rest = part.substring(start);
        return;
      }
      out.reject(lineText(part, start, end < 0 ? part.length : end), 'malformed quotes');
      if (end < 0) {
        this.rest = '';
        return;
      }
      part = part.substring(end + 1);
    }
  }

  /** Parses `text` a line at a time, no row running past its line: a line with a quote error is rejected. */
  private parseLines(text: string, last: boolean, out: ChunkRows): void {
    const parser = this.parser as Parser;
    const lines = text.split(this.newline);
    this.rest = last ? '' : (lines.pop() as string);
    for (let i = 0; i < lines.length; i++) {
      const line = lineText(lines[i] as string, 0, (lines[i] as string).length);
      if (last && i === lines.length - 1 && line === '') break; // after the last line break
      const results = parser.parse(line, 0, false);
      if (results.errors.length > 0) out.reject(line, 'malformed quotes');
      else out.add([results.data[0] ?? ['']]);
    }
  }
}

/** The row of papaparse's first Quotes error, -1 when there is none. */
function firstQuoteError(errors: ParseError[]): number {
  let first = -1;
  for (const error of errors)
    if (error.type === 'Quotes' && error.row !== undefined && (first < 0 || error.row < first))
      first = error.row;
  return first;
}

/** The first row before `before` whose fields hold line breaks and run past MAX_SPAN_CHARS (a quote left open), or -1. */
function firstLongSpan(rows: readonly string[][], before: number, newline: string): number {
  for (let i = 0; i < before; i++) {
    const row = rows[i] as string[];
    let chars = row.length - 1;
    let spans = false;
    for (const field of row) {
      chars += field.length;
      spans ||= field.indexOf(newline) >= 0;
    }
    if (spans && chars > MAX_SPAN_CHARS) return i;
  }
  return -1;
}

/** Where the row after `rows` begins in `text`: past their line breaks, inside fields and between rows. */
function rowStart(text: string, rows: readonly string[][], newline: string): number {
  let breaks = rows.length;
  for (const row of rows) for (const field of row) breaks += countOf(field, newline);
  let at = 0;
  for (let i = 0; i < breaks; i++) at = text.indexOf(newline, at) + 1;
  return at;
}

/** text[start, end) without a CR at its end. */
function lineText(text: string, start: number, end: number): string {
  return text.substring(start, text.charCodeAt(end - 1) === CARRIAGE_RETURN && end > start ? end - 1 : end);
}

/** Drops the CR that ends a row's last field (CRLF line ends split at LF). */
function dropCarriageReturns(rows: string[][]): void {
  for (const row of rows) {
    const last = row.length - 1;
    const field = row[last] as string;
    if (field.charCodeAt(field.length - 1) === CARRIAGE_RETURN) row[last] = field.slice(0, -1);
  }
}

/** How many times `char` occurs in `text`. */
function countOf(text: string, char: string): number {
  let count = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) count++;
  return count;
}

/**
 * Where the piece from `start` ends: just after the first line break at least PIECE_BYTES on, or 0
 * when the block does not reach that far (the bytes wait for the next read). A full block with no
 * line break to cut at is cut at the last whole UTF-8 character instead.
 */
function pieceEnd(block: Buffer, start: number, end: number): number {
  const from = start + PIECE_BYTES - 1;
  if (from < end) {
    const next = block.indexOf(LINE_FEED, from);
    if (next >= 0 && next < end) return next + 1;
  }
  if (start > 0) return 0;
  if (end < block.length) return 0;
  const back = block.lastIndexOf(LINE_FEED, end - 1);
  return back >= 0 ? back + 1 : utf8Boundary(block, end);
}

/** The end of the last whole UTF-8 character in block[0, end): a character cut short waits for more bytes. */
function utf8Boundary(block: Buffer, end: number): number {
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const byte = block[i] as number;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + length > end ? i : end;
  }
  return end;
}
