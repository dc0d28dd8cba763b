/**
 * Streams a CSV file through papaparse, a chunk of rows at a time: the file is read in 1 MiB pieces
 * and parsing pauses until the consumer asks for more, so memory stays flat for any file size.
 */
import { createReadStream } from 'node:fs';
import Papa, { type Parser } from 'papaparse';
import { unreadable } from './fs-errors.js';

/** Characters read per piece of the file. */
const PIECE_CHARS = 1 << 20;
/** A row still open after this many characters has an unterminated quote: the rest of the file is inside it. */
const MAX_ROW_CHARS = 16 << 20;

export interface CsvChunk {
  /** Rows in file order: blank lines are `['']`; quoted line breaks stay inside their field. */
  rows: string[][];
  /** Indices into `rows` of rows whose quotes are malformed (papaparse's Quotes errors). */
  badQuotes: ReadonlySet<number> | undefined;
  /** True when the file ended inside an unterminated quoted field that ran past MAX_ROW_CHARS. */
  unterminated: boolean;
}

export async function* readCsvChunks(path: string): AsyncGenerator<CsvChunk> {
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: PIECE_CHARS });
  const ready: CsvChunk[] = [];
  let paused: Parser | undefined;
  let finished = false;
  let failure: unknown;
  let charsSinceRow = 0;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  input.on('data', (piece) => {
    charsSinceRow += piece.length;
  });
  Papa.parse(input, {
    delimiter: ',',
    chunk(results, parser) {
      const quoteRows = results.errors.filter((e) => e.type === 'Quotes' && e.row !== undefined);
      const badQuotes = quoteRows.length > 0 ? new Set(quoteRows.map((e) => e.row as number)) : undefined;
      if (results.data.length > 0) charsSinceRow = 0;
      const unterminated = charsSinceRow > MAX_ROW_CHARS;
      ready.push({ rows: results.data, badQuotes, unterminated });
      if (unterminated) {
        finished = true;
        parser.abort();
        input.destroy();
      } else {
        paused = parser;
        parser.pause();
        input.pause();
      }
      signal();
    },
    complete() {
      finished = true;
      signal();
    },
    error(error) {
      failure = error;
      signal();
    },
  });

  try {
    for (;;) {
      const chunk = ready.shift();
      if (chunk !== undefined) {
        yield chunk;
        continue;
      }
      if (failure !== undefined) throw unreadable(path, failure);
      if (finished) return;
      if (paused !== undefined) {
        const parser = paused;
        paused = undefined;
        parser.resume();
        input.resume();
        continue; // resuming may have finished the parse already
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    input.destroy();
  }
}
