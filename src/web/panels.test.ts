// The alarm list's text: a rapid fall read anew shows its latest reading and reserve time, the
// message it was raised with kept above it.
import { describe, expect, it } from 'vitest';
import type { Alarm } from './api.js';
import { alarmText, reserveText } from './panels.js';

const raised: Alarm = {
  id: 7,
  time: Date.parse('2026-03-01T12:49:20Z') / 1000,
  kind: 'rapid-depress',
  severity: 'CRITICAL',
  message:
    'rapid depressurisation of columbus: 375.29 mmHg/h (~1060 kg/day), T1mm 9.6 s, 42.2 min to 490 mmHg',
  detail: { modules: ['columbus'], reserveTimeMin: 42.2 },
  acknowledgedAt: null,
  acknowledgedBy: null,
  shelvedUntil: null,
  withdrawnAt: null,
  withdrawnReason: null,
  clearedAt: null,
  clearedReason: null,
};

describe('alarm text', () => {
  it('gives the reserve time the alarm was raised with until it is read anew', () => {
    const text = alarmText(raised, raised.time);
    expect(text.meta).toBe('2026-03-01 12:49:20Z · reserve 42 min');
    expect(text.message).toBe(raised.message);
    expect(text.latest).toBeNull();
  });

  it("gives a standing alarm's latest reading and its reserve time, acknowledged or not", () => {
    const latest = {
      time: Date.parse('2026-03-01T13:07:50Z') / 1000,
      message:
        'rapid depressurisation of columbus: 319.45 mmHg/h (~902 kg/day), T1mm 11.3 s, 23.7 min to 490 mmHg',
      reserveTimeMin: 23.7,
      t1mmS: 11.3,
      updates: 3,
    };
    const alarm: Alarm = {
      ...raised,
      detail: { ...raised.detail, latest },
      acknowledgedAt: raised.time + 60,
      acknowledgedBy: 'flight',
    };
    const text = alarmText(alarm, latest.time);
    expect(text.meta).toBe('2026-03-01 12:49:20Z · reserve 24 min at 13:07:50Z · acknowledged by flight');
    expect(text.message).toBe(raised.message);
    expect(text.latest).toBe(`now (13:07:50Z): ${latest.message}`);
  });

  it('gives a reserve time in minutes up to 2 h, hours up to 2 days, then days', () => {
    expect(reserveText(42.2)).toBe('reserve 42 min');
    expect(reserveText(683.9)).toBe('reserve 11.4 h');
    expect(reserveText(20_062.2 * 60)).toBe('reserve 835.9 d');
    expect(reserveText(undefined)).toBe('');
  });
});
