/**
 * Rapid depressurisation, second by second: a group's fall confirmed, graded by its reserve time
 * to the evacuation pressure, and its standing alarm's reading kept current.
 */
import { mmHgToPa } from '../core/index.js';
import { describeModules, reserveInterval, round } from './alarm-words.js';
import { type Severity, severityRank } from './alarms.js';
import { fallAt, fitFall } from './fall-fit.js';
import type { GroupTrack, MonitorState, Segment } from './monitor-state.js';
import { DEFAULT_RAPID, type GroupFall, groupFall, levelSe } from './rapid-depress.js';

/** How long a rapid fall must hold before its first alarm [s]. */
const RAPID_CONFIRM_S = 15;

/**
 * A standing rapid-depress alarm's reading is updated, at most every RAPID_UPDATE_S [s], when this
 * share of the reserve time it told has run, or when a new reading puts the reserve it told, counted
 * down since, outside its 90 % interval and this share away. (Updated whenever the reading moved by
 * a tenth, the readings of the last minute's fall were chosen by their noise: over 200 simulated
 * 10 mm holes the updates were off by −16 % to +19 %.)
 */
const RAPID_UPDATE_CHANGE = 0.1;

const RAPID_UPDATE_S = 60;

/** A fall no longer seen for this long has ended [s]: a gauge's vote missing for a sample does not end it. */
const RAPID_END_S = 60;

/**
 * Each segment's group by channel (the group of the channel's module), looked up at every pressure
 * sample (kept beside the state, not in it).
 */
const groupsByChannel = new WeakMap<Segment, (GroupTrack | undefined)[]>();

function groupOfChannel(state: MonitorState, segment: Segment, k: number): GroupTrack | undefined {
  let byChannel = segment === lastSegment ? lastByChannel : groupsByChannel.get(segment);
  if (byChannel === undefined) {
    const byModule = new Map<string, GroupTrack>();
    // the first group that holds a module, as a search in order would find it
    for (const g of segment.groups)
      for (const id of g.series.model.moduleIds) if (!byModule.has(id)) byModule.set(id, g);
    byChannel = state.station.sensors.map((s) => byModule.get(s.module ?? ''));
    groupsByChannel.set(segment, byChannel);
  }
  lastSegment = segment;
  lastByChannel = byChannel;
  return byChannel[k];
}

let lastSegment: Segment | undefined;

let lastByChannel: (GroupTrack | undefined)[] | undefined;

export function checkRapid(state: MonitorState, k: number, time: number): void {
  const segment = state.segment;
  if (segment === null) return;
  const group = groupOfChannel(state, segment, k);
  if (group === undefined) return;
  // no channel falls anywhere (nearly every sample): nothing to check, as groupFall would find
  if (
    state.rapid.fallingChannels === 0 ||
    group.series.model.modules.some((m) => (state.equalisingUntilS[m] as number) > time)
  ) {
    endFall(group, time);
    return;
  }
  const window = groupFall(state.rapid, group.series.model.pressure, time, state.options.evacuationPa);
  if (window === null || window.reserveS > DEFAULT_RAPID.reportBelowS) {
    endFall(group, time);
    return;
  }
  // a fall must hold for RAPID_CONFIRM_S before the first alarm: the first crossing overstates the rate
  if (Number.isNaN(group.rapidSinceS)) {
    group.rapidSinceS = time;
    group.rapidFitFromS = time;
  }
  group.rapidSeenS = time;
  const fall = fallNow(state, group, window);
  // a fall that began after the standing alarm's ended is a new one: it raises its own alarm
  const standing = state.alarms[group.rapidAlarm];
  const sameFall = standing !== undefined && standing.evidence?.since === group.rapidSinceS;
  if (!sameFall && time - group.rapidSinceS < RAPID_CONFIRM_S) return;
  const severity: Severity =
    fall.reserveS < 600
      ? 'SEVERE'
      : fall.reserveS < 3600
        ? 'CRITICAL'
        : fall.reserveS < 6 * 3600
          ? 'DISTRESS'
          : 'WARNING';
  const escalated = !sameFall || severityRank(severity) > severityRank(standing.severity);
  const elapsed = time - group.rapidAlarmAt;
  const countdown = Math.max(0, group.rapidReserveS - elapsed);
  // (below the evacuation pressure the reserve time told stays 0: no routine refresh)
  const changed =
    elapsed >= RAPID_UPDATE_S &&
    ((group.rapidReserveS > 0 && elapsed >= RAPID_UPDATE_CHANGE * group.rapidReserveS) ||
      // (the last minute's readings are too few to be told apart from the last: counted down only)
      (fall.overS !== null &&
        (countdown < fall.reserveS90[0] || countdown > fall.reserveS90[1]) &&
        Math.abs(fall.reserveS - countdown) > RAPID_UPDATE_CHANGE * countdown));
  if (!escalated && !changed) return;
  group.rapidReserveS = fall.reserveS;
  group.rapidAlarmAt = time;
  const kgPerDay = fall.ratePaPerS * group.series.model.kgPerPa * 86400;
  const t1mmS = mmHgToPa(1) / fall.ratePaPerS;
  const reserve90 = reserveInterval(fall.reserveS90);
  const over =
    fall.overS === null ? 'the last minute' : `the ${round(fall.overS / 60, 0)} min since the fall began`;
  const reading = {
    message:
      `rapid depressurisation of ${describeModules(group.series.model.moduleIds)}: ${round((fall.ratePaPerS * 3600) / mmHgToPa(1), 2)} mmHg/h ` +
      `(~${round(kgPerDay, 0)} kg/day), T1mm ${round(t1mmS, 1)} s, ${round(fall.reserveS / 60, 1)} min ` +
      `to ${round(state.options.evacuationPa / mmHgToPa(1), 0)} mmHg (90 %: ${reserve90[0]} to ${reserve90[1] ?? 'no end'}; over ${over})`,
    reserveTimeMin: round(fall.reserveS / 60, 1),
    reserveTimeMin90: reserve90,
    t1mmS: round(t1mmS, 2),
    rateKgPerDay: round(kgPerDay, 1),
  };
  if (!escalated && standing !== undefined) {
    // the same severity: the standing alarm's reading, not a new alarm
    standing.latest = { time, ...reading, updates: (standing.latest?.updates ?? 0) + 1 };
    state.updated.push(group.rapidAlarm);
    return;
  }
  group.rapidAlarm = state.alarms.length;
  state.alarms.push({
    time,
    severity,
    kind: 'rapid-depress',
    modules: group.series.model.moduleIds,
    message: reading.message,
    reserveTimeMin: reading.reserveTimeMin,
    reserveTimeMin90: reading.reserveTimeMin90,
    t1mmS: reading.t1mmS,
    evidence: { rateKgPerDay: reading.rateKgPerDay, since: group.rapidSinceS },
  });
}

