import { describe, expect, it } from 'vitest';
import { excerpt, lineBreaks, parseNumber, parseTime } from './fields.js';

describe('parseTime', () => {
  it('reads ISO 8601 with a zone, to the millisecond', () => {
    expect(parseTime('2018-10-12T00:00:00Z')).toBe(1539302400);
    expect(parseTime('2018-10-12T00:00:00.123Z')).toBe(1539302400.123);
    expect(parseTime('2018-10-12T02:00:00+02:00')).toBe(1539302400);
    expect(parseTime('2018-10-11T21:30:00-0230')).toBe(1539302400);
    expect(parseTime('2018-10-12 00:00Z')).toBe(1539302400);
  });

  it('reads a bare number as epoch seconds', () => {
    expect(parseTime('1539302400.5')).toBe(1539302400.5);
    expect(parseTime('-1')).toBe(-1);
  });

  it('refuses ISO without a zone, and anything else', () => {
    expect(parseTime('2018-10-12T00:00:00')).toBe('time without zone');
    expect(parseTime('2018-10-12')).toBe('time without zone');
    expect(parseTime('2018-10-12T00:00:00.5')).toBe('time without zone');
    for (const text of [
      '',
      'yesterday',
      '12 Oct 2018',
      '2018-13-12T00:00:00Z',
      'NaN',
      ' 1539302400',
      '1e999',
    ])
      expect(parseTime(text), text).toBe('unparseable time');
  });
});

describe('parseNumber', () => {
  it('reads decimal numbers', () => {
    expect(parseNumber('744.976')).toBe(744.976);
    expect(parseNumber('-1.5e-3')).toBe(-0.0015);
    expect(parseNumber('+2')).toBe(2);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('5.')).toBe(5);
  });

  it('gives NaN for empty text, words, whitespace and non-finite values', () => {
    for (const text of [
      '',
      ' ',
      '745 mmHg',
      ' 745',
      '745\n',
      'NaN',
      'Infinity',
      '-Infinity',
      '1e999',
      '0x1f',
      'true',
    ])
      expect(parseNumber(text), JSON.stringify(text)).toBeNaN();
  });
});

describe('excerpt and lineBreaks', () => {
  it('keeps excerpts to 80 characters', () => {
    expect(excerpt('a'.repeat(80))).toBe('a'.repeat(80));
    expect(excerpt('a'.repeat(81))).toBe(`${'a'.repeat(77)}...`);
  });

  it('counts the line breaks inside fields', () => {
    expect(lineBreaks(['a', 'b\nc', '\n\n'])).toBe(3);
    expect(lineBreaks(['a', 'b'])).toBe(0);
  });
});
