/**
 * The channels a group's bin leaves out: stale ones, sensors found drifting, and slow readings
 * taken before the pressures of groups that were apart equalised.
 */
import type { GroupTrack, MonitorState } from './monitor-state.js';

/**
 * The channels a group's bin leaves out: the stale ones and, in a group just formed from groups
 * that were apart, each periodic sensor until its hold limit has passed since the hatches opened:
 * until then its bin may hold a reading taken before the pressures equalised (the PrK's gauge, read
 * every 5 min, held the isolated Russian segment's 739 mmHg for minutes after weekend #1 ended at
 * 744), and referenced there it would read 5 mmHg above its neighbours ever after and be called
 * faulty. A report-on-change sensor reports the change as it comes.
 */
export function excludedFor(state: MonitorState, group: GroupTrack, binStartS: number): Uint8Array {
  const stale = withFaulty(state);
  if (!Number.isFinite(group.mixingUntilS)) return stale;
  const since = binStartS - group.historyFromS;
  const reportOnChange = state.quality.reportOnChange;
  const hold = state.binner.options.holdLimitS;
  const { pressure, nitrogen } = group.series.model;
  let mask: Uint8Array | null = null;
  const exclude = (k: number): void => {
    if (k < 0 || reportOnChange[k] === 1 || since >= (hold[k] as number)) return;
    mask ??= Uint8Array.from(stale);
    mask[k] = 1;
  };
  for (const k of pressure) exclude(k);
  for (const source of nitrogen) {
    for (const k of [source.ppN2, source.ppO2, source.ppCO2, source.ppH2O]) exclude(k);
  }
  return mask ?? stale;
}

/** The stale channels, and the channels found drifting (a copy only when there are any). */
function withFaulty(state: MonitorState): Uint8Array {
  if (state.n2Faulty.size === 0 && state.tFaulty.size === 0) return state.quality.stale;
  const mask = Uint8Array.from(state.quality.stale);
  for (const k of state.n2Faulty.keys()) mask[k] = 1;
  for (const k of state.tFaulty.keys()) mask[k] = 1;
  return mask;
}
