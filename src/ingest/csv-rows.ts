/**
 * Walks a CSV file row by row for the long and wide readers: finds the header, skips blank lines,
 * keeps 1-based line numbers right (quoted fields may span lines) and rejects rows whose quotes are
 * malformed. Yields after each piece of the file so that the caller can pass on finished batches.
 */
import { readCsvChunks } from './csv-chunks.js';
import { lineBreaks } from './fields.js';
import type { IngestTally } from './report.js';

export interface CsvRowHandler {
  /** Checks the header row (throws an InputError when it is wrong). */
  header(fields: string[], line: number): void;
  /** Reads a data row, counting it in `tally.rows`; false when any of it was rejected. */
  row(fields: string[], line: number): boolean;
}

export async function* walkCsvRows(
  path: string,
  tally: IngestTally,
  handler: CsvRowHandler,
): AsyncGenerator<void> {
  let nextLine = 1;
  let headerRead = false;
  for await (const chunk of readCsvChunks(path)) {
    const rows = chunk.rows;
    const badQuotes = chunk.badQuotes;
    for (let i = 0; i < rows.length; i++) {
      const fields = rows[i] as string[];
      const line = nextLine++;
      if (fields.length === 1 && (fields[0] as string).trim() === '' && badQuotes?.has(i) !== true) continue;
      if (!headerRead) {
        headerRead = true;
        handler.header(fields, line);
      } else {
        if (badQuotes?.has(i)) {
          tally.rows++;
          tally.reject(path, line, 'malformed quotes', fields.join(','));
        } else if (handler.row(fields, line)) continue;
      }
      nextLine += lineBreaks(fields);
    }
    if (chunk.unterminated) {
      tally.rows++;
      tally.reject(path, nextLine, 'malformed quotes', 'a quoted field that never ends');
    }
    yield;
  }
}
