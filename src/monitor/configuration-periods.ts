/**
 * Hatch configurations as periods: the groups a new configuration forms (continuing a history,
 * borrowing a module's earlier fit, waiting for air to mix) and what a closed one reports.
 */
import { connectedGroups, median, type Station } from '../core/index.js';
import {
  createCycleSlots,
  type FlowLawFit,
  fitFlowLaw,
  type NoiseModel,
  withWhiteNoise,
} from '../estimate/index.js';
import { type Alarm, isLeakAlarmOf } from './alarms.js';
import { CYCLE_MAX_DAYS, longestWindowS } from './daily-cycle-watch.js';
import {
  estimate24,
  LONG_FIT_S,
  lastFinite,
  MIN_BINS,
  measuredThermalGain,
  ownSpanEstimate,
  periodEstimate,
  pressureStepPa,
  settledIndex,
} from './group-estimates.js';
import { describeGroup, type GroupModel } from './group-model.js';
import { continueSeries, createGroupSeries, emptyPeriod, type PeriodBins } from './group-series.js';
import type { GroupTrack, ModulePrior, MonitorOptions, MonitorState, PeriodOnset } from './monitor-state.js';
import { DEFAULT_RAPID } from './rapid-depress.js';
import { handOverFalls } from './rapid-handover.js';
import { mainGroup } from './timeline.js';

/** How long a continued history remembers the modules closed off from it [s]: the longest scan window. */
const CLOSED_OFF_MEMORY_S = 86_400;

/** A group that keeps this share of its volume across a hatch change carries its history on. */
const CONTINUE_VOLUME_SHARE = 0.9;

/**
 * The previous configuration's group that a new group continues: one nests in the other, they have
 * about the same volume, and the modules that joined or left were at the group's pressure (an
 * airlock repressed to a different pressure would move the group's inventory by a step). A group
 * that was alarmed for a rapid fall in that configuration carries nothing on: closing modules off
 * then is an isolation, and a history holding the fall would be read as the rest's leak (in
 * mmod-10mm the station tight behind the closed Columbus hatch read 200–300 kg/day for an hour).
 */
function predecessor(
  state: MonitorState,
  previous: GroupTrack[],
  model: GroupModel,
  means: Float64Array,
  fell: ReadonlySet<GroupTrack>,
): GroupTrack | undefined {
  const ids = new Set(model.moduleIds);
  return previous.find((g) => {
    if (fell.has(g)) return false;
    const old = g.series.model;
    const shared = old.moduleIds.filter((id) => ids.has(id)).length;
    const nested = shared === old.moduleIds.length || shared === model.moduleIds.length;
    if (
      !nested ||
      Math.min(old.volumeM3, model.volumeM3) / Math.max(old.volumeM3, model.volumeM3) < CONTINUE_VOLUME_SHARE
    )
      return false;
    const [large, small] = old.volumeM3 >= model.volumeM3 ? [old, model] : [model, old];
    const inSmall = new Set(small.moduleIds);
    const pressureOf = (channels: number[], inside: boolean): number =>
      median(
        channels
          .filter((k) => inSmall.has(state.station.sensors[k]?.module ?? '') === inside)
          .map((k) => means[k] as number)
          .filter(Number.isFinite),
      );
    const rest = pressureOf(large.pressure, true);
    const changed = pressureOf(large.pressure, false);
    // unmeasured modules are taken to be at the group's pressure
    if (!Number.isFinite(rest) || !Number.isFinite(changed)) return true;
    const changedVolume = large.volumeM3 - small.volumeM3;
    return Math.abs(changed - rest) * (changedVolume / large.volumeM3) <= pressureStepPa(state, large);
  });
}

