// The import rule of ARCHITECTURE.md, read from the import lines of every source file:
// pure folders import nothing but pure folders (no packages, no node: modules); adapters import
// pure folders and their own libraries, never each other; other folders are reached only through
// their index.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');
const PURE = new Set(['core', 'sim', 'estimate', 'localize', 'search', 'forecast', 'monitor']);
const ADAPTERS = new Set(['config', 'ingest', 'export', 'plot', 'store', 'acoustic']);
const SHELLS = new Set(['cli', 'server', 'web']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.test.ts') &&
      !entry.name.endsWith('.contract.ts')
      ? [path]
      : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm),
    ...text.matchAll(/import\(\s*'([^']+)'\s*\)/g),
  ].map((m) => m[1] as string);
}

const folderOf = (file: string): string => relative(SRC, file).split('/')[0] ?? '';

describe('architecture', () => {
  const files = sourceFiles(SRC);

  it('every top-level folder is a known layer', () => {
    const folders = new Set(files.map(folderOf));
    for (const folder of folders) expect([...PURE, ...ADAPTERS, ...SHELLS]).toContain(folder);
  });

  it('pure folders import no package, no node: module and no adapter', () => {
    const offences: string[] = [];
    for (const file of files.filter((f) => PURE.has(folderOf(f)))) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) offences.push(`${relative(SRC, file)} imports '${spec}'`);
        else {
          const target = folderOf(resolve(dirname(file), spec));
          if (!PURE.has(target)) offences.push(`${relative(SRC, file)} imports adapter '${spec}'`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it('adapters import pure folders only, never another adapter or a shell', () => {
    const offences: string[] = [];
    for (const file of files.filter((f) => ADAPTERS.has(folderOf(f)))) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = folderOf(resolve(dirname(file), spec));
        if (target !== folderOf(file) && !PURE.has(target))
          offences.push(`${relative(SRC, file)} imports '${spec}'`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('other folders are reached only through their index.ts', () => {
    const offences: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = resolve(dirname(file), spec);
        if (folderOf(target) !== folderOf(file) && !target.endsWith(`${folderOf(target)}/index.js`))
          offences.push(`${relative(SRC, file)} imports '${spec}'`);
      }
    }
    expect(offences).toEqual([]);
  });
});
