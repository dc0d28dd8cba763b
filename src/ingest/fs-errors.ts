/** File-system failures as InputErrors that name the path and say what went wrong in plain words. */
import { InputError } from '../core/index.js';

const PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  // zlib, for a .gz file
  Z_BUF_ERROR: 'gzip data cut short: the file ends before its compressed data does (an incomplete copy?)',
  Z_DATA_ERROR: 'not gzip data, or corrupt',
};

/** An InputError for a path that cannot be read, keeping the system error as `cause`. */
export function unreadable(path: string, error: unknown): InputError {
  if (error instanceof InputError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const problem =
    code === undefined
      ? `cannot read (${error instanceof Error ? error.message : String(error)})`
      : code === 'Z_DATA_ERROR'
        ? `${PROBLEMS[code]} (${error instanceof Error ? error.message : code})`
        : (PROBLEMS[code] ?? `cannot read (${code})`);
  return new InputError({ source: path, problem }, { cause: error });
}
