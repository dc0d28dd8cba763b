import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import {
  excerpt,
  lineBreaks,
  parseIsoUtcMs,
  parseNumber,
  parseNumberGeneral,
  parsePlainDecimal,
  parseTime,
  parseTimeGeneral,
  trimField,
} from './fields.js';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

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
      '0x5C0A2D00',
      '0b1011',
      '0o17',
    ])
      expect(parseTime(text), text).toBe('unparseable time');
  });
});

describe('parseTime fast path', () => {
  // the fast path must give exactly (Object.is) what the general path gives, and leave it every
  // text it is not sure of: the general path is the reference
  /** True when the fast path read the text. */
  const agree = (text: string): boolean => {
    const general = parseTimeGeneral(text);
    expect(parseTime(text), text).toBe(general);
    const ms = parseIsoUtcMs(text);
    if (Number.isNaN(ms)) return false;
    expect(ms / 1000, text).toBe(general);
    return true;
  };

  it('reads random instants of years 0100–9999, with and without milliseconds, as the general path', () => {
    const rng = new Rng(285);
    for (let i = 0; i < 5000; i++) {
      const date = new Date(Date.UTC(2000, 0, 1) + Math.floor((rng.uniform() - 0.5) * 2 * 1e13));
      date.setUTCFullYear(100 + Math.floor(rng.uniform() * 9900));
      const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
      expect(agree(iso), iso).toBe(true);
      expect(agree(iso.replace(/\.\d{3}Z$/, 'Z')), iso).toBe(true);
    }
  });

  it('agrees on every day of leap and common years, and on days that do not exist', () => {
    for (const year of [1900, 1970, 1999, 2000, 2016, 2018, 2024, 2100, 2400]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          const real =
            month >= 1 &&
            month <= 12 &&
            day >= 1 &&
            new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
          expect(agree(`${date}T12:34:56Z`), date).toBe(real);
          expect(agree(`${date}T00:00:00.000Z`), date).toBe(real);
        }
      }
    }
    // days, hours and seconds that do not exist are refused, not rolled over as Date.parse would
    for (const text of [
      '2018-02-30T00:00:00Z',
      '2019-02-29T00:00:00+01:00',
      '2018-04-31 10:00Z',
      '2018-13-01T00:00:00Z',
      '2018-10-12T24:00:00Z',
      '2018-10-12T23:60:00+00:00',
      '2018-10-12T23:59:60.5Z',
    ])
      expect(parseTime(text), text).toBe('unparseable time');
    expect(parseTime('2016-02-29T23:59:59.999Z')).toBe(1456790399.999);
  });

  it('agrees at the edges of hours, minutes and seconds', () => {
    for (const hour of [0, 23, 24, 25, 99])
      for (const minute of [0, 59, 60])
        for (const second of [0, 59, 60, 61]) {
          const text = `2018-10-12T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.999Z`;
          expect(agree(text), text).toBe(hour < 24 && minute < 60 && second < 60);
        }
  });

  it('agrees on the forms it leaves to the general path: offsets, other fractions, separators, case', () => {
    for (const text of [
      '2018-10-12T00:00:00+00:00',
      '2018-10-12T02:00:00+02:00',
      '2018-10-11T21:30:00-0230',
      '2018-10-12T00:00:00.1Z',
      '2018-10-12T00:00:00.12Z',
      '2018-10-12T00:00:00.1239Z',
      '2018-10-12T00:00:00.123456789Z',
      '2018-10-12 00:00:00Z',
      '2018-10-12t00:00:00z',
      '2018-10-12T00:00Z',
      '2018-10-12T00:00:00',
      '2018-10-12T00:00:00.000',
      '2018-10-12',
      '0050-01-01T00:00:00Z',
      '0099-12-31T23:59:59.999Z',
      '+2018-10-12T00:00:00Z',
      '1539302400',
      '1539302400.123',
      '',
      'noon',
    ])
      agree(text);
  });

  it('agrees when any one character of the common form is replaced', () => {
    const base = '2018-10-12T01:02:03.456Z';
    for (let i = 0; i < base.length; i++)
      for (const c of ['0', '9', 'a', '-', ':', '.', ' ', 'T', 'Z', '/', '\u0660'])
        agree(base.slice(0, i) + c + base.slice(i + 1));
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

  it('gives NaN for hexadecimal, binary and octal, which Number() would read', () => {
    for (const text of ['0x2F8', '0X2f8', '0b1011111000', '0B1', '0o1370', '0O7', '0x10.5', '+0x10', '-0b1'])
      expect(parseNumber(text), text).toBeNaN();
    expect(parseNumber('0.5')).toBe(0.5);
    expect(parseNumber('0e5')).toBe(0);
    expect(parseNumber('0')).toBe(0);
  });
});

