/**
 * Reads a telemetry file or folder of any format of CONTRACT.md §3 as batches of samples in SI, and
 * counts what it read. Bad rows are reported (`onIssue`) and counted, never dropped silently, and do
 * not stop the read unless `strict`. Samples come out non-decreasing in time: each file (each ISS
 * Live channel file) is put back in order within 10 minutes and checked for implausible times and far
 * jumps (TimeOrder); ISS Live files are then merged.
 */
import { accessSync, constants } from 'node:fs';
import { InputError, utcYear } from '../core/index.js';
import { readCsvLong } from './csv-long.js';
import { readCsvWide } from './csv-wide.js';
import { detectFormat, telemetryPath } from './detect-format.js';
import { unreadable } from './fs-errors.js';
import { readIssLive } from './iss-live.js';
import { readJsonl } from './jsonl.js';
import { type Reading, startReading } from './reading.js';
import { EARLIEST_S, LATEST_S } from './time-order.js';
import type { IngestOptions, IngestReport, SampleBatch, TelemetryFormat } from './types.js';

const DEFAULT_BATCH_SIZE = 65_536;
/** Years whose times are plausible (TimeOrder's range, 1970 to 2199). */
const FIRST_YEAR = utcYear(EARLIEST_S);
const LAST_YEAR = utcYear(LATEST_S) - 1;

export interface TelemetryRead {
  /** The samples; each iteration reads the path afresh (and starts a fresh report). */
  batches: AsyncIterable<SampleBatch>;
  /** What the current (or last) iteration has read so far. */
  report: () => IngestReport;
}

/**
 * Checks the path, format, year (1970 to 2199) and batch size at once (InputError), then reads lazily. A folder
 * holding one telemetry file and no ISS Live file reads as that file (`telemetryPath`).
 */
export function readTelemetry(named: string, options: IngestOptions): TelemetryRead {
  const path = telemetryPath(named);
  const format = detectFormat(path);
  try {
    accessSync(path, format === 'isslive' ? constants.R_OK | constants.X_OK : constants.R_OK);
  } catch (error) {
    throw unreadable(path, error);
  }
  const { year } = options;
  if (format === 'isslive' && year === undefined)
    throw new InputError({
      source: path,
      problem: 'an ISS Live folder needs the year its GMT-decimal times count from (--year)',
    });
  if (year !== undefined && !Number.isInteger(year))
    throw new InputError({ source: path, problem: 'year must be a whole number', value: year });
  if (year !== undefined && (year < FIRST_YEAR || year > LAST_YEAR))
    throw new InputError({
      source: path,
      problem: `year must be from ${FIRST_YEAR} to ${LAST_YEAR} (sample times outside are rejected)`,
      value: year,
    });
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new InputError({ problem: 'batchSize must be a whole number of at least 1', value: batchSize });

  let reading = startReading(path, options, batchSize);
  return {
    batches: {
      [Symbol.asyncIterator]() {
        reading = startReading(path, options, batchSize);
        return readFormat(format, path, reading, year ?? 0);
      },
    },
    report: () => reading.tally.snapshot(format, reading.builder),
  };
}

function readFormat(
  format: TelemetryFormat,
  path: string,
  reading: Reading,
  year: number,
): AsyncGenerator<SampleBatch> {
  if (format === 'isslive') return readIssLive(path, reading, year);
  reading.tally.files.push(path);
  switch (format) {
    case 'csv-long':
      return readCsvLong(path, reading);
    case 'csv-wide':
      return readCsvWide(path, reading);
    case 'jsonl':
      return readJsonl(path, reading);
  }
}
