import { describe, expect, it } from 'vitest';
import { formatHours, formatNumber } from './table.js';

describe('formatNumber', () => {
  it('prints zero as 0, also a rate rounded from a hair below zero (−0)', () => {
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(Math.round(-0.0004 * 1000) / 1000)).toBe('0');
    expect(formatNumber(0)).toBe('0');
  });

  it('keeps three significant figures or so, thousands grouped, tiny values in exponent form', () => {
    expect(formatNumber(123_456)).toBe('123,456');
    expect(formatNumber(1115.67)).toBe('1,115.7');
    expect(formatNumber(19.243)).toBe('19.24');
    expect(formatNumber(-0.0132)).toBe('-0.013');
    expect(formatNumber(0.00004)).toBe('4.00e-5');
  });

  it('gives hours up to two days, days beyond', () => {
    expect(formatHours(5.46)).toBe('5.46 h');
    expect(formatHours(24 * 26.4)).toBe('26 days');
  });
});
