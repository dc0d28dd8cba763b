/**
 * The groups of modules a picture of the analysis must show beside the largest one: those closed
 * off from it where the leak was located or alarmed. A module losing air behind a closed hatch
 * otherwise never appears on the plot: the largest group's pressure and rate stay flat under a
 * headline that says "leak".
 */
import { type Alarm, isLeakAlarmOf } from './alarms.js';
import type { GroupTrack, SegmentResult } from './monitor-state.js';
import { byConfiguration } from './report.js';

export interface LeakGroupChecks {
  /** The group's modules, sorted. */
  modules: string[];
  /** Its checks over every configuration it was closed off in, in time order. */
  checks: GroupTrack['history'];
}

/** Most groups drawn beside the largest: the first ones to be alarmed or located. */
const MAX_GROUPS = 3;

/**
 * Groups, other than the largest of their configuration, that hold a module the leak was located
 * in or that a leak or rapid-depress alarm named while the configuration lasted.
 */
export function leakGroups(
  segments: readonly SegmentResult[],
  alarms: readonly Alarm[],
  locatedIn: readonly string[] | null,
): LeakGroupChecks[] {
  const located = new Set(locatedIn ?? []);
  const found = new Map<string, LeakGroupChecks>();
  for (const groups of byConfiguration(segments)) {
    if (groups.length < 2) continue;
    // the largest group of a configuration keeps no checks of its own (the timeline holds them)
    for (const g of groups) {
      if (g.checks.length === 0) continue;
      const key = [...g.modules].sort().join(',');
      const alarmed = alarms.some((a) => isLeakAlarmOf(a, g.modules, g.fromS, g.toS));
      if (!alarmed && !g.modules.some((m) => located.has(m))) continue;
      let entry = found.get(key);
      if (entry === undefined) {
        if (found.size === MAX_GROUPS) continue;
        entry = { modules: [...g.modules].sort(), checks: [] };
        found.set(key, entry);
      }
      for (const check of g.checks) entry.checks.push(check);
    }
  }
  return [...found.values()];
}