describe('parseNumber fast path', () => {
  /** True when the fast path read the text. */
  const agree = (text: string): boolean => {
    const general = parseNumberGeneral(text);
    expect(parseNumber(text), JSON.stringify(text)).toBe(general);
    const x = parsePlainDecimal(text);
    if (Number.isNaN(x)) return false;
    expect(x, JSON.stringify(text)).toBe(general);
    return true;
  };

  it('reads random decimals of 1 to 20 digits bit for bit as the general path (Number()) does', () => {
    const rng = new Rng(58);
    const digit = (): string => String(Math.floor(rng.uniform() * 10));
    let fast = 0;
    for (let i = 0; i < 20_000; i++) {
      const count = 1 + Math.floor(rng.uniform() * 20);
      let digits = '';
      for (let d = 0; d < count; d++) digits += digit();
      const point = Math.floor(rng.uniform() * (count + 2)) - 1; // -1: no point
      const body = point < 0 ? digits : `${digits.slice(0, point)}.${digits.slice(point)}`;
      const sign = ['', '', '-', '+'][Math.floor(rng.uniform() * 4)] as string;
      if (agree(sign + body)) fast++;
    }
    expect(fast).toBeGreaterThan(10_000); // up to 15 digits: about three in four
  });

  it('agrees on signed zeros, leading zeros, exponents and what is not a number', () => {
    for (const text of [
      '0',
      '-0',
      '+0',
      '-0.000',
      '-.0',
      '007',
      '00012.500',
      '5.',
      '.5',
      '-.5',
      '.',
      '-',
      '+',
      '-.',
      '1.2.3',
      '1e5',
      '-1.5e-3',
      '1E+2',
      '999999999999999',
      '9999999999999999',
      '0.1234567890123456789',
      '123456789012345.6',
      '1234567890.1234567',
      ' 745',
      '745 ',
      '7 45',
      '0x1f',
      '0x2F8',
      '0b1011111000',
      '0o1370',
      'NaN',
      '',
      '--1',
      '+-1',
      '1-',
    ])
      agree(text);
  });
});

describe('excerpt, lineBreaks and trimField', () => {
  it('keeps excerpts to 80 characters', () => {
    expect(excerpt('a'.repeat(80))).toBe('a'.repeat(80));
    expect(excerpt('a'.repeat(81))).toBe(`${'a'.repeat(77)}...`);
  });

  it('counts the line breaks inside fields', () => {
    expect(lineBreaks(['a', 'b\nc', '\n\n'])).toBe(3);
    expect(lineBreaks(['a', 'b'])).toBe(0);
  });

  it('trims spaces, tabs and CRs around a field, and nothing else', () => {
    expect(trimField(' \t745.5\r')).toBe('745.5');
    expect(trimField(' P_HAB ')).toBe('P_HAB');
    expect(trimField('a b')).toBe('a b');
    expect(trimField(' \r\t')).toBe('');
    expect(trimField('')).toBe('');
    expect(trimField('\n745\n')).toBe('\n745\n');
    expect(trimField('\u00a0745')).toBe('\u00a0745');
    const plain = 'P_HAB';
    expect(trimField(plain)).toBe(plain);
  });
});
