/**
 * Reads a YAML or JSON file into plain data and keeps enough of the parse to say on which line a
 * value sits, so that every configuration error can name file, path, line and value.
 */
import { readFileSync } from 'node:fs';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { InputError } from '../core/index.js';

export type PathSegment = string | number;

export interface SourceDocument {
  /** File path or label used in messages. */
  source: string;
  data: unknown;
  /** 1-based line of the value at `path` (or of its nearest existing parent); undefined if unknown. */
  lineOf(path: readonly PathSegment[]): number | undefined;
}

/** Reads and parses a file; unreadable or unparseable files are an InputError naming file and line. */
export function readDocument(path: string): SourceDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : `cannot read (${code ?? 'error'})`;
    throw new InputError({ source: path, problem }, { cause: error });
  }
  return parseDocumentText(text, path);
}

/** Parses YAML or JSON text (JSON is read as YAML 1.2, which contains it). */
export function parseDocumentText(text: string, source: string): SourceDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const line = lineCounter.linePos(first.pos[0]).line;
    throw new InputError({
      source,
      where: `line ${line}`,
      problem: `not valid YAML/JSON: ${first.message.split('\n')[0]}`,
    });
  }
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  return {
    source,
    data,
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return lineCounter.linePos(node.range[0]).line;
        if (n > 0 && n === path.length) {
          const parent = doc.getIn(path.slice(0, n - 1), true);
          if (isMap(parent)) {
            const pair = parent.items.find(
              (item) => (item.key as { value?: unknown })?.value === path[n - 1],
            );
            const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
            if (keyRange) return lineCounter.linePos(keyRange[0]).line;
          }
        }
      }
      return undefined;
    },
  };
}

/** `modules[3].volume_m3` from a path. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text === '' ? '(top level)' : text;
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/** An InputError for a value at a path of a document: `file: line 12, modules[3].volume_m3: ... (got -2)`. */
export function documentError(
  doc: SourceDocument,
  path: readonly PathSegment[],
  problem: string,
  value?: unknown,
): InputError {
  const line = doc.lineOf(path);
  const where = `${line !== undefined ? `line ${line}, ` : ''}${formatPath(path)}`;
  return new InputError(
    value === undefined
      ? { source: doc.source, where, problem }
      : { source: doc.source, where, problem, value },
  );
}