/** No fall seen at `time`: one not seen for RAPID_END_S is over, and the next starts its own alarm and fit. */
function endFall(group: GroupTrack, time: number): void {
  if (time - group.rapidSeenS <= RAPID_END_S) return;
  group.rapidSinceS = Number.NaN;
  group.rapidSeenS = Number.NaN;
  group.rapidFit = null;
  group.rapidFitFromS = Number.NaN;
  group.rapidFitBins = -1;
}

/**
 * Standard errors of disagreement between the last minute's rate and the fit since the fall began
 * beyond which the fall is taken to have changed (a hole grown or taped, a hatch closed): the fit
 * starts again from there. Tested once a bin.
 */
const FALL_CHANGED_Z = 4;

/**
 * The fall as told now: by the fit of the bins since it began (fall-fit.ts) once it holds
 * MIN_FALL_BINS of them and the last minute's rate agrees with it, else by the last minute's
 * (rapid-depress.ts). `overS` is the span the fit covers, null for the last minute.
 */
function fallNow(
  state: MonitorState,
  group: GroupTrack,
  window: GroupFall,
): {
  ratePaPerS: number;
  reserveS: number;
  reserveS90: [number, number];
  overS: number | null;
} {
  const { series } = group;
  const n = series.t.length;
  if (n !== group.rapidFitBins) {
    group.rapidFitBins = n;
    // the bins wholly after the fall's start
    let from = n;
    while (from > 0 && (series.t[from - 1] as number) - state.options.binS / 2 >= group.rapidFitFromS) from--;
    group.rapidFit = fitFall(series.t, series.pressure, series.total, from, n);
    const fit = group.rapidFit;
    if (fit !== null) {
      const sinceFit = fallAt(fit, window.pressurePa, state.options.evacuationPa, 0);
      const apart = Math.abs(window.ratePaPerS - sinceFit.ratePaPerS);
      if (apart > FALL_CHANGED_Z * Math.hypot(window.rateSePaPerS, sinceFit.rateSePaPerS)) {
        group.rapidFit = null;
        group.rapidFitFromS = series.t[n - 1] as number;
      }
    }
  }
  const fit = group.rapidFit;
  if (fit === null) return { ...window, overS: null };
  // where the pressure is: the gauges' reading now, and the cabin's wander about the fitted fall
  const level = Math.hypot(levelSe(state.rapid, series.model.pressure, window.ratePaPerS), fit.residualPa);
  const now = fallAt(fit, window.pressurePa, state.options.evacuationPa, level);
  return {
    ratePaPerS: now.ratePaPerS,
    reserveS: now.reserveS,
    reserveS90: now.reserveS90,
    overS: fit.toS - fit.fromS + state.options.binS,
  };
}
