/**
 * Field values as telemetry files write them: times (ISO 8601 with a zone, or epoch seconds) and
 * numbers. Every check here runs before a value is trusted; the hot loops call these and nothing else.
 */
import type { RowReason } from './types.js';

const ISO_ZONED = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;
const ISO_UNZONED = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/**
 * A number written in decimal: digits, sign, point and exponent, nothing around it. NaN for
 * anything else, including empty text, whitespace, `NaN`, ±Infinity and hexadecimal, binary or
 * octal (`0x2F8`, `0b1011`, `0o17`).
 */
export function parseNumber(text: string): number {
  const x = parsePlainDecimal(text);
  return Number.isNaN(x) ? parseNumberGeneral(text) : x;
}

/** Exact powers of ten 10^0 … 10^22 (decimal literals, so each is the exact value). */
const POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * The fast path of parseNumber: an optional sign, at most 15 digits and at most one point, else
 * NaN. The digits form an integer below 2^53 and the divisor 10^k is exact, so the one IEEE
 * division rounds correctly and gives exactly what Number() gives (Clinger's fast path, "How to
 * read floating point numbers accurately", PLDI 1990).
 */
export function parsePlainDecimal(text: string): number {
  const n = text.length;
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  let mantissa = 0;
  let digits = 0;
  let point = -1;
  for (; i < n; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
    } else if (code === 46 && point < 0) point = i;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  const x = point < 0 ? mantissa : mantissa / (POWERS_OF_TEN[n - 1 - point] as number);
  return negative ? -x : x;
}

/**
 * parseNumber for any text, and the reference its fast path is tested against: Number() after
 * refusing what it would wrongly accept.
 */
export function parseNumberGeneral(text: string): number {
  const n = text.length;
  if (n === 0) return Number.NaN;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(n - 1);
  // a digit or point last, a digit, sign or point first: refuses surrounding whitespace (which
  // Number() would skip), words and the hexadecimal digits a–f at the end
  if (!(isDigit(last) || last === 46) || !(isDigit(first) || first === 45 || first === 43 || first === 46))
    return Number.NaN;
  // 0x, 0b, 0o (any case): hexadecimal, binary and octal, which Number() reads (unsigned only)
  const radix = text.charCodeAt(1) | 0x20;
  if (first === 48 && (radix === 120 || radix === 98 || radix === 111)) return Number.NaN;
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
  const ms = parseIsoUtcMs(text);
  return Number.isNaN(ms) ? parseTimeGeneral(text) : ms / 1000;
}

/**
 * The fast path of parseTime for the form telemetry writers use, `YYYY-MM-DDTHH:MM:SSZ` or
 * `YYYY-MM-DDTHH:MM:SS.sssZ`: epoch milliseconds from the digits when every character and every
 * field is valid (a real calendar day, hours to 23, seconds to 59), else NaN, leaving the text to
 * parseTimeGeneral. What it accepts, Date.parse reads to the same millisecond.
 */
export function parseIsoUtcMs(text: string): number {
  const n = text.length;
  if (n !== 20 && n !== 24) return Number.NaN;
  if (
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(n - 1) !== 90 || // Z
    (n === 24 && text.charCodeAt(19) !== 46) // .
  )
    return Number.NaN;
  const hour = readDigits(text, 11, 2);
  const minute = readDigits(text, 14, 2);
  const second = readDigits(text, 17, 2);
  const ms = n === 24 ? readDigits(text, 20, 3) : 0;
  // a negative field means a non-digit
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0)
    return Number.NaN;
  const dayMs = dayStartMs(readDigits(text, 0, 4), readDigits(text, 5, 2), readDigits(text, 8, 2));
  return dayMs + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

/** The last day dayStartMs computed: consecutive times mostly fall on the same day. */
const lastDay = { year: -1, month: -1, day: -1, ms: 0 };

/** Epoch milliseconds at the start of a calendar day (month 1–12), NaN if there is no such day. */
function dayStartMs(year: number, month: number, day: number): number {
  if (year === lastDay.year && month === lastDay.month && day === lastDay.day) return lastDay.ms;
  // Date.UTC reads years 0–99 as 1900–1999; a negative field means a non-digit
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  lastDay.year = year;
  lastDay.month = month;
  lastDay.day = day;
  lastDay.ms = Date.UTC(year, month - 1, day);
  return lastDay.ms;
}

/** The decimal number in `count` characters from `start`, or -1 if any is not a digit. */
function readDigits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

/** Days in a month (1–12) of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/**
 * parseTime for any text, and the reference its fast path is tested against: zoned ISO 8601 read
 * by Date.parse, or epoch seconds. A date or time that does not exist (30 February, hour 24,
 * second 60) is unparseable: Date.parse would roll it over into the next month, day or minute.
 */
export function parseTimeGeneral(text: string): number | RowReason {
  if (ISO_ZONED.test(text)) {
    if (!existingDateTime(text)) return 'unparseable time';
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? 'unparseable time' : ms / 1000;
  }
  const epochS = parseNumber(text);
  if (!Number.isNaN(epochS)) return epochS;
  return ISO_UNZONED.test(text) ? 'time without zone' : 'unparseable time';
}

/** The fields of `YYYY-MM-DD[T ]HH:MM[:SS…]` (the form ISO_ZONED matched) name a real instant. */
function existingDateTime(text: string): boolean {
  const year = readDigits(text, 0, 4);
  const month = readDigits(text, 5, 2);
  const day = readDigits(text, 8, 2);
  const second = text.charCodeAt(16) === 58 ? readDigits(text, 17, 2) : 0;
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    readDigits(text, 11, 2) <= 23 &&
    readDigits(text, 14, 2) <= 59 &&
    second <= 59
  );
}

/** At most 80 characters of offending text, for messages. */
export function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The text without the spaces, tabs and CRs a CSV writer may leave around a field (`a, b`, a CRLF
 * line split at LF). A line break stays: a field read after trimming holds none.
 */
export function trimField(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return end - start === text.length ? text : text.substring(start, end);
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}

/** Line breaks inside a row's fields (quoted CSV fields may hold them), to keep line numbers right. */
export function lineBreaks(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) count++;
  }
  return count;
}
