/** Query and body field readers that throw InputError naming the field and the value. */
import { InputError } from '../core/index.js';

const ZONED_ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;

/**
 * Epoch seconds from a number or an ISO 8601 time with a zone; NaN when neither, or when the date
 * or time does not exist (30 February, hour 24, second 60: Date.parse would roll them over).
 */
export function parseTimeValue(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  const parts = ZONED_ISO.exec(value);
  if (parts === null) return Number.NaN;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map((x) => Number(x ?? 0)) as number[];
  const exists =
    (month as number) >= 1 &&
    (month as number) <= 12 &&
    (day as number) >= 1 &&
    (day as number) <= daysInMonth(year as number, month as number) &&
    (hour as number) <= 23 &&
    (minute as number) <= 59 &&
    (second as number) <= 59;
  return exists ? Date.parse(value) / 1000 : Number.NaN;
}

/** Days in a month (1–12) of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

export function timeField(where: string, value: unknown): number {
  const t = parseTimeValue(value);
  if (Number.isNaN(t))
    throw new InputError({
      where,
      problem: 'must be epoch seconds or an ISO 8601 time with a zone, such as 2020-08-20T12:00:00Z',
      value,
    });
  return t;
}

export function integerField(where: string, value: unknown, min: number, max: number): number {
  // a query's whole number is written in digits: 1e3 or 0x10 is not one
  const n = typeof value === 'string' && /^[+-]?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
    throw new InputError({ where, problem: `must be a whole number from ${min} to ${max}`, value });
  return n;
}

export function numberField(where: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw new InputError({ where, problem: `must be a number from ${min} to ${max}`, value });
  return value;
}

export function textField(where: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength)
    throw new InputError({ where, problem: `must be text of 1 to ${maxLength} characters`, value });
  return value;
}

export function oneOf<T extends string>(where: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value))
    throw new InputError({
      where,
      problem: `must be one of ${choices.length > 12 ? `${choices.slice(0, 12).join(', ')}, …` : choices.join(', ')}`,
      value,
    });
  return value as T;
}

export function objectBody(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError({ where: 'body', problem: 'must be a JSON object', value });
  return value as Record<string, unknown>;
}

/** A yes/no query field: true or 1, false or 0. */
export function booleanField(where: string, value: unknown): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new InputError({ where, problem: 'must be true or false (or 1 or 0)', value });
}
