/**
 * Field values as telemetry files write them: times (ISO 8601 with a zone, or epoch seconds) and
 * numbers. Every check here runs before a value is trusted; the hot loops call these and nothing else.
 */
import type { RowReason } from './types.js';

const ISO_ZONED = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;
const ISO_UNZONED = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/**
 * A number written in decimal: digits, sign, point and exponent, nothing around it. NaN for
 * anything else, including empty text, whitespace, `NaN` and ±Infinity.
 */
export function parseNumber(text: string): number {
  const n = text.length;
  if (n === 0) return Number.NaN;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(n - 1);
  // a digit or point last, a digit, sign or point first: refuses surrounding whitespace (which
  // Number() would skip), words and the hexadecimal digits a–f at the end
  if (!(isDigit(last) || last === 46) || !(isDigit(first) || first === 45 || first === 43 || first === 46))
    return Number.NaN;
  const x = Number(text);
  return x - x === 0 ? x : Number.NaN;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * A time field as epoch seconds, or why it cannot be one. ISO 8601 must carry a zone (`Z`, `+02:00`,
 * `+0200`); a bare number is epoch seconds. Date.parse resolves to the millisecond.
 */
export function parseTime(text: string): number | RowReason {
  if (ISO_ZONED.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? 'unparseable time' : ms / 1000;
  }
  const epochS = parseNumber(text);
  if (!Number.isNaN(epochS)) return epochS;
  return ISO_UNZONED.test(text) ? 'time without zone' : 'unparseable time';
}

/** At most 80 characters of offending text, for messages. */
export function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Line breaks inside a row's fields (quoted CSV fields may hold them), to keep line numbers right. */
export function lineBreaks(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) count++;
  }
  return count;
}
