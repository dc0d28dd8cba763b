/** Query and body field readers that throw InputError naming the field and the value. */
import { InputError } from '../core/index.js';

const ZONED_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;

/** Epoch seconds from a number or an ISO 8601 time with a zone; NaN when neither. */
export function parseTimeValue(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return ZONED_ISO.test(value) ? Date.parse(value) / 1000 : Number.NaN;
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
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
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
