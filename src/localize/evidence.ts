/**
 * The isolation evidence in an analysis: for every hatch configuration, the leak rate each of its
 * groups showed over that configuration alone (not a trailing window reaching back across hatch
 * changes, which would mix what other groups lost). A group whose air had not yet mixed after
 * joining (`settling`), or that has no estimate, is left out; a short configuration stays in with
 * its wide standard error, so it moves the posterior as little as it should.
 */
import { byConfiguration, type SegmentResult } from '../monitor/index.js';
import type { IsolationPeriod } from './posterior.js';

export function isolationPeriods(segments: readonly SegmentResult[]): IsolationPeriod[] {
  return byConfiguration(segments)
    .map((groups) => ({
      groups: groups.flatMap((g) =>
        g.estimate !== null && g.settling === null && g.estimate.seKgPerS > 0
          ? [
              {
                moduleIds: g.modules,
                rateKgPerDay: g.estimate.rateKgPerS * 86400,
                seKgPerDay: g.estimate.seKgPerS * 86400,
              },
            ]
          : [],
      ),
    }))
    .filter((p) => p.groups.length > 0);
}
