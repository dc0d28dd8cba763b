// A group whose air is still mixing after hatches reopened has no rate of its own in the period
// table, as it has none at the end: the row says until when its air mixes.
import { describe, expect, it } from 'vitest';
import { havenDay } from '../../test/haven-day.js';
import { buildReport } from './index.js';

describe('a period that ends while its air still mixes', () => {
  it('has no rate, and says when it will', () => {
    // reopened at 3 h, mixed by 9 h: the last hour's trend is the mixing's, not a rate
    const { monitor } = havenDay(21, 10, [
      '{ at_h: 0, leak: { id: slow, module: lab, law: orifice, cd: 0.6, rate_kg_day: 3 } }',
      '{ at_h: 1, hatch: hab-lab, state: closed }',
      '{ at_h: 3, hatch: hab-lab, state: open }',
    ]);
    const report = buildReport(monitor);
    const reopened = report.segments.filter((s) => s.from.slice(11, 16) === '03:00');
    expect(reopened.map((s) => s.modules.length)).toEqual([3]);
    const [row] = reopened;
    expect(row?.rateKgPerDay).toBeNull();
    expect(row?.rateKgPerDay90).toBeNull();
    // six hours of mixing and two of data from the reopening
    expect(row?.mixingUntil).toBe(new Date((monitor.firstS + (3 + 6 + 2) * 3600) * 1000).toISOString());
    // the periods before, apart and settled, keep theirs: the lab closed off shows its leak
    const lab = report.segments.find((s) => s.modules.join(',') === 'lab');
    expect(lab?.rateKgPerDay).toBeGreaterThan(1.5);
    expect(lab?.mixingUntil).toBeNull();
    expect(report.leak.rateKgPerDay).toBeNull();
  });
});
