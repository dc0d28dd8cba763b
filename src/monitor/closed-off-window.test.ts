// A group that carries its history on across a hatch change carries the gas lost before it too. In
// soyuz-2018 the crew closed the Soyuz off at 08:00 (the leak was there); half an hour later the
// Russian segment's 2 h window, which reaches back before the closure, read 15.3 kg/day and the
// alarm said "leak in zarya, pma1, rassvet and 6 more modules", as if the rest leaked: the alarm now
// names the modules closed off inside its window too.
import { describe, expect, it } from 'vitest';
import { runCase } from '../../bench/cases.js';
import { loadScenario } from '../config/index.js';

describe('an alarm whose window reaches back across a closure', () => {
  const { monitor } = runCase(loadScenario('soyuz-2018'));

  it('names the modules closed off inside its window (soyuz-2018)', () => {
    const closedAt = Date.parse('2018-08-30T08:00:00Z') / 1000;
    const rest = monitor.alarms.filter(
      (a) =>
        a.kind === 'leak' &&
        a.time > closedAt &&
        a.time - (a.evidence?.windowS ?? 0) < closedAt &&
        a.modules?.includes('zvezda-ro') &&
        !a.modules.includes('soyuz-om'),
    );
    expect(rest.length).toBeGreaterThan(0);
    for (const a of rest) {
      expect(a.evidence?.closedOff).toEqual([{ modules: ['soyuz-om', 'soyuz-dm'], atS: closedAt }]);
      expect(a.message).toContain('or in soyuz-om, soyuz-dm (closed off at 08:00Z, inside the window)');
    }
    // an alarm of the Soyuz itself, closed off, names nothing else
    const soyuz = monitor.alarms.filter((a) => a.kind === 'leak' && a.modules?.includes('soyuz-om'));
    expect(soyuz.length).toBeGreaterThan(0);
    for (const a of soyuz) expect(a.evidence?.closedOff).toBeUndefined();
  });

  it('says that a long window’s trend is its average, which a leak begun inside it exceeds now', () => {
    const trends = monitor.alarms.filter((a) => a.kind === 'leak' && a.evidence?.test === 'trend');
    const long = trends.filter((a) => (a.evidence?.windowS ?? 0) >= 4 * 3600);
    expect(long.length).toBeGreaterThan(0);
    for (const a of trends)
      expect(a.message.includes('its average: a leak begun inside it loses more now')).toBe(long.includes(a));
  });
});
