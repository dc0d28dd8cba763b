// What the charts print, whatever the browser's zone: UTC times marked Z (as the header and the
// alarms), tick labels in UTC, and legend values with their unit.
import { describe, expect, it } from 'vitest';
import { displayUnit, TIME_AXIS_LABEL, utcStamp, utcTicks, valueWithUnit } from './chart-format.js';

const at = (iso: string): number => Date.parse(iso) / 1000;

describe('chart times', () => {
  it('stamps the legend in UTC with a Z', () => {
    expect(utcStamp(at('2020-08-20T11:59:30Z'))).toBe('2020-08-20 11:59:30Z');
    expect(TIME_AXIS_LABEL).toContain('UTC');
  });

  it('labels ticks in UTC: hours, dates at midnight and for whole days, seconds under a minute', () => {
    const ticks = [at('2020-08-20T21:00:00Z'), at('2020-08-21T00:00:00Z'), at('2020-08-21T03:00:00Z')];
    expect(utcTicks(ticks, 3 * 3600)).toEqual(['21:00', '08-21', '03:00']);
    expect(utcTicks([at('2020-08-20T00:00:00Z'), at('2020-08-22T00:00:00Z')], 2 * 86400)).toEqual([
      '08-20',
      '08-22',
    ]);
    expect(utcTicks([at('2020-08-20T11:59:30Z')], 10)).toEqual(['11:59:30']);
  });
});

describe('chart values', () => {
  it('gives each value its unit, degC as °C, and -- where there is none', () => {
    expect(valueWithUnit(745.78412, 'mmHg')).toBe('745.784 mmHg');
    expect(valueWithUnit(21.5, 'degC')).toBe('21.5 °C');
    expect(valueWithUnit(0.312, 'kg/day')).toBe('0.312 kg/day');
    expect(valueWithUnit(null, 'mmHg')).toBe('--');
    expect(valueWithUnit(Number.NaN, 'mmHg')).toBe('--');
    expect(displayUnit('mmHg')).toBe('mmHg');
  });
});
