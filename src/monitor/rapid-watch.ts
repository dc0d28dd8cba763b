/**
 * Rapid depressurisation, second by second: a group's fall confirmed, graded by its reserve time
 * to the evacuation pressure, and its standing alarm's reading kept current.
 */
import { GAS_CONSTANT, isoFromEpochS, mmHgToPa, studentTQuantile } from '../core/index.js';
import { describeModules, reserveInterval, round } from './alarm-words.js';
import { type Alarm, leakSeverity, severityRank } from './alarms.js';
import { type FallLaw, fallAt, fitFall } from './fall-fit.js';
import { lastFinite } from './group-estimates.js';
import type { GroupTrack, MonitorState, Segment } from './monitor-state.js';
import { DEFAULT_RAPID, type GroupFall, groupFall, levelSe, straightLine } from './rapid-depress.js';
import { type ThermalRate, thermalRate, thermometerSlopeAt } from './rapid-thermal.js';

/** How long a rapid fall must hold before its first alarm [s]. */
const RAPID_CONFIRM_S = 15;

/**
 * A fall while the air cools by more than this share of it must hold a whole window before its
 * first alarm: a thermometer's bend is read from more samples than a gauge's, so at the start of a
 * cooling ramp the cooling is read late and only part of it is taken out (a vessel cooled by 10 K
 * in an hour read 17.7 of its 25 mmHg/h as a fall 15 s into the ramp, none a minute in).
 */
