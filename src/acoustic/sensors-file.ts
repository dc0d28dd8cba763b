// sensors.json: where each acoustic sensor sits on the panel and which WAV channel it recorded,
// `[{"channel": 0, "x_m": 0.0, "y_m": 0.0}, …]` (CONTRACT.md §5). Every problem names the file,
// the entry and the value.
import { readFileSync } from 'node:fs';
import { InputError } from '../core/index.js';
import type { AcousticSensor } from '../search/index.js';

/** Reads and checks a sensors file; at least three sensors, distinct channels, finite positions. */
export function readSensorsFile(path: string): AcousticSensor[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      {
        source: path,
        problem: code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(error)})`,
      },
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      { source: path, problem: `not valid JSON (${error instanceof Error ? error.message : String(error)})` },
      { cause: error },
    );
  }
  return parseSensors(json, path);
}

/** Checks parsed sensors JSON; `source` names it in errors. */
export function parseSensors(json: unknown, source: string): AcousticSensor[] {
  if (!Array.isArray(json))
    throw new InputError({
      source,
      problem: 'must be a JSON array of {"channel", "x_m", "y_m"}',
      value: json,
    });
  if (json.length < 3)
    throw new InputError({
      source,
      problem: 'needs at least 3 sensors to fix a position on a panel',
      value: json.length,
    });
  const seen = new Set<number>();
  const sensors = json.map((entry: unknown, index): AcousticSensor => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new InputError({
        source,
        where: `[${index}]`,
        problem: 'must be an object {"channel", "x_m", "y_m"}',
        value: entry,
      });
    const record = entry as Record<string, unknown>;
    const channel = record.channel;
    if (typeof channel !== 'number' || !Number.isInteger(channel) || channel < 0)
      throw new InputError({
        source,
        where: `[${index}].channel`,
        problem: 'must be an integer ≥ 0 (a WAV channel index)',
        value: channel,
      });
    if (seen.has(channel))
      throw new InputError({
        source,
        where: `[${index}].channel`,
        problem: 'is used by another sensor',
        value: channel,
      });
    seen.add(channel);
    const at = (field: 'x_m' | 'y_m'): number => {
      const value = record[field];
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new InputError({
          source,
          where: `[${index}].${field}`,
          problem: 'must be a finite number of metres',
          value,
        });
      return value;
    };
    return { channel, xM: at('x_m'), yM: at('y_m') };
  });
  // two sensors at one spot hear the same arrival: their pair fixes nothing, and the fix's
  // uncertainty comes out undefined
  for (let i = 0; i < sensors.length; i++)
    for (let j = i + 1; j < sensors.length; j++) {
      const a = sensors[i] as AcousticSensor;
      const b = sensors[j] as AcousticSensor;
      if (Math.hypot(a.xM - b.xM, a.yM - b.yM) < CO_LOCATED_M)
        throw new InputError({
          source,
          where: `[${i}] and [${j}]`,
          problem: `sensors on channels ${a.channel} and ${b.channel} are at the same place (closer than ${CO_LOCATED_M * 1000} mm); each sensor needs its own position`,
          value: { x_m: b.xM, y_m: b.yM },
        });
    }
  return sensors;
}

/** Sensors closer than this [m] are one place. */
const CO_LOCATED_M = 0.001;
