import type { Station } from '../core/index.js';
import { resolveNamed } from './builtins.js';
import { readDocument } from './document.js';
import { stationFromDocument } from './station-file.js';

/** Loads a built-in station by name, or a station file by path. */
export function loadStation(nameOrPath: string, baseDir?: string): Station {
  const file = resolveNamed('station', nameOrPath, baseDir);
  return stationFromDocument(readDocument(file.path), file.id);
}
