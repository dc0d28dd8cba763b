/**
 * Streams a CSV file through papaparse, a chunk of rows at a time, so memory stays flat for any file
 * size. The file is read in 1 MiB blocks and parsed in pieces of about 64 KiB that end at a line
 * break: small pieces keep every string and row in the young generation of the garbage collector,
 * where they die cheaply (1 MiB pieces cost twice as much in collection and large-object pages).
 * Each piece goes to papaparse's own parser exactly as its stream reader hands it on: appended to
 * the unfinished row before it, with the last row held back until more text arrives. A piece with no
 * quote character takes papaparse's fast path (plain splits) without being told.
 */
import Papa, { type ParseError, type Parser } from 'papaparse';
import { openBytes } from './file-bytes.js';

/** Bytes read from the file at a time. */
const BLOCK_BYTES = 1 << 20;
/** Bytes parsed at a time, at least; a piece runs on to the next line break. */
const PIECE_BYTES = 1 << 16;
/** A row still open after this many characters has an unterminated quote: the rest of the file is in it. */
const MAX_ROW_CHARS = 16 << 20;
const LINE_FEED = 10;

export interface CsvChunk {
  /** Rows in file order: blank lines are `['']`; quoted line breaks stay inside their field. */
  rows: string[][];
  /** Indices into `rows` of rows whose quotes are malformed (papaparse's Quotes errors). */
  badQuotes: ReadonlySet<number> | undefined;
  /** True when the file ended inside an unterminated quoted field that ran past MAX_ROW_CHARS. */
  unterminated: boolean;
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
        // as papaparse's stream reader ends: the last piece with its last row held back, then that row
        const chunk = csv.parse(block.toString('utf8', 0, end), false);
        yield chunk;
        if (!chunk.unterminated) yield csv.parse('', true);
        return;
      }
      csv.guessNewline(block, end);
      let start = 0;
      for (let cut = pieceEnd(block, start, end, csv.wantBytes()); cut > 0; ) {
        const chunk = csv.parse(block.toString('utf8', start, cut), false);
        start = cut;
        yield chunk;
        if (chunk.unterminated) return;
        cut = pieceEnd(block, start, end, csv.wantBytes());
      }
      held = end - start;
      block.copy(block, 0, start, end);
    }
  } finally {
    await file.close();
  }
}

/**
 * papaparse's parser fed piece by piece, as its stream reader feeds it: the line ending is guessed
 * once from the first block, each piece is appended to the row left unfinished by the one before,
 * and the last row waits for the next piece unless the file has ended.
 */
class CsvPieces {
  private parser: Parser | undefined;
  private rest = '';
  private charsSinceRow = 0;

  /** papaparse's guess of the line ending, from the first block of the file as its stream reader makes it. */
  guessNewline(block: Buffer, end: number): void {
    if (this.parser !== undefined) return;
    const first = block.toString('utf8', 0, utf8Boundary(block, end));
    // Papa.parse drops one leading byte-order mark and the stream reader none: the added mark
    // leaves the text to guess from as the stream reader saw it
    const { linebreak } = Papa.parse(`\uFEFF${first}`, { delimiter: ',', preview: 1 }).meta;
    this.parser = new Papa.Parser({ delimiter: ',', newline: linebreak });
  }

  /** Bytes for the next piece: more while a row stays open, so each parse of it takes twice as much. */
  wantBytes(): number {
    return Math.max(PIECE_BYTES, this.rest.length);
  }

  parse(piece: string, last: boolean): CsvChunk {
    this.charsSinceRow += piece.length;
    const text = this.rest + piece;
    this.parser ??= new Papa.Parser({ delimiter: ',', newline: '\n' }); // an empty file: papaparse's guess
    const results = this.parser.parse(text, 0, !last);
    this.rest = last ? '' : text.substring(results.meta.cursor);
    if (results.data.length > 0) this.charsSinceRow = 0;
    return {
      rows: results.data,
      badQuotes: quoteErrors(results.errors),
      unterminated: !last && this.charsSinceRow > MAX_ROW_CHARS,
    };
  }
}

function quoteErrors(errors: ParseError[]): ReadonlySet<number> | undefined {
  if (errors.length === 0) return undefined;
  const rows = errors.filter((e) => e.type === 'Quotes' && e.row !== undefined).map((e) => e.row as number);
  return rows.length > 0 ? new Set(rows) : undefined;
}

/**
 * Where the piece from `start` ends: just after the first line break at least `want` bytes on, or
 * 0 when the block does not reach that far (the bytes wait for the next read). A full block with no
 * line break to cut at is cut at the last whole UTF-8 character instead.
 */
function pieceEnd(block: Buffer, start: number, end: number, want: number): number {
  const from = start + want - 1;
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