const COOLING_SHARE = 0.1;

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
 * A fall already alarmed goes on while the group falls with a reserve time within this multiple of
 * the cut-off, and ends only when not seen for RAPID_END_ALARMED_S [s]: one fall, one alarm. (With
 * the cut-off alone, a fall whose minute-long readings straddled it — a 0.45 mm hole in a 5 m³
 * vessel, 30 h from the evacuation pressure, read 15 to 35 h a minute — ended and began again 74
 * times in 9 h, each time a new WARNING to acknowledge, the last one's start taken as its onset.)
 */
const RAPID_KEEP_FACTOR = 2;

export const RAPID_END_ALARMED_S = 600;

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
  if (state.rapid.fallingChannels === 0 || equalising(state, group, time)) {
    endFall(state, group, time);
    checkFallenBelow(state, group, k, time);
    return;
  }
  const window = groupFall(state.rapid, group.series.model.pressure, time, state.options.evacuationPa, (p) =>
    airThermal(state, group, time, p),
  );
  const cutOffS = DEFAULT_RAPID.reportBelowS * (alarmedFall(state, group) ? RAPID_KEEP_FACTOR : 1);
  if (window === null || window.reserveS > cutOffS) {
    endFall(state, group, time);
    checkFallenBelow(state, group, k, time);
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
  const sameFall = standing !== undefined && alarmedFall(state, group);
  // (a group already below the evacuation pressure is alarmed at once: the rate matters no more)
  if (
    !sameFall &&
    time - group.rapidSinceS <
      (-window.thermalPaPerS > COOLING_SHARE * (window.ratePaPerS - window.thermalPaPerS)
        ? DEFAULT_RAPID.windowS
        : RAPID_CONFIRM_S) &&
    !(window.pressurePa < state.options.evacuationPa)
  )
    return;
  // graded on the leak alarms' rungs of reserve time (alarms.ts): the same air, the same grade,
  // whichever watch saw it first (a fall 20 h from the limit was a WARNING here, CRITICAL there)
  const severity = leakSeverity(state.options.severity, Number.POSITIVE_INFINITY, fall.reserveS);
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
    fall.overS === null
      ? 'the last minute'
      : `the ${round(fall.overS / 60, 0)} min since the fall began${fall.law === 'crack' ? ", a crack's flow (∝ p²)" : ''}`;
  // what the air's temperature did to the last minute's fall, when it is a twentieth of it or more
  const air = (window.thermalPaPerS * 3600) / mmHgToPa(1);
  const thermal =
    fall.overS === null && Math.abs(window.thermalPaPerS) >= 0.05 * window.ratePaPerS
      ? `; net of the air's ${air < 0 ? 'cooling' : 'warming'}, ${round(Math.abs(air), 2)} mmHg/h`
      : '';
  const reading = {
    message:
      `rapid depressurisation of ${describeModules(group.series.model.moduleIds)}: ${round((fall.ratePaPerS * 3600) / mmHgToPa(1), 2)} mmHg/h ` +
      `(~${round(kgPerDay, 0)} kg/day), T1mm ${round(t1mmS, 1)} s, ${round(fall.reserveS / 60, 1)} min ` +
      `to ${round(state.options.evacuationPa / mmHgToPa(1), 0)} mmHg (90 %: ${reserve90[0]} to ${reserve90[1] ?? 'no end'}; over ${over}${thermal})`,
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

/**
 * A group whose gauges read below the evacuation pressure when its last completed bin was above it,
 * with no fall seen on the way: the air went between two readings (a ground vessel's 500 mm port
 * emptied it inside one 10 s sample; a 60 s slope through one step is no line). Alarmed SEVERE at
 * once, its rate a lower bound (the drop over the time since that bin). A group already below the
 * limit when first seen (the PrK held at 200 mmHg, an airlock at vacuum) raises nothing.
 */
function checkFallenBelow(state: MonitorState, group: GroupTrack, k: number, time: number): void {
  const evacuationPa = state.options.evacuationPa;
  // nearly every sample: this gauge reads above the limit, or the group has alarmed already
  if (
    !((state.rapid.channels.get(k)?.level ?? Number.NaN) < evacuationPa) ||
    (group.rapidAlarm >= 0 && state.alarms[group.rapidAlarm]?.cleared === undefined)
  )
    return;
  const { series } = group;
  const levels: number[] = [];
  for (const c of series.model.pressure) {
    const trend = state.rapid.channels.get(c);
    if (trend !== undefined && readWithin(trend.updated, time) && Number.isFinite(trend.level))
      levels.push(trend.level);
  }
  levels.sort((a, b) => a - b);
  const pressure = levels[levels.length >> 1] ?? Number.NaN;
  let last = series.t.length - 1;
  while (last >= 0 && !Number.isFinite(series.pressure[last] as number)) last--;
  const before = last >= 0 ? (series.pressure[last] as number) : Number.NaN;
  if (!(pressure < evacuationPa) || !(before >= evacuationPa)) return;
  // the last reading above the limit: this gauge's, in its window, else the group's bin
  const trend = state.rapid.channels.get(k);
  let above = -1;
  for (let i = (trend?.values.length ?? 0) - 1; i >= 0 && above < 0; i--)
    if ((trend?.values[i] as number) >= evacuationPa) above = i;
  const [fromPa, fromS] =
    trend !== undefined && above >= 0
      ? [trend.values[above] as number, trend.times[above] as number]
      : [before, (series.t[last] as number) + state.options.binS];
  const ratePaPerS = (fromPa - pressure) / Math.max(1, time - fromS);
  const mmHg = (pa: number): number => round(pa / mmHgToPa(1), pa < mmHgToPa(10) ? 2 : 0);
  group.rapidAlarm = state.alarms.length;
  group.rapidAlarmAt = time;
  group.rapidReserveS = 0;
  state.alarms.push({
    time,
    severity: 'SEVERE',
    kind: 'rapid-depress',
    modules: series.model.moduleIds,
    message:
      `rapid depressurisation of ${describeModules(series.model.moduleIds)}: ${mmHg(pressure)} mmHg now, ` +
      `below the evacuation pressure (${mmHg(evacuationPa)} mmHg); ${mmHg(fromPa)} mmHg at ` +
      `${isoFromEpochS(fromS).slice(11, 19)}Z: it fell between readings, faster than they can time ` +
      `(at least ${round((ratePaPerS * 3600) / mmHgToPa(1), 0)} mmHg/h)`,
    reserveTimeMin: 0,
    reserveTimeMin90: [0, 0],
    t1mmS: round(mmHgToPa(1) / ratePaPerS, 2),
    evidence: {
      rateKgPerDay: round(ratePaPerS * series.model.kgPerPa * 86400, 1),
      since: fromS,
    },
  });
}

/** True when a gauge last read within the rapid check's window of `time`. */
function readWithin(updatedS: number, time: number): boolean {
  return time - updatedS <= DEFAULT_RAPID.windowS;
}

/**
 * How fast the group's air temperature moves its pressure `pressurePa` now [Pa/s], from its
 * thermometers neither stale nor found drifting (rapid-thermal.ts); null without one to tell.
 */
function airThermal(
  state: MonitorState,
  group: GroupTrack,
  time: number,
  pressurePa: number,
): ThermalRate | null {
  const { model } = group.series;
  const usable = model.temperature.filter(
    ({ channel }) => state.quality.stale[channel] !== 1 && !state.tFaulty.has(channel),
  );
  // the group's air temperature from its R·T/V
  const temperatureK = (model.paPerMole * model.volumeM3) / GAS_CONSTANT;
  return thermalRate(usable, (k) => thermometerSlopeAt(state.rapid, k, time), pressurePa, temperatureK);
}

/** True while a module of the group equalises with one a hatch just opened to: the watch is blind then. */
export function equalising(state: MonitorState, group: GroupTrack, time: number): boolean {
  return group.series.model.modules.some((m) => (state.equalisingUntilS[m] as number) > time);
}

/** True when the group's fall now is the one its standing rapid-depress alarm was raised for. */
export function alarmedFall(state: MonitorState, group: GroupTrack): boolean {
  const standing = state.alarms[group.rapidAlarm];
  return standing !== undefined && standing.evidence?.since === group.rapidSinceS;
}

/**
 * No fall seen at `time`: one not seen for RAPID_END_S (RAPID_END_ALARMED_S once alarmed) is over,
 * and the next starts its own alarm and fit. An alarmed fall that is over returns its alarm to
 * normal, saying what the pressure did since the fall was last seen, unless the group is below the
 * evacuation pressure (emptied, it falls no more); while air equalises with a module just opened the
 * watch is blind, and an alarmed fall is held, not ended.
 */
function endFall(state: MonitorState, group: GroupTrack, time: number): void {
  const alarmed = alarmedFall(state, group);
  if (time - group.rapidSeenS <= (alarmed ? RAPID_END_ALARMED_S : RAPID_END_S)) return;
  if (alarmed) {
    if (equalising(state, group, time)) {
      group.rapidSeenS = time;
      return;
    }
    // a group emptied below the evacuation pressure falls no more, and is not back to normal
    if (!(lastFinite(group.series.pressure) < state.options.evacuationPa)) {
      const since = pressureSince(state, group, group.rapidSeenS);
      // one still falling unseen within reach of the limit: held, looked at again ten minutes on
      if (!since.over) {
        group.rapidSeenS = time;
        return;
      }
      clearRapidAlarm(state, group, since, time);
    }
  }
  group.rapidSinceS = Number.NaN;
  group.rapidSeenS = Number.NaN;
  group.rapidFit = null;
  group.rapidFitFromS = Number.NaN;
  group.rapidFitBins = -1;
}

/**
 * Marks the group's standing rapid-depress alarm returned to normal at `time`: its fall not seen
 * since `rapidSeenS`. Like a stale channel's, the alarm stays for the operator to acknowledge
 * (ISA-18.2).
 */
function clearRapidAlarm(
  state: MonitorState,
  group: GroupTrack,
  since: ReturnType<typeof pressureSince>,
  time: number,
): void {
  const raised = group.rapidAlarm;
  const alarm = state.alarms[raised] as Alarm;
  if (alarm.evidence !== undefined) {
    alarm.evidence.until = group.rapidSeenS;
    alarm.evidence.slowed = since.slowed;
  }
  alarm.cleared = {
    time,
    reason:
      `${describeModules(group.series.model.moduleIds)} last seen falling at ` +
      `${isoFromEpochS(group.rapidSeenS).slice(11, 19)}Z; the fall ${since.slowed ? 'slowed' : 'stopped'}: ${since.text}`,
  };
  state.updated.push(raised);
}

/**
 * What the group's pressure did since `fromS` [epoch s]: a straight line through its bins since,
 * its fall [mmHg/h] with a 90 % interval (Student's t), the pressure now, whether it still
 * falls (the interval above zero: slowed, not stopped), with its time to the evacuation pressure
 * at that rate, and whether the fall is over: even at the interval's upper end, further from the
 * evacuation pressure than an alarmed fall is kept for.
 */
export function pressureSince(
  state: MonitorState,
  group: GroupTrack,
  fromS: number,
): { slowed: boolean; over: boolean; text: string } {
  const { series } = group;
  const t: number[] = [];
  const p: number[] = [];
  for (let i = series.t.length - 1; i >= 0; i--) {
    const ti = series.t[i] as number;
    if (ti - state.options.binS / 2 < fromS) break;
    if (Number.isFinite(series.pressure[i] as number)) {
      t.push(ti);
      p.push(series.pressure[i] as number);
    }
  }
  if (t.length < 3) return { slowed: false, over: false, text: 'too few readings since to tell its rate' };
  const perHour = (paPerS: number): number => round((paPerS * 3600) / mmHgToPa(1), 2);
  const line = straightLine(t, p, t.length);
  const half = studentTQuantile(0.95, t.length - 2) * Math.sqrt(line.sse / (t.length - 2) / line.stt);
  const fall = -line.slope;
  const now = p[0] as number;
  const evacuationPa = state.options.evacuationPa;
  const slowed = fall - half > 0;
  // over only when even the upper end of its rate leaves the group further from the limit than an
  // alarmed fall is kept for (a crack just below the watch's 5 mmHg/h, a day from the limit, is not
  // back to normal)
  const over = !(
    fall + half > 0 && (now - evacuationPa) / (fall + half) <= RAPID_KEEP_FACTOR * DEFAULT_RAPID.reportBelowS
  );
  const reserve =
    slowed && now > evacuationPa
      ? `, ${round((now - evacuationPa) / fall / 3600, 1)} h from ${round(evacuationPa / mmHgToPa(1), 0)} ` +
        'mmHg at that rate'
      : '';
  return {
    slowed,
    over,
    text:
      `${perHour(fall)} mmHg/h since (90 %: ${perHour(fall - half)} to ${perHour(fall + half)})${reserve}; ` +
      `${round(now / mmHgToPa(1), 2)} mmHg now`,
  };
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
  law: FallLaw;
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
  if (fit === null) return { ...window, overS: null, law: 'orifice' };
  // where the pressure is: the gauges' reading now, and the cabin's wander about the fitted fall
  const level = Math.hypot(levelSe(state.rapid, series.model.pressure, window.ratePaPerS), fit.residualPa);
  const now = fallAt(fit, window.pressurePa, state.options.evacuationPa, level);
  // (a fit that reads no fall while the last minute reads one tells nothing of its reserve)
  if (!(now.ratePaPerS > 0)) return { ...window, overS: null, law: 'orifice' };
  return {
    ratePaPerS: now.ratePaPerS,
    reserveS: now.reserveS,
    reserveS90: now.reserveS90,
    overS: fit.toS - fit.fromS + state.options.binS,
    law: fit.law,
  };
}
