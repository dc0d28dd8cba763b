/**
 * Reading a telemetry file through the leak monitor, as `analyze`, `plan` and the other commands
 * that start from an analysis do: bad rows printed (the first few) and counted, a progress bar,
 * a clear error when no sample belongs to the station.
 */
import { resolve } from 'node:path';
import { InputError, isoFromEpochS, type Station } from '../core/index.js';
import { formatRowIssue, type IngestReport, type RowIssue, readTelemetry } from '../ingest/index.js';
import {
  createMonitor,
  finishMonitor,
  type MonitorOptions,
  type MonitorState,
  monitorBatch,
} from '../monitor/index.js';
import type { Io } from './io.js';
import { startProgress } from './progress.js';
import { stationAsSimulated } from './simulated-station.js';

export interface ReadOptions {
  year?: number;
  strict?: boolean;
  quiet?: boolean;
}

/** Bad rows printed in full before the rest are only counted. */
const SHOWN_ISSUES = 10;

/** The finished monitor over the telemetry at `telemetry` (relative to the working folder). */
export async function monitorTelemetry(
  io: Io,
  telemetry: string,
  station: Station,
  monitorOptions: MonitorOptions,
  options: ReadOptions,
): Promise<{ monitor: MonitorState; ingest: IngestReport }> {
  const path = resolve(io.cwd, telemetry);
  const simulated = stationAsSimulated(station, path);
  if (simulated.source !== null && simulated.absent.length > 0)
    io.err(
      `airtight: ${simulated.source}: the simulated station had ${simulated.absent.join(', ')} not present; analysed as it was\n`,
    );
  if (simulated.source !== null && simulated.moved.length > 0)
    io.err(
      `airtight: ${simulated.source}: the run's station changed on the way (${simulated.moved.join('; ')}); vehicles followed from their hatches and channels\n`,
    );
  const monitor = createMonitor(simulated.station, monitorOptions);
  let shown = 0;
  const onIssue = (issue: RowIssue): void => {
    if (shown++ < SHOWN_ISSUES) io.err(`airtight: ${formatRowIssue(issue)}\n`);
  };
  const read = readTelemetry(path, {
    station: simulated.station,
    ...(options.year !== undefined && { year: options.year }),
    ...(options.strict && { strict: true }),
    onIssue,
  });
  const bar = startProgress(io, 'analysing', options);
  try {
    for await (const batch of read.batches) {
      monitorBatch(monitor, batch);
      if (Number.isFinite(monitor.lastS)) bar.update(0, isoFromEpochS(monitor.lastS).slice(0, 16));
    }
  } finally {
    bar.stop();
  }
  const ingest = read.report();
  if (ingest.samples === 0)
    throw new InputError({
      source: path,
      problem: `no samples of station '${station.id}' channels (${ingest.rows} rows read, ${ingest.rejected} rejected)`,
    });
  finishMonitor(monitor);
  return { monitor, ingest };
}
