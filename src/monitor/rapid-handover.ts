/**
 * A rapid fall's alarm across a hatch change: the crew closes hatches to isolate the leak, the
 * groups that fell become new groups (with their own watch and, if they still fall, their own
 * alarm), and the alarm raised for the old group returns to normal once none of its modules is seen
 * falling fast except in groups alarmed on their own since.
 */
import { isoFromEpochS } from '../core/index.js';
import { describeModules } from './alarm-words.js';
import type { Alarm } from './alarms.js';
import type { GroupTrack, MonitorState } from './monitor-state.js';
import { alarmedFall, equalising, pressureSince, RAPID_END_ALARMED_S } from './rapid-watch.js';

/** A standing rapid-depress alarm whose group a hatch change ended. */
export interface RapidHandover {
  /** Index into MonitorState.alarms. */
  alarm: number;
  modules: ReadonlySet<string>;
  /** When the hatches changed [epoch s]. */
  atS: number;
  /** When a group of its modules not alarmed on its own was last seen falling [epoch s]. */
  lastFallS: number;
}

/**
 * At a hatch change (`startS` [epoch s]): the groups of the configuration that ends whose alarmed
 * fall was going on hand their alarms over to be watched in the groups that follow.
 */
export function handOverFalls(state: MonitorState, previous: readonly GroupTrack[], startS: number): void {
  for (const g of previous) {
    const alarm = state.alarms[g.rapidAlarm];
    if (alarm === undefined || alarm.cleared !== undefined || !alarmedFall(state, g)) continue;
    state.rapidHandovers.push({
      alarm: g.rapidAlarm,
      modules: new Set(g.series.model.moduleIds),
      atS: startS,
      lastFallS: Math.max(startS, g.rapidSeenS),
    });
  }
}

/**
 * Once a bin (`time` [epoch s], the bin's end): each handed-over alarm returns to normal when the
 * groups now holding its modules have not been seen falling fast for RAPID_END_ALARMED_S, nor fall
 * unseen within reach of the limit (rapid-watch.ts, pressureSince), those alarmed on their own since
 * the change aside (their fall is told there); a group whose air is still equalising with a module
 * just opened counts as falling (the watch is blind to it).
 */
export function resolveHandovers(state: MonitorState, time: number): void {
  if (state.rapidHandovers.length === 0 || state.segment === null) return;
  const groups = state.segment.groups;
  state.rapidHandovers = state.rapidHandovers.filter((h) => {
    const holding = groups.filter((g) => g.series.model.moduleIds.some((id) => h.modules.has(id)));
    const own = holding.filter((g) => ownAlarmSince(state, g, h));
    const quiet = holding.filter((g) => !own.includes(g));
    for (const g of quiet) {
      if (equalising(state, g, time)) h.lastFallS = time;
      else if (Number.isFinite(g.rapidSeenS)) h.lastFallS = Math.max(h.lastFallS, g.rapidSeenS);
    }
    if (time - h.lastFallS < RAPID_END_ALARMED_S) return true;
    const since = quiet.map((g) => pressureSince(state, g, h.lastFallS));
    // a group still falling unseen within reach of the limit: looked at again ten minutes on
    if (since.some((s) => !s.over)) {
      h.lastFallS = time;
      return true;
    }
    const changed = `hatches changed at ${isoFromEpochS(h.atS).slice(11, 19)}Z`;
    const told = [
      ...quiet.map(
        (g, i) =>
          `${describeModules(g.series.model.moduleIds)} not falling since ` +
          `${isoFromEpochS(h.lastFallS).slice(11, 19)}Z (${since[i]?.slowed ? 'slowed' : 'stopped'}: ${since[i]?.text})`,
      ),
      ...own.map(
        (g) =>
          `${describeModules(g.series.model.moduleIds)}'s fall alarmed on its own at ` +
          `${isoFromEpochS((state.alarms[g.rapidAlarm] as Alarm).time).slice(11, 19)}Z`,
      ),
    ];
    (state.alarms[h.alarm] as Alarm).cleared = { time, reason: [changed, ...told].join('; ') };
    state.updated.push(h.alarm);
    return false;
  });
}

/** True when the group raised a rapid-depress alarm of its own since the hatch change of `h`. */
function ownAlarmSince(state: MonitorState, group: GroupTrack, h: RapidHandover): boolean {
  const alarm = state.alarms[group.rapidAlarm];
  return alarm !== undefined && group.rapidAlarm !== h.alarm && alarm.time >= h.atS;
}
