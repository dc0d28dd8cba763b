/**
 * Built-in stations and scenarios ship as YAML files in the package's `stations/` and
 * `scenarios/` folders. A name resolves to one of those; anything that looks like a path (or
 * names an existing file) is read as a file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/index.js';

export type BuiltinKind = 'station' | 'scenario';

const FOLDERS: Readonly<Record<BuiltinKind, string>> = { station: 'stations', scenario: 'scenarios' };
const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The package's root folder (the one holding package.json), found from this file's location. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('airtight: cannot find the package root');
    dir = up;
  }
  return dir;
}

/** Names of the built-in stations or scenarios, sorted. */
export function builtinNames(kind: BuiltinKind): string[] {
  const folder = join(packageRoot(), FOLDERS[kind]);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => EXTENSIONS.includes(extname(f)))
    .map((f) => basename(f, extname(f)))
    .sort();
}

export interface ResolvedFile {
  path: string;
  /** The built-in name, or the file's stem. */
  id: string;
  builtin: boolean;
}

/** Resolves a built-in name or a file path (relative paths against `baseDir`). */
export function resolveNamed(kind: BuiltinKind, nameOrPath: string, baseDir = process.cwd()): ResolvedFile {
  const looksLikePath = /[\\/]/.test(nameOrPath) || EXTENSIONS.includes(extname(nameOrPath));
  if (!looksLikePath) {
    const builtin = join(packageRoot(), FOLDERS[kind], `${nameOrPath}.yaml`);
    if (existsSync(builtin)) return { path: builtin, id: nameOrPath, builtin: true };
  }
  const path = resolve(baseDir, nameOrPath);
  if (existsSync(path)) return { path, id: basename(path, extname(path)), builtin: false };
  const names = builtinNames(kind);
  throw new InputError({
    problem: looksLikePath
      ? `${kind} file not found: ${path}`
      : `unknown ${kind}; built-in ${kind}s are ${names.join(', ')} (or give a path to a .yaml or .json file)`,
    value: nameOrPath,
  });
}
