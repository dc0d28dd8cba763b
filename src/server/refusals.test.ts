import { describe, expect, it } from 'vitest';
import type { AnalysisReport } from '../monitor/index.js';
import { planRefusal } from './refusals.js';

/** A report's leak part, the rest of the report unread by the refusals. */
function report(leak: Partial<AnalysisReport['leak']>): AnalysisReport {
  return {
    leak: {
      detected: false,
      firstAlarm: null,
      rateKgPerDay: null,
      rateKgPerDay90: null,
      note: null,
      ...leak,
    },
  } as AnalysisReport;
}

describe('planRefusal', () => {
  it('answers with a rate whose interval excludes zero', () => {
    expect(planRefusal(report({ rateKgPerDay: 0.5, rateKgPerDay90: [0.3, 0.7] }))).toBeNull();
  });

  it('says there is no leak to localize while none shows', () => {
    expect(planRefusal(report({ rateKgPerDay: 0.1, rateKgPerDay90: [-0.2, 0.4] }))).toMatch(
      /^no leak to localize yet/,
    );
  });

  it('does not say "no leak" while one is alarmed and hatches just moved (no rate yet)', () => {
    const words = planRefusal(
      report({ detected: true, firstAlarm: '2020-08-21T03:10:00.000Z', note: 'air of zarya still mixing' }),
    );
    expect(words).toMatch(
      /^a leak is alarmed \(first at 2020-08-21T03:10:00\.000Z\), but .* \(air of zarya still mixing\)/,
    );
    expect(words).not.toMatch(/no leak/);
  });
});
