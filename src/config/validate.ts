/**
 * Runs a zod schema over a document and turns the first problem into an InputError that names
 * file, line, path and value.
 */
import type { z } from 'zod';
import { documentError, type PathSegment, type SourceDocument, valueAt } from './document.js';

/** Validates the value at `at` (default: the whole document) and returns the parsed output. */
export function validateDocument<S extends z.ZodType>(
  doc: SourceDocument,
  schema: S,
  at: readonly PathSegment[] = [],
): z.output<S> {
  const result = schema.safeParse(valueAt(doc.data, at));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw documentError(doc, [], 'invalid document');
  const path = [
    ...at,
    ...issue.path.filter((p): p is PathSegment => typeof p === 'string' || typeof p === 'number'),
  ];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return fail(doc, [...path, key], `unknown field '${key}'`, undefined);
  }
  const value = valueAt(doc.data, path);
  let problem = describeIssue(issue, value);
  // A missing field next to an unknown one is usually a misspelling: say both.
  const parent = JSON.stringify(path.slice(0, -1));
  const stray = result.error.issues.find(
    (i) => i.code === 'unrecognized_keys' && JSON.stringify([...at, ...i.path]) === parent,
  );
  if (value === undefined && stray?.code === 'unrecognized_keys')
    problem += `; unknown field '${stray.keys.join("', '")}' beside it`;
  return fail(doc, path, problem, value);
}

function fail(doc: SourceDocument, path: PathSegment[], problem: string, value: unknown): never {
  throw documentError(doc, path, problem, value);
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined
        ? `missing (${issue.expected} required)`
        : `must be ${article(issue.expected)}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `needs at least ${issue.minimum} item(s)`
        : `must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `allows at most ${issue.maximum} item(s)`
        : `must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return issue.message && issue.message !== 'Invalid input' ? issue.message : 'has an unsupported form';
    default:
      return issue.message;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}
