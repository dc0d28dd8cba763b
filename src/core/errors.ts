/**
 * Airtight's error family. Throw these for bad input and bad configuration; expected outcomes are
 * return values. Every message names the thing and the offending value so that a user can act on
 * one line (the CLI prints `message` and exits 2; the server answers 400).
 */
export class AirtightError extends Error {
  override name = 'AirtightError';
}

/** Where a bad value was found: a file, a place inside it, and the value itself. */
export interface InputProblem {
  /** File, URL or other source the value came from, e.g. `stations/iss.yaml`. */
  source?: string;
  /** Place inside the source: `line 12`, `modules[3].volume_m3`, `row 5, column value`. */
  where?: string;
  /** What is wrong, in plain words: `must be greater than 0`. */
  problem: string;
  /** The offending value, printed as JSON when present. */
  value?: unknown;
}

/** Bad input from a user: a file, a field or a value that cannot be used. Exit code 2. */
export class InputError extends AirtightError {
  override name = 'InputError';
  readonly source: string | undefined;
  readonly where: string | undefined;
  readonly problem: string;
  readonly value: unknown;

  constructor(detail: InputProblem, options?: { cause?: unknown }) {
    super(formatProblem(detail), options);
    this.source = detail.source;
    this.where = detail.where;
    this.problem = detail.problem;
    this.value = detail.value;
  }
}

/** A command used wrongly: unknown option, missing argument. Exit code 2. */
export class UsageError extends AirtightError {
  override name = 'UsageError';
}

/** `file: place: problem (got value)`, leaving out what is unknown. */
export function formatProblem(detail: InputProblem): string {
  const head = [detail.source, detail.where].filter((part) => part !== undefined && part !== '').join(': ');
  const got = 'value' in detail && detail.value !== undefined ? ` (got ${describeValue(detail.value)})` : '';
  return `${head ? `${head}: ` : ''}${detail.problem}${got}`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
