/**
 * The station as a simulated run had it. A folder `airtight simulate` wrote holds truth.json beside
 * the telemetry, naming the modules present when the run began: prk-2020's station of 2020 had no
 * Nauka, Prichal or Crew Dragon, and analysed as today's ISS the Russian segment closed off for
 * weekend #2 counted their 95 m³ and read the crack's 1.4 kg/day as 2.0.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Station, UsageError } from '../core/index.js';

export interface SimulatedStation {
  station: Station;
  /** truth.json that said so, and the modules the station file has present that the run had not. */
  source: string | null;
  absent: string[];
  /** Vehicles the run docked or undocked on the way ("undock progress-poisk at …"): not followed. */
  moved: string[];
}

interface Truth {
  station?: unknown;
  /** The station file's absolute path, when the run's station came from its own file. */
  stationFile?: unknown;
  modulesPresentAtStart?: unknown;
  events?: unknown;
}

/** truth.json beside the telemetry at `telemetryPath` (a file or its folder) and where it is, if readable. */
function truthBeside(telemetryPath: string): { path: string; truth: Truth } | null {
  const folder =
    existsSync(telemetryPath) && statSync(telemetryPath).isDirectory()
      ? telemetryPath
      : dirname(telemetryPath);
  const path = join(folder, 'truth.json');
  if (!existsSync(path)) return null;
  try {
    return { path, truth: JSON.parse(readFileSync(path, 'utf8')) as Truth };
  } catch {
    return null;
  }
}

/** The station a simulated run at `telemetryPath` was on, as its truth.json names it (null if none says). */
export function simulatedStationName(telemetryPath: string): string | null {
  const truth = truthBeside(telemetryPath)?.truth;
  // a station from its own file: the file, wherever the analysis runs from
  const file = truth?.stationFile;
  if (typeof file === 'string' && existsSync(file)) return file;
  const station = truth?.station;
  return typeof station === 'string' && station.length > 0 ? station : null;
}

/** `station` with its modules' presence as the run at `telemetryPath` had it, when truth.json says. */
export function stationAsSimulated(station: Station, telemetryPath: string): SimulatedStation {
  const unchanged = { station, source: null, absent: [], moved: [] };
  const found = truthBeside(telemetryPath);
  if (found === null) return unchanged;
  const { path, truth } = found;
  const present = truth.modulesPresentAtStart;
  if (truth.station !== station.id || !Array.isArray(present)) return unchanged;
  const ids = new Set(present.filter((id): id is string => typeof id === 'string'));
  const absent = station.modules.filter((m) => m.present && !ids.has(m.id)).map((m) => m.id);
  const events = Array.isArray(truth.events) ? (truth.events as Record<string, unknown>[]) : [];
  const moved = events
    .filter((e) => e.kind === 'dock' || e.kind === 'undock')
    .map((e) => `${String(e.kind)} ${String(e.vehicle)} at ${String(e.time)}`);
  return {
    station: { ...station, modules: station.modules.map((m) => ({ ...m, present: ids.has(m.id) })) },
    source: path,
    absent,
    moved,
  };
}

/**
 * The station option's value, or of a simulated run the station its truth.json names; UsageError
 * when neither says. `telemetry` is relative to `cwd`.
 */
export function stationOf(cwd: string, telemetry: string, given: string | undefined): string {
  if (given !== undefined) return given;
  const simulated = simulatedStationName(resolve(cwd, telemetry));
  if (simulated === null)
    throw new UsageError(
      `--station is required: name the station the telemetry is from (a built-in name or a station file); only a folder 'airtight simulate' wrote names its own, in truth.json (none beside ${telemetry})`,
    );
  return simulated;
}