export function openSegment(state: MonitorState, key: string, startS: number, means: Float64Array): void {
  const previous = state.segment?.groups ?? [];
  // groups alarmed for a rapid fall in the configuration that ends here
  const previousFromS = state.segment?.fromS ?? Number.NEGATIVE_INFINITY;
  const fell = new Set(previous.filter((g) => g.rapidAlarmAt >= previousFromS));
  handOverFalls(state, previous, startS);
  closeSegment(state);
  const topology = connectedGroups(state.present, state.hatchEnds, state.hatchOpen);
  const groups: GroupTrack[] = [];
  for (const g of topology.groups) {
    const model = describeGroup(state.station, g.modules);
    if (model.pressure.length === 0) continue;
    const before = predecessor(state, previous, model, means, fell);
    if (before !== undefined) {
      // closing off a small module does not restart the estimate of the rest
      const kept = new Set(model.moduleIds);
      const departed = before.series.model.moduleIds.filter((id) => !kept.has(id));
      const closedOff = [
        ...before.closedOff.filter((c) => c.atS > startS - CLOSED_OFF_MEMORY_S),
        ...(departed.length > 0 ? [{ modules: departed, atS: startS }] : []),
      ];
      groups.push({
        ...before,
        series: continueSeries(before.series, model),
        period: emptyPeriod(),
        closedOff,
      });
      continue;
    }
    const mixingUntilS = mergesSeparateAir(previous, model) ? startS + SETTLE_S : Number.NEGATIVE_INFINITY;
    const settleUntilS = Math.max(
      mixingUntilS,
      isolatedFromFall(fell, model)
        ? startS + ANALYSER_CATCH_UP_PERIODS * slowestInventoryPeriodS(state.station, model)
        : Number.NEGATIVE_INFINITY,
    );
    const prior = priorFor(state, model.moduleIds);
    groups.push({
      series: createGroupSeries(model, state.options.binS),
      period: emptyPeriod(),
      settleUntilS,
      mixingUntilS,
      historyFromS: startS,
      closedOff: [],
      history: [],
      latest: null,
      coupling: prior?.coupling ?? Number.NaN,
      priorRelCoupling: prior !== undefined && prior.spanS >= LONG_FIT_S ? prior.relCoupling : Number.NaN,
      noise: prior !== undefined ? borrowedNoise(prior, model) : null,
      leakSeverity: null,
      rapidReserveS: Number.NaN,
      rapidAlarmAt: Number.NEGATIVE_INFINITY,
      rapidAlarm: -1,
      rapidSinceS: Number.NaN,
      rapidSeenS: Number.NaN,
      rapidFit: null,
      rapidFitFromS: Number.NaN,
      rapidFitBins: -1,
      lastCheckS: startS,
      scannedS: new Map(),
      noiseFittedS: Number.NEGATIVE_INFINITY,
      noiseSpanS: prior?.spanS ?? 0,
      couplingSe: 0,
      total: null,
      faultChannels: new Set(),
      faultRun: new Map(),
      driftWatchedS: Number.NEGATIVE_INFINITY,
      recheck: null,
      cycleSlots: createCycleSlots(CYCLE_MAX_DAYS * 86400 + longestWindowS(state.options) + 3600),
      cycle: null,
      cycleFittedS: Number.NEGATIVE_INFINITY,
    });
  }
  state.segment = { fromS: startS, toS: startS, key, groups };
}

/**
 * The noise a freshly isolated group borrows: its modules' last fit, plus the white noise its own
 * sensors add beyond the ones that fit was made on. Weekend #2 of prk-2020 closed the Russian
 * segment off with one analyser of its own (1.2 mmHg a reading) under the station's fit (two MCAs at
 * 0.18 mmHg weighed with it): its standard errors were a third of the truth, and an hour into the
 * isolation its 1 h trend read 17 kg/day at 8.8 standard errors (the crack leaked 1.4).
 */
function borrowedNoise(prior: ModulePrior, model: GroupModel): NoiseModel {
  return withWhiteNoise(prior.noise, model.readingVariancePa2 - prior.readingVariancePa2);
}

/** The prior of the module set that overlaps most by volume with the group. */
function priorFor(state: MonitorState, moduleIds: string[]): ModulePrior | undefined {
  for (const id of moduleIds) {
    const prior = state.priors.get(id);
    if (prior !== undefined) return prior;
  }
  return undefined;
}

