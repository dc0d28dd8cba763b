import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../core/index.js';

/** Where a command writes: the terminal in real use, buffers in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress bars go there). */
  errIsTTY: boolean;
  /** The stream progress bars draw on (a terminal); absent in tests. */
  errStream?: NodeJS.WriteStream;
  cwd: string;
}

/**
 * The process's streams. A reader that stops early (`airtight analyze … | head`) closes stdout:
 * the command ends quietly with what was read, rather than with an EPIPE stack trace.
 */
export function processIo(): Io {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(0);
    });
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errIsTTY: process.stderr.isTTY === true,
    errStream: process.stderr,
    cwd: process.cwd(),
  };
}

/**
 * Throws InputError (exit 2) unless a file can be written at `path` (relative to `cwd`): its folder
 * must exist, be a folder and be writable. Commands call it before their work starts, so a typo in
 * `--plot` or `--out` costs a second, not the analysis.
 */
export function checkWritableFile(path: string, cwd: string, what = 'the plot'): void {
  const full = resolve(cwd, path);
  const dir = dirname(path);
  const cannot = (problem: string): InputError =>
    new InputError({ problem: `cannot write ${what} to ${path}: ${problem}` });
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(dirname(full));
  } catch {
    throw cannot(`no such folder ${dir}`);
  }
  if (!stat.isDirectory()) throw cannot(`${dir} is not a folder`);
  try {
    accessSync(dirname(full), constants.W_OK);
  } catch {
    throw cannot(`the folder ${dir} is not writable`);
  }
  if (existsSync(full) && statSync(full).isDirectory()) throw cannot('that is a folder');
}

/**
 * Makes the folder `path` (relative to `cwd`) and any missing parents, one level at a time; returns
 * its absolute path. Anything in the way (a file of that name, a parent that is not a folder, a
 * place where no folder can be made such as /proc, no permission) is InputError naming `option`
 * and the path. Not mkdirSync({recursive: true}): on Linux that loops forever under /proc, where
 * mkdir answers ENOENT for a child of a folder that exists.
 */
export function makeFolder(path: string, cwd: string, option: string): string {
  const full = resolve(cwd, path);
  const cannot = (problem: string): InputError =>
    new InputError({ source: option, problem: `cannot make the folder ${path}: ${problem}` });
  const missing: string[] = [];
  let at = full;
  for (;;) {
    if (existsSync(at)) {
      if (!statSync(at).isDirectory())
        throw cannot(at === full ? 'a file of that name is there' : `${at} is a file, not a folder`);
      break;
    }
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : 'no folder can be made there';
      throw cannot(`${why} (${code}) at ${folder}`);
    }
  }
  if (missing.length === 0) {
    try {
      accessSync(full, constants.W_OK);
    } catch {
      throw cannot('the folder is not writable');
    }
  }
  return full;
}
