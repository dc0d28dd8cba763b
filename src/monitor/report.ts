/**
 * The analysis of a run of telemetry as CONTRACT.md §5 defines it (`airtight analyze --json`),
 * with more: the equivalent hole, the flow law, the coupling, the data quality.
 */
import { isoFromEpochS, meanMolarMass, paToMmHg } from '../core/index.js';
import { equivalentDiameterM, fitTrend } from '../estimate/index.js';
import {
  type Alarm,
  type AlarmReading,
  isStandingLeakAlarm,
  joinedReserveS,
  reserveHours,
  reserveTimeS,
} from './alarms.js';
import type { MonitorState, SegmentResult } from './monitor-state.js';
import { QUALITY_REASONS } from './quality.js';
import { leftWithVehicle } from './vehicles.js';

export interface ReportOptions {
  /** Discharge coefficient for the equivalent hole (default 1: the smallest hole that fits). */
  cd: number;
}

export interface AnalysisReport {
  station: string;
  from: string | null;
  to: string | null;
  leak: {
    detected: boolean;
    firstAlarm: string | null;
    rateKgPerDay: number | null;
    rateKgPerDay90: [number, number] | null;
    locatedIn: string[] | null;
    /** Orifice that would lose the present rate at the group's pressure, with `cd`. */
    equivalentDiameterMm: number | null;
    cd: number;
    flowLaw: 'orifice' | 'crack' | null;
    flowLawNote: string | null;
    /**
     * Cabin pressure per kelvin of the largest group's temperature sensors as they read
     * (volume-weighted) [mmHg/K]; null when there is no estimate or no coupling was fitted (the
     * group's temperature did not change over the estimate's window, or it has no thermometer), or
     * the fitted one is within two standard errors of zero (a steady temperature's noise).
     */
    couplingMmHgPerK: number | null;
    /** Time for the group that leaks most to reach the evacuation pressure at the present rate [h]. */
    reserveTimeH: number | null;
    /** That group's modules: a group closed off from the largest has a reserve of its own, not the crew's. */
    reserveModules: string[] | null;
    /**
     * When that group is closed off from the largest: the reserve time of the two joined were its
     * hatches opened, at their mixed pressure, its leak scaled there by its flow law [h].
     */
    reserveIfOpenedH: number | null;
    /**
     * A rapid fall the rate at the end is taken after (its alarm back to normal: it stopped, or
     * slowed beyond the rapid watch), and when it was last seen falling: that rate is the one
     * since, not over the trailing window. Null otherwise.
     */
    afterFall: { time: string; how: 'stopped' | 'slowed' } | null;
    inventory: string | null;
    /** What a straight line through the largest group's pressure says, for comparison [kg/day]. */
    plainTrendKgPerDay: number | null;
    /** Why the rate is missing or limited, when it is (GAINING_NOTE when the whole interval lies below zero). */
    note: string | null;
    /**
     * Present when groups closed off from the largest have fallen below the evacuation pressure, leaking:
     * left to empty, their leak draws no stores (a module sealed after a puncture). The rate of the
     * rest, which does, and those groups with their rates and pressures. (A closed-off group above
     * that pressure is held for the crew to reopen and counts as drawing.)
     */
    drawingStores?: {
      rateKgPerDay: number | null;
      rateKgPerDay90: [number, number] | null;
      leftToEmpty: { modules: string[]; rateKgPerDay: number; pressureMmHg: number }[];
    };
  };
  /**
   * Vehicles seen to dock (a channel of theirs reporting after none) or taken as undocked (hatches
   * shut, every channel silent), in order.
   */
  vehicles: { vehicle: string; event: 'docked' | 'undocked'; at: string }[];
  segments: {
    from: string;
    to: string;
    modules: string[];
    rateKgPerDay: number | null;
    rateKgPerDay90: [number, number] | null;
    inventory: string;
    pressureMmHg: number | null;
    /**
     * When a group whose air was still mixing after hatches reopened has a rate of its own (its
     * composition trend means nothing before); null when it has one already.
     */
    mixingUntil: string | null;
    /**
     * True when the whole 90 % interval lies below zero: the inventory rose with no gas added that
     * the telemetry shows, which a sealed group cannot do (GAINING_NOTE says what it means).
     */
    gaining: boolean;
    /**
     * A leak that began inside the period, as its alarms dated it, with the rate before and since:
     * the straight line of `rateKgPerDay` mixes the two. Too short a time since the onset for a
     * trend, the rate since is the dating alarm's (a rapid fall's, without an interval). Null when
     * no alarm dated one there.
     */
    onset: {
      time: string;
      rateBeforeKgPerDay: number | null;
      rateBeforeKgPerDay90: [number, number] | null;
      rateSinceKgPerDay: number | null;
      rateSinceKgPerDay90: [number, number] | null;
      /**
       * A rapid fall (the onset's) that stopped, or slowed beyond the rapid watch, inside the period:
       * when it was last seen falling, and the rate after (the rate since the onset is then the
       * fall's, up to its end). Null when it went on.
       */
      fallEnded: {
        time: string;
        how: 'stopped' | 'slowed';
        rateAfterKgPerDay: number | null;
        rateAfterKgPerDay90: [number, number] | null;
      } | null;
    } | null;
  }[];
  alarms: (Omit<Alarm, 'time' | 'evidence' | 'withdrawn' | 'cleared' | 'latest'> & {
    time: string;
    evidence?: Record<string, unknown>;
    withdrawn?: { time: string; reason: string };
    cleared?: { time: string; reason: string };
    latest?: Omit<AlarmReading, 'time'> & { time: string };
  })[];
  quality: {
    samples: number;
    rejected: Record<string, number>;
    /** The same by channel and reason, with the first and last rejected sample's times; most first. */
    rejectedByChannel: { channel: string; reason: string; count: number; first: string; last: string }[];
    staleChannels: string[];
    sensorFaults: string[];
    /**
     * Periodic channels that dropped out (gaps longer than three of their own intervals): how
     * often, the time lost beyond their usual interval and the longest gap [s].
     */
    dropouts: { channel: string; gaps: number; lostS: number; longestS: number }[];
  };
}

