import type { Scenario } from '../core/index.js';
import { resolveNamed } from './builtins.js';
import { readDocument } from './document.js';
import { scenarioFromDocument } from './scenario-file.js';
import { loadStation } from './station-loader.js';

/** Loads a built-in scenario by name, or a scenario file by path; `seed` overrides the file's. */
export function loadScenario(
  nameOrPath: string,
  options: { seed?: number; baseDir?: string } = {},
): Scenario {
  const file = resolveNamed('scenario', nameOrPath, options.baseDir);
  const scenario = scenarioFromDocument(readDocument(file.path), file.id, loadStation);
  return options.seed === undefined ? scenario : { ...scenario, seed: options.seed };
}
