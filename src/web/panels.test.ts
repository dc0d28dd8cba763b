// The alarm list's text: a rapid fall read anew shows its latest reading and reserve time, the
// message it was raised with kept above it.
import { describe, expect, it } from 'vitest';
import type { Alarm, Forecast, GroupState } from './api.js';
import { alarmText, forecastNote, groupLine, reserveText } from './panels.js';

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

  it('gives its 90 % interval in the same unit, rounded outwards', () => {
    expect(reserveText(42.2, [41.5, 42.9])).toBe('reserve 42 min (90 %: 41–43)');
    expect(reserveText(683.9, [640.2, 719.9])).toBe('reserve 11.4 h (90 %: 10.6–12.0)');
    expect(reserveText(628.3, [569.8, null])).toBe('reserve 10.5 h (90 %: 9.4–no end)');
    const alarm: Alarm = { ...raised, detail: { ...raised.detail, reserveTimeMin90: [41.5, 42.9] } };
    expect(alarmText(alarm, raised.time).meta).toBe('2026-03-01 12:49:20Z · reserve 42 min (90 %: 41–43)');
  });
});

describe('group line', () => {
  const group = (over: Partial<GroupState>): GroupState => ({
    modules: ['columbus'],
    pressureMmHg: 600,
    rateKgPerDay: 72.3,
    rateKgPerDay90: [72.1, 72.6],
    reserveTimeH: 0.9,
    severity: 'CRITICAL',
    ...over,
  });

  it('gives a losing group its reserve time, or says it is below the evacuation pressure already', () => {
    expect(groupLine(group({}), 490)).toBe(
      'columbus: 72.3 kg/day (72.1 to 72.6), reserve 54 min, P(losing) 100 %',
    );
    expect(groupLine(group({ pressureMmHg: 46.5, reserveTimeH: null }), 490)).toBe(
      'columbus: 72.3 kg/day (72.1 to 72.6), at 46.5 mmHg: below the evacuation pressure (490), P(losing) 100 %',
    );
  });

  it("says which estimate the rate is: the monitor's trailing window", () => {
    expect(groupLine(group({ windowH: 23.983 }), 490)).toBe(
      'columbus: 72.3 kg/day over the last 24.0 h (72.1 to 72.6), reserve 54 min, P(losing) 100 %',
    );
  });

  it('gives no reserve time where no loss is evident, and names a gain for what it is', () => {
    const tight = group({
      modules: ['progress-aft'],
      rateKgPerDay: 0.004,
      rateKgPerDay90: [-0.033, 0.041],
      reserveTimeH: 20_062.2,
    });
    expect(groupLine(tight, 490)).toBe('progress-aft: 0.004 kg/day (-0.033 to 0.041), P(losing) 57 %');
    const gaining = group({
      modules: ['zarya', 'pma1', 'rassvet', 'node1', 'us-lab'],
      rateKgPerDay: -2.35,
      rateKgPerDay90: [-3.037, -1.567],
      reserveTimeH: null,
    });
    expect(groupLine(gaining, 490)).toBe(
      'zarya, pma1, rassvet +2: -2.35 kg/day (-3.037 to -1.567), gaining gas with none added: a disturbance, not a leak',
    );
  });
});

describe('the forecast footnote', () => {
  const forecast = (rate90: [number, number], mean: number, sd: number): Forecast => ({
    at: '2018-10-12T00:54:00Z',
    start: '2018-10-12T00:54:00.000Z',
    horizonDays: 365,
    paths: 2000,
    leak: { meanKgPerDay: mean, sdKgPerDay: sd, rateKgPerDay90: rate90, module: null },
    policy: { o2ReserveDays: 45, crew: 3, n2RepressModule: 'kibo-pm' },
    day: [],
    o2: {} as Forecast['o2'],
    n2: {} as Forecast['n2'],
  });

  it('gives the leak the paths draw with the interval it comes from, in three digits', () => {
    // a young monitor's wide estimate on a leak-free day: the band holds zero, and says so
    expect(forecastNote(forecast([-8.753, 17.519], 4.383, 7.9867))).toBe(
      "from 2018-10-12 00:54Z · leak 4.38 ± 7.99 kg/day (the monitor's 90 %: -8.75 to 17.5, which holds no leak too) · crew 3 · 2000 paths · O2 floor 45 days of crew use, N2 floor one repress of kibo-pm",
    );
    const found = forecast([0.383, 0.729], 0.556, 0.1052);
    found.leak.module = 'zvezda-prk';
    expect(forecastNote(found)).toContain(
      "leak 0.556 ± 0.105 kg/day in zvezda-prk (the monitor's 90 %: 0.383 to 0.729) ·",
    );
  });
});