/**
 * What an inventory that rose beyond its interval means. The gas added from the stores the station
 * declares is already taken out, and gas cannot appear in a sealed group: either some came in
 * unmeasured, or the readings moved without the gas. After mmod-10mm's closure the 25 modules left
 * read −2.34 kg/day (−3.15 to −1.53) for 5 h with no gas added: with its crew of 7 the metabolism,
 * its CO2 and water removed in the analysers' own modules, draws nitrogen towards them (−1.57
 * with 3 crew, −0.82 with none); in its first hours the real ISS day's monitor read −3 to −4
 * kg/day, a coupling fitted to the morning's warm-up alone.
 */
export const GAINING_NOTE =
  'the inventory rose with no gas added that the telemetry shows, which a sealed group cannot do: ' +
  'either gas came in unmeasured (a top-up from a tank the station file does not list, a docked ' +
  "vehicle's air) or the readings moved without the gas (the analysers' local composition following " +
  "the crew's activity or mixing after a hatch change, a temperature the coupling misreads), and then " +
  'the interval understates the uncertainty; not evidence of a leak either way';

/** True when a rate's whole 90 % interval lies below zero (its upper end, any rate unit): GAINING_NOTE. */
export function readsAsGaining(high90: number | undefined): boolean {
  return high90 !== undefined && high90 < 0;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const perDay = (kgPerS: number): number => r3(kgPerS * 86400);

/**
 * A segment's group counts as leaking when its 90 % interval is above zero — over the
 * configuration's last day, as the localization evidence reads it (see isolationPeriods). A
 * configuration shorter than the planner's shortest test (SHORT_PERIOD_S) must show it at
 * SHORT_PERIOD_Z standard errors: a routine hatch operation's hour or two is read by a noise
 * model with little of its own data. On a simulated ISS day with no leak, the monitor's first
 * hour read 14.2 kg/day (90 %: 0.34 to 28.0; 1.7 standard errors) and a 2-hour crewlock closure
 * 4.67 (0.76 to 8.58; 2.0), each with the crewlock tight, and `locatedIn` named 24 modules.
 * soyuz-2018's 1.5 h isolation of the Soyuz side reads 3.7; repair-2021's station, watched 10
 * days, 1.8 (its real leak).
 */
function leaking(s: SegmentResult): boolean {
  if (s.lastDay === null || !(s.lastDay.low90 > 0)) return false;
  return s.toS - s.fromS >= SHORT_PERIOD_S || s.lastDay.rateKgPerS >= SHORT_PERIOD_Z * s.lastDay.seKgPerS;
}

/** The planner's shortest test (localize/planner.ts) [s], and the evidence a shorter one needs. */
const SHORT_PERIOD_S = 3 * 3600;
const SHORT_PERIOD_Z = 3;

/** …and as tight when even its upper bound is a small fraction of the leak seen elsewhere. */
function tight(s: SegmentResult, leakKgPerS: number): boolean {
  return s.lastDay !== null && s.lastDay.high90 < 0.3 * leakKgPerS;
}

/** The segments grouped by hatch configuration (the groups that shared its start), in order. */
export function byConfiguration(segments: readonly SegmentResult[]): SegmentResult[][] {
  const groups = new Map<number, SegmentResult[]>();
  for (const s of segments) {
    const list = groups.get(s.fromS);
    if (list === undefined) groups.set(s.fromS, [s]);
    else list.push(s);
  }
  return [...groups.values()];
}

/**
 * The smallest module set the isolation evidence confines the leak to: intersect the leaking
 * groups of every configuration in which some group leaked while another was tight, removing the
 * tight groups' modules. Null when no configuration was decisive.
 */
export function locateLeak(segments: readonly SegmentResult[]): string[] | null {
  let candidates: Set<string> | null = null;
  for (const groups of byConfiguration(segments)) {
    if (groups.length < 2) continue;
    const leaks = groups.filter(leaking);
    if (leaks.length === 0) continue;
    const largest = Math.max(...leaks.map((g) => g.lastDay?.rateKgPerS ?? 0));
    const tights = groups.filter((g) => !leaking(g) && tight(g, largest));
    if (tights.length === 0) continue;
    const leakingModules = new Set(leaks.flatMap((g) => g.modules));
    const current: Set<string> = candidates ?? new Set(groups.flatMap((g) => g.modules));
    candidates = new Set([...current].filter((m) => leakingModules.has(m)));
    for (const g of tights) for (const m of g.modules) candidates.delete(m);
  }
  return candidates === null || candidates.size === 0 ? null : [...candidates].sort();
}

/**
 * The leak that draws on the stores, as a forecast takes it: the report's rate, less groups closed
 * off and left to empty below the evacuation pressure (`drawingStores`) when there are any.
 */
export function storesLeak(leak: AnalysisReport['leak']): {
  rateKgPerDay: number | null;
  rateKgPerDay90: [number, number] | null;
} {
  const stores = leak.drawingStores;
  return {
    rateKgPerDay: stores?.rateKgPerDay ?? leak.rateKgPerDay,
    rateKgPerDay90: stores?.rateKgPerDay90 ?? leak.rateKgPerDay90,
  };
}

/** The sum of groups' rates at the end [kg/day] and its 90 % interval (errors added in quadrature); nulls for none. */
function summedRate(groups: readonly SegmentResult[]): [number | null, [number, number] | null] {
  if (groups.length === 0) return [null, null];
  let sum = 0;
  let lowSq = 0;
  let highSq = 0;
  for (const s of groups) {
    const e = s.atEnd as NonNullable<SegmentResult['atEnd']>;
    sum += e.rateKgPerS;
    lowSq += (e.rateKgPerS - e.low90) ** 2;
    highSq += (e.high90 - e.rateKgPerS) ** 2;
  }
  return [perDay(sum), [perDay(sum - Math.sqrt(lowSq)), perDay(sum + Math.sqrt(highSq))]];
}

/** The latest rapid fall that a group's rate at the end is taken after, or null. */
function afterFall(groups: readonly SegmentResult[]): AnalysisReport['leak']['afterFall'] {
  let latest: { atS: number; slowed: boolean } | null = null;
  for (const s of groups) {
    const ended = s.onset?.fallEnded ?? null;
    if (
      ended !== null &&
      s.atEnd !== null &&
      s.atEnd === s.onset?.after &&
      ended.atS > (latest?.atS ?? -Infinity)
    )
      latest = ended;
  }
  return latest === null
    ? null
    : { time: isoFromEpochS(latest.atS), how: latest.slowed ? 'slowed' : 'stopped' };
}

/** A station of one module (a ground test vessel): a leak it holds is in that module. */
function onlyModule(state: MonitorState): string[] | null {
  const present = state.station.modules.filter((_, i) => state.present[i] === 1);
  return present.length === 1 ? [(present[0] as (typeof present)[number]).id] : null;
}

/** The plain least-squares trend of a group's pressure, as a leak rate [kg/day] (no compensation). */
function plainTrend(s: SegmentResult): number | null {
  const fit = fitTrend(s.t, s.pressure, [], 0, s.t.length);
  return fit === null ? null : r3(-fit.slope * s.kgPerPa * 86400);
}

export function buildReport(state: MonitorState, options: ReportOptions = { cd: 1 }): AnalysisReport {
  const { station } = state;
  const last = state.segments.length > 0 ? (state.segments.at(-1) as SegmentResult).fromS : Number.NaN;
  const final = state.segments.filter((s) => s.fromS === last);
  const estimated = final.filter((s) => s.atEnd !== null);
  const mixing = final.filter((s) => s.settling !== null && Number.isFinite(s.pressurePa));
  const mixingNote =
    mixing.length > 0
      ? `air of ${mixing.map((s) => (s.modules.length > 3 ? `${s.modules.length} modules` : s.modules.join(', '))).join('; ')} ` +
        `still mixing after hatches reopened; its composition trend means nothing until ${isoFromEpochS(Math.max(...mixing.map((s) => s.settling as number)) + state.options.minHistoryS)}`
      : null;
  const [rate, interval] = mixing.length === 0 ? summedRate(estimated) : [null, null];
  const note = mixingNote ?? (readsAsGaining(interval?.[1]) ? GAINING_NOTE : null);
  // the group that leaks most carries the hole, the law and the reserve time
  const worst = estimated.reduce<SegmentResult | null>(
    (a, s) => (a === null || (s.atEnd?.rateKgPerS ?? 0) > (a.atEnd?.rateKgPerS ?? 0) ? s : a),
    null,
  );
  const main = final.reduce<SegmentResult | null>(
    (a, s) => (a === null || s.modules.length > a.modules.length ? s : a),
    null,
  );
  // groups closed off below the evacuation pressure and leaking are left to empty: their leak
  // draws no stores (one that shows no leak, as the PrK held at 200 mmHg, changes nothing)
  const leftToEmpty = estimated.filter(
    (s) => s !== main && s.pressurePa < state.options.evacuationPa && (s.atEnd?.low90 ?? 0) > 0,
  );
  const [storesRate, storesInterval] =
    leftToEmpty.length > 0 && rate !== null
      ? summedRate(estimated.filter((s) => !leftToEmpty.includes(s)))
      : [null, null];
  const molar = meanMolarMass(station.composition);
  let diameter: number | null = null;
  let law: 'orifice' | 'crack' | null = null;
  let lawNote: string | null = null;
  let reserve: number | null = null;
  let reserveIfOpened: number | null = null;
  if (worst?.atEnd && worst.atEnd.low90 > 0) {
    const e = worst.atEnd;
    diameter = r3(
      equivalentDiameterM(e.rateKgPerS, worst.pressurePa, station.airTemperatureK, molar, options.cd) * 1000,
    );
    const fit = worst.flowLaw;
    law = fit.law;
    lawNote =
      fit.law === null ? (fit.reason ?? null) : lawFitNote(fit.law, fit.fall, fit.orificeRss, fit.crackRss);
    const res = reserveTimeS(worst.pressurePa, state.options.evacuationPa, worst.kgPerPa, e.rateKgPerS);
    reserve = reserveHours(res);
    if (main !== null && main !== worst)
      reserveIfOpened = reserveHours(reserveIfJoined(worst, main, state.options.evacuationPa));
  }
  // an alarm withdrawn (a drifting sensor's, found out later) detects nothing
  const leakAlarms = state.alarms.filter(isStandingLeakAlarm);
  const first = leakAlarms.reduce<Alarm | null>((a, b) => (a === null || b.time < a.time ? b : a), null);
  // totals by reason, in the reasons' order, from the rows by channel
  const byChannel = rejectedByChannel(state);
  const rejected: Record<string, number> = {};
  for (const reason of [...QUALITY_REASONS, LATE]) {
    const n = byChannel.reduce((sum, row) => sum + (row.reason === reason ? row.count : 0), 0);
    if (n > 0) rejected[reason] = n;
  }
  return {
    station: station.id,
    from: Number.isFinite(state.firstS) ? isoFromEpochS(state.firstS) : null,
    to: Number.isFinite(state.lastS) ? isoFromEpochS(state.lastS) : null,
    leak: {
      detected: leakAlarms.length > 0,
      firstAlarm: first === null ? null : isoFromEpochS(first.time),
      rateKgPerDay: rate,
      rateKgPerDay90: interval,
      locatedIn: locateLeak(state.segments) ?? (leakAlarms.length > 0 ? onlyModule(state) : null),
      equivalentDiameterMm: diameter,
      cd: options.cd,
      flowLaw: law,
      flowLawNote: lawNote,
      // a coupling the fit could not tell from nothing (a thermometer's noise about a steady
      // temperature: 0.018, −0.98, 39.6 mmHg/K were read so) is not one to show
      couplingMmHgPerK: finiteOrNull(
        main?.atEnd && determined(main.atEnd.couplingPaPerK, main.atEnd.couplingSePaPerK)
          ? r3(paToMmHg(main.atEnd.couplingPaPerK / main.atEnd.fraction / main.meanThermalGain))
          : Number.NaN,
      ),
      reserveTimeH: reserve,
      reserveModules: reserve !== null && worst !== null ? worst.modules : null,
      reserveIfOpenedH: reserveIfOpened,
      afterFall: afterFall(estimated),
      inventory: main?.kind ?? null,
      plainTrendKgPerDay: main === null ? null : plainTrend(main),
      note,
      ...(storesRate !== null && {
        drawingStores: {
          rateKgPerDay: storesRate,
          rateKgPerDay90: storesInterval,
          leftToEmpty: leftToEmpty.map((s) => ({
            modules: s.modules,
            rateKgPerDay: perDay((s.atEnd as NonNullable<SegmentResult['atEnd']>).rateKgPerS),
            pressureMmHg: Math.round(paToMmHg(s.pressurePa) * 100) / 100,
          })),
        },
      }),
    },
    // groups whose pressure was never measured (no channel in the data) are left out
    vehicles: state.vehicleEvents.map((e) => ({
      vehicle: e.vehicle,
      event: e.event,
      at: isoFromEpochS(e.atS),
    })),
    segments: state.segments
      .filter((s) => Number.isFinite(s.pressurePa))
      .map((s) => ({
        from: isoFromEpochS(s.fromS),
        to: isoFromEpochS(s.toS),
        modules: s.modules,
        rateKgPerDay: s.estimate ? perDay(s.estimate.rateKgPerS) : null,
        rateKgPerDay90: s.estimate ? [perDay(s.estimate.low90), perDay(s.estimate.high90)] : null,
        inventory: s.kind,
        pressureMmHg: Number.isFinite(s.pressurePa) ? Math.round(paToMmHg(s.pressurePa) * 100) / 100 : null,
        mixingUntil: s.settling === null ? null : isoFromEpochS(s.settling + state.options.minHistoryS),
        gaining: readsAsGaining(s.estimate?.high90),
        onset:
          s.onset === null
            ? null
            : {
                time: isoFromEpochS(s.onset.onsetS),
                rateBeforeKgPerDay: s.onset.before ? perDay(s.onset.before.rateKgPerS) : null,
                rateBeforeKgPerDay90: s.onset.before
                  ? [perDay(s.onset.before.low90), perDay(s.onset.before.high90)]
                  : null,
                // too short a time since for a trend: the rate the alarm that dated the onset gave
                rateSinceKgPerDay: s.onset.since
                  ? perDay(s.onset.since.rateKgPerS)
                  : finiteOrNull(s.onset.alarmRateKgPerDay),
                rateSinceKgPerDay90: s.onset.since
                  ? [perDay(s.onset.since.low90), perDay(s.onset.since.high90)]
                  : s.onset.alarmRateKgPerDay90,
                fallEnded:
                  s.onset.fallEnded === null
                    ? null
                    : {
                        time: isoFromEpochS(s.onset.fallEnded.atS),
                        how: s.onset.fallEnded.slowed ? 'slowed' : 'stopped',
                        rateAfterKgPerDay: s.onset.after ? perDay(s.onset.after.rateKgPerS) : null,
                        rateAfterKgPerDay90: s.onset.after
                          ? [perDay(s.onset.after.low90), perDay(s.onset.after.high90)]
                          : null,
                      },
              },
      })),
    alarms: state.alarms.map(({ withdrawn, cleared, latest, ...a }) => ({
      ...a,
      time: isoFromEpochS(a.time),
      ...(a.evidence && {
        evidence: {
          ...a.evidence,
          ...(a.evidence.since !== undefined && { since: isoFromEpochS(a.evidence.since) }),
          ...(a.evidence.closedOff !== undefined && {
            closedOff: a.evidence.closedOff.map((c) => ({ modules: c.modules, at: isoFromEpochS(c.atS) })),
          }),
        },
      }),
      ...(withdrawn && { withdrawn: { time: isoFromEpochS(withdrawn.time), reason: withdrawn.reason } }),
      ...(cleared && { cleared: { time: isoFromEpochS(cleared.time), reason: cleared.reason } }),
      ...(latest && { latest: { ...latest, time: isoFromEpochS(latest.time) } }),
    })),
    quality: {
      samples: state.samples,
      rejected,
      rejectedByChannel: byChannel,
      // (an undocked vehicle's channels are silent because it left)
      staleChannels: station.sensors
        .filter((_, k) => state.quality.stale[k] === 1 && !leftWithVehicle(state, k))
        .map((s) => s.id),
      sensorFaults: [
        ...new Set(state.alarms.filter((a) => a.kind === 'sensor-fault').map((a) => a.channel ?? '')),
      ],
      dropouts: station.sensors.flatMap((s, k) =>
        (state.quality.dropouts[k] as number) > 0
          ? [
              {
                channel: s.id,
                gaps: state.quality.dropouts[k] as number,
                lostS: Math.round(state.quality.dropoutS[k] as number),
                longestS: Math.round(state.quality.longestGapS[k] as number),
              },
            ]
          : [],
      ),
    },
  };
}

/**
 * The reserve time of a closed-off group and the largest joined (`joinedReserveS`), its leak's law
 * as fitted, the largest group's own leak added when its interval lies above zero.
 */
function reserveIfJoined(leaking: SegmentResult, largest: SegmentResult, evacuationPa: number): number {
  const e = leaking.atEnd as NonNullable<SegmentResult['atEnd']>;
  return joinedReserveS(
    {
      pressurePa: leaking.pressurePa,
      kgPerPa: leaking.kgPerPa,
      rateKgPerS: e.rateKgPerS,
      law: leaking.flowLaw.law ?? undefined,
    },
    {
      pressurePa: largest.pressurePa,
      kgPerPa: largest.kgPerPa,
      rateKgPerS: largest.atEnd !== null && largest.atEnd.low90 > 0 ? largest.atEnd.rateKgPerS : 0,
    },
    evacuationPa,
  );
}

/**
 * Quality rejections per channel and reason, and samples late for their bin, most first (ties in
 * the station's channel order).
 */
function rejectedByChannel(state: MonitorState): AnalysisReport['quality']['rejectedByChannel'] {
  const q = state.quality;
  const b = state.binner;
  const row = (channel: string, reason: string, count: number, first: number, last: number) =>
    count > 0 ? [{ channel, reason, count, first: isoFromEpochS(first), last: isoFromEpochS(last) }] : [];
  const rows = state.station.sensors.flatMap((sensor, k) => [
    ...QUALITY_REASONS.flatMap((reason, r) => {
      const i = k * QUALITY_REASONS.length + r;
      return row(
        sensor.id,
        reason,
        q.rejected[i] as number,
        q.firstRejectedS[i] as number,
        q.lastRejectedS[i] as number,
      );
    }),
    ...row(
      sensor.id,
      LATE,
      b.lateByChannel[k] as number,
      b.firstLateS[k] as number,
      b.lastLateS[k] as number,
    ),
  ]);
  return rows.sort((a, b) => b.count - a.count);
}

/** The reason of a sample that came for a bin already completed. */
const LATE = 'late for its bin';

/** A fitted coefficient at least two standard errors from zero (a known one has a standard error of zero). */
function determined(value: number, se: number): boolean {
  return Number.isFinite(value) && !(se * 2 > Math.abs(value));
}

/** Which law fits the fall, and by how much the other misses it. */
function lawFitNote(law: 'orifice' | 'crack', fall: number, orificeRss: number, crackRss: number): string {
  const [other, ratio] =
    law === 'orifice' ? ['crack', crackRss / orificeRss] : ['orifice', orificeRss / crackRss];
  const times = ratio < 1000 ? `${ratio.toFixed(1)}×` : 'over a thousand times';
  return `the ${law} law fits the pressure's fall of ${(fall * 100).toFixed(1)} %; the ${other} law leaves ${times} its squared error`;
}
