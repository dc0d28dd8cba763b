/**
 * Runs the leak monitor over a telemetry file for commands that build on its results
 * (`forecast --telemetry`, `verify-repair`): the report (CONTRACT.md §5) and the monitor's state,
 * whose timeline holds the temperature-compensated gas inventory per 1-minute bin.
 */
import { resolve } from 'node:path';
import type { Station } from '../../core/index.js';
import {
  type AnalysisReport,
  buildReport,
  defaultMonitorOptions,
  type MonitorState,
} from '../../monitor/index.js';
import type { Io } from '../io.js';
import { monitorTelemetry } from '../run-monitor.js';

export interface MonitorRun {
  path: string;
  monitor: MonitorState;
  report: AnalysisReport;
}

export async function runMonitorOn(
  io: Io,
  station: Station,
  telemetry: string,
  options: { year?: number; quiet?: boolean },
): Promise<MonitorRun> {
  const { monitor } = await monitorTelemetry(io, telemetry, station, defaultMonitorOptions(station), options);
  return { path: resolve(io.cwd, telemetry), monitor, report: buildReport(monitor) };
}
