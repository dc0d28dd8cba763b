import { describe, expect, it } from 'vitest';
import type { PlotAlarm } from './figure.js';
import { ALARM_LABEL_ROWS, alarmRows, segmentRows } from './overlay.js';

const range = { fromMs: 0, toMs: 86_400_000 };
const alarm = (hours: number, severity: PlotAlarm['severity'] = 'WARNING'): PlotAlarm => ({
  time: hours * 3600,
  severity,
  kind: 'leak-confirmed',
  message: 'm',
});

describe('alarmRows', () => {
  it('stacks labels that would overlap on separate rows, and leaves the rest unlabelled', () => {
    const rows = alarmRows(
      Array.from({ length: ALARM_LABEL_ROWS + 1 }, (_, k) => alarm(6 + 0.1 * k)),
      range,
    );
    expect(rows.map((row) => row.row)).toEqual([0, 1, 2, -1]);
    expect(rows[3]!.label).toBe('');
    expect(rows[0]!.label).toBe('WARNING leak-confirmed');
  });

  it('labels the worse alarms first when rows run out', () => {
    const severities = ['WATCH', 'CRITICAL', 'WARNING', 'SEVERE'] as const;
    const rows = alarmRows(
      severities.map((severity, k) => alarm(6 + 0.1 * k, severity)),
      range,
    );
    expect(rows.map((row) => [row.severity, row.row])).toEqual([
      ['WATCH', -1],
      ['CRITICAL', 1],
      ['WARNING', 2],
      ['SEVERE', 0],
    ]);
  });

  it('reuses a row once the previous label on it has ended', () => {
    expect(alarmRows([alarm(1), alarm(12)], range).map((row) => row.row)).toEqual([0, 0]);
  });

  it('puts a label left of its rule near the right edge', () => {
    expect(alarmRows([alarm(23.9)], range)[0]!.align).toBe('right');
    expect(alarmRows([alarm(0)], range)[0]!.align).toBe('left');
  });

  it('sorts by time, drops alarms outside the range and colours by severity (Open MCT)', () => {
    const rows = alarmRows([alarm(30), alarm(9, 'SEVERE'), alarm(2, 'WATCH'), alarm(-1)], range);
    expect(rows.map((row) => [row.severity, row.t])).toEqual([
      ['WATCH', 2 * 3_600_000],
      ['SEVERE', 9 * 3_600_000],
    ]);
    expect(rows.map((row) => row.colour)).toEqual(['#1795c0', '#891bb3']);
  });
});

describe('segmentRows', () => {
  it('clips to the range, shades every other one and cuts labels to their width', () => {
    const rows = segmentRows(
      [
        { from: 6 * 3600, to: 6.05 * 3600, label: 'Zvezda aft isolated for the overnight test' },
        { from: -3600, to: 6 * 3600, label: 'all hatches open' },
        { from: 6.05 * 3600, to: 30 * 3600, label: 'PrK closed' },
      ],
      range,
    );
    expect(rows.map((row) => [row.t, row.t2, row.shaded])).toEqual([
      [0, 6 * 3_600_000, true],
      [6 * 3_600_000, 6.05 * 3_600_000, false],
      [6.05 * 3_600_000, 86_400_000, true],
    ]);
    expect(rows.map((row) => row.text)).toEqual(['all hatches open', '', 'PrK closed']);
    const cut = segmentRows([{ from: 0, to: 2 * 3600, label: 'Zvezda aft isolated overnight' }], range)[0]!;
    expect(cut.text).toMatch(/^Zvezda a.*…$/);
    expect(cut.label).toBe('Zvezda aft isolated overnight');
  });
});