export function closeSegment(state: MonitorState): void {
  const segment = state.segment;
  if (segment === null) return;
  for (const group of segment.groups) {
    const { series } = group;
    const n = series.t.length;
    if (n === 0) continue;
    // the configuration's own evidence: only the bins since it began (an isolation test stands alone)
    let first = n;
    while (first > 0 && (series.t[first - 1] as number) >= segment.fromS) first--;
    // over the reported rate's trailing window at most (the series keeps longer when scans need it)
    const ownFrom = Math.max(first, n - windowBins(state.options));
    const own = ownSpanEstimate(state, group, ownFrom, n);
    const whole = group.period.t.length > n - first ? periodEstimate(state, group) : null;
    const trailing = estimate24(state, group, n);
    const ownSpanS = (n - Math.max(ownFrom, settledIndex(group))) * state.options.binS;
    const pressure = lastFinite(series.pressure);
    // a group whose air, apart before, mixed until less than minHistoryS before the end has no rate
    // of its own: what an hour of it says (soyuz-2018's station, reopened at 15:00 and tight: 9.41
    // kg/day, 2.77 to 16.05, from 21:00 on) is the mixing, not a leak
    const settling = group.mixingUntilS > segment.toS - state.options.minHistoryS;
    const onset = onsetInside(state, group, segment.fromS, segment.toS, first, n);
    state.segments.push({
      fromS: segment.fromS,
      toS: segment.toS,
      modules: series.model.moduleIds,
      estimate: settling ? null : (whole ?? own),
      lastDay: settling ? null : own,
      trailing,
      // a rapid fall that stopped or slowed in the period: the rate at its end is the one since
      atEnd: settling
        ? null
        : (onset?.after ??
          (own !== null && (ownSpanS >= FINAL_OWN_SPAN_S || trailing === null) ? own : trailing)),
      settling: settling ? group.mixingUntilS : null,
      onset,
      kind: series.model.kind,
      pressurePa: pressure,
      kgPerPa: series.model.kgPerPa,
      meanThermalGain: measuredThermalGain(series),
      t: series.t.slice(),
      pressure: series.pressure.slice(),
      flowLaw: flowLawSince(group.period, datingAlarm(state, group, segment.fromS, segment.toS)?.evidence),
      checks: group === mainGroup(segment) ? [] : checksSince(group.history, segment.fromS),
    });
  }
  state.finalGroups = segment.groups;
  state.segment = null;
}

/**
 * The onset of a leak inside a configuration, as the group's last alarm in it that dated one — a
 * change test's onset (tested against the history before it) or the first second of a rapid fall —
 * with the rate over the bins before it and since it. A trend alarm's onset is not taken: its window
 * start is none, and the onset it refines within the window rests on a short tail (on soyuz-2018 it
 * dated a steady 19 kg/day leak to 07:40, with 71 kg/day since). Null unless MIN_BINS of the
 * configuration lie before the onset: a fall seen in a group's first minutes is its forming, not an
 * onset. A rapid fall that stopped or slowed (its alarm returned to normal, the fall last seen at
 * `until`) splits the time since into the fall's (to a minute's slope before `until`) and after it.
 */
function onsetInside(
  state: MonitorState,
  group: GroupTrack,
  fromS: number,
  toS: number,
  first: number,
  n: number,
): PeriodOnset | null {
  const dating = datingAlarm(state, group, fromS, toS);
  const onsetS = dating?.evidence?.since;
  if (dating === undefined || onsetS === undefined) return null;
  const { t } = group.series;
  let k = first;
  while (k < n && (t[k] as number) < onsetS) k++;
  if (k - first < MIN_BINS) return null;
  const untilS = dating.evidence?.until;
  // the leak's last bin: its fall was seen in the rapid watch's window before `until`
  let stop = n;
  let after = n;
  if (untilS !== undefined && untilS < toS) {
    stop = k;
    while (stop < n && (t[stop] as number) < untilS - DEFAULT_RAPID.windowS) stop++;
    after = stop;
    while (after < n && (t[after] as number) - state.options.binS / 2 < untilS) after++;
  }
  return {
    onsetS,
    before: ownSpanEstimate(state, group, first, k),
    since: stop - k >= MIN_BINS ? ownSpanEstimate(state, group, k, stop) : null,
    fallEnded:
      untilS !== undefined && untilS < toS ? { atS: untilS, slowed: dating.evidence?.slowed === true } : null,
    after: n - after >= MIN_BINS ? ownSpanEstimate(state, group, after, n, undefined, true) : null,
    alarmRateKgPerDay: dating.evidence?.rateKgPerDay ?? Number.NaN,
    alarmRateKgPerDay90: dating.evidence?.rateKgPerDay90 ?? null,
  };
}

/** The checks at or after `fromS` (a continued group's history holds its earlier configurations' too). */
function checksSince(history: GroupTrack['history'], fromS: number): GroupTrack['history'] {
  let first = history.length;
  while (first > 0 && (history[first - 1] as GroupTrack['history'][number]).t >= fromS) first--;
  return history.slice(first);
}

/**
 * Time for the air of groups that were apart to mix after their hatch opens [s]: a composition
 * sensor in one module reads local air, so its trend means nothing until then.
 */
const SETTLE_S = 6 * 3600;

/** A group rejoining with at least this share of the volume brings air of its own history. */
const MERGE_SHARE = 0.05;

/** True when the group joins air from two or more previous groups, each a real share of it. */
function mergesSeparateAir(previous: GroupTrack[], model: GroupModel): boolean {
  const ids = new Set(model.moduleIds);
  let parts = 0;
  for (const g of previous) {
    const shared = g.series.model.moduleIds.filter((id) => ids.has(id));
    if (shared.length === 0) continue;
    const share =
      shared.length === g.series.model.moduleIds.length ? g.series.model.volumeM3 / model.volumeM3 : 0;
    if (share >= MERGE_SHARE) parts++;
  }
  return parts >= 2;
}

/**
 * True when the group was part of one alarmed for a rapid fall in the previous configuration:
 * the hatches closed on a fall, and readings of a slow analyser still hold values from before.
 */
function isolatedFromFall(fell: ReadonlySet<GroupTrack>, model: GroupModel): boolean {
  const ids = new Set(model.moduleIds);
  return [...fell].some((g) => g.series.model.moduleIds.some((id) => ids.has(id)));
}

/**
 * A group closed off from a rapid fall is not estimated until each of its inventory's sensors has
 * reported this many of its periods: an analyser that reports every 7 minutes still holds a
 * reading from during the fall (in mmod-10mm the ppN2 inventory of the station behind the closed
 * Columbus hatch stepped down 150 Pa four minutes after the closure, which read as 30–50 kg/day,
 * its interval above zero, for the next hour).
 */
const ANALYSER_CATCH_UP_PERIODS = 2;

/** The longest reporting period [s] of the sensors a group's inventory is read from. */
function slowestInventoryPeriodS(station: Station, model: GroupModel): number {
  const channels =
    model.kind === 'N2'
      ? [...model.pressure, ...model.nitrogen.flatMap((n) => [n.ppN2, n.ppO2, n.ppCO2, n.ppH2O])]
      : model.pressure;
  let slowest = 0;
  for (const k of channels) slowest = Math.max(slowest, station.sensors[k]?.periodS ?? 0);
  return slowest;
}

/** A configuration this long [s] gives the rate at the end by itself. */
const FINAL_OWN_SPAN_S = 6 * 3600;

/** Bins of the reported rate's trailing window, as the series keeps them (one more than the window). */
function windowBins(options: MonitorOptions): number {
  return Math.ceil(options.windowS / options.binS) + 1;
}

/** The group's last alarm in the configuration that dated an onset (a change test's, a rapid fall's). */
function datingAlarm(state: MonitorState, group: GroupTrack, fromS: number, toS: number): Alarm | undefined {
  let dating: Alarm | undefined;
  for (const a of state.alarms) {
    if (!isLeakAlarmOf(a, group.series.model.moduleIds, fromS, toS)) continue;
    const dated = a.kind === 'rapid-depress' || a.evidence?.test === 'change';
    if (dated && a.evidence?.since !== undefined) dating = a;
  }
  return dating;
}

/**
 * The flow law the period's decay follows, from a leak's onset inside it when an alarm dated one: the
 * steady pressure before a hole opened fits neither law (a 5 mm hole opened a quarter of an hour
 * into an hour read 'undetermined, the pressure fell 71.4 %'; fitted from its start, orifice).
 */
function flowLawSince(
  period: PeriodBins,
  dated: { since?: number; until?: number; slowed?: boolean } | undefined,
): FlowLawFit {
  const onsetS = dated?.since;
  // a fall that stopped is fitted on its own bins: the steady pressure after it fits neither law
  // (one that slowed goes on as the same leak)
  const untilS = dated?.slowed === false ? dated.until : undefined;
  const to =
    untilS === undefined ? period.t.length : period.t.findIndex((t) => t > untilS - DEFAULT_RAPID.windowS);
  const whole = fitFlowLaw(period.t, period.pressure);
  // (a law the whole period tells stands: a crack leaking from the start, whose later alarm dated
  // a change near the end, would be fitted on its last minutes)
  if ((whole.law !== null && untilS === undefined) || onsetS === undefined) return whole;
  let from = 0;
  while (from < period.t.length && (period.t[from] as number) < onsetS) from++;
  const end = to < 0 ? period.t.length : to;
  const since = fitFlowLaw(period.t.slice(from, end), period.pressure.slice(from, end));
  return since.law !== null || untilS !== undefined ? since : whole;
}
