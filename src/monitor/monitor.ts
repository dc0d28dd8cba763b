/**
 * The one pipeline, as a reducer over telemetry batches: quality checks → sample-and-hold bins →
 * hatch configuration and groups → per-group gas inventory → leak estimates, change detection and
 * alarms; plus rapid-depress checks on the raw pressure samples. Both the CLI and the server run
 * it; its state is plain data, so a run can be saved, replayed and compared.
 */
import {
  CREW_O2_KG_PER_DAY,
  connectedGroups,
  isoFromEpochS,
  MOLAR_MASS,
  meanMolarMass,
  mmHgToPa,
  type Quantity,
  type Sensor,
  type Station,
  unitScale,
} from '../core/index.js';
import {
  addToSlots,
  type CycleSlots,
  changeEffects,
  clearSlots,
  createCycleSlots,
  cycleShare,
  cycleVariance,
  type DailyCycle,
  estimateLeakChange,
  estimateLeakRate,
  type FlowLawFit,
  fitDailyCycle,
  fitFlowLaw,
  type HarmonicSums,
  harmonicSums,
  type InventorySeries,
  independentReadings,
  type LeakChange,
  type LeakEstimate,
  lineEffects,
  type NoiseFloorSpec,
  type NoiseModel,
  type TrailingSums,
  tQuantile,
  trailingSums,
  withWhiteNoise,
} from '../estimate/index.js';
import { type AddedGasMixing, createAddedGasMixing, stepAddedGasMixing } from './added-gas-mixing.js';
import {
  type Alarm,
  DEFAULT_SEVERITY_POLICY,
  isLeakAlarmOf,
  joinedReserveS,
  leakSeverity,
  reserveTimeS,
  type Severity,
  type SeverityPolicy,
  severityRank,
} from './alarms.js';
import { addSample, type Binner, type CompletedBin, completeBins, createBinner, dropHold } from './bins.js';
import { type FallFit, fallAt, fitFall } from './fall-fit.js';
import { describeGroup, type GroupModel, type InventoryKind, type NitrogenSource } from './group-model.js';
import {
  appendBin,
  continueSeries,
  createGroupSeries,
  emptyPeriod,
  type GroupSeries,
  type PeriodBins,
  periodView,
  recordPeriod,
  trimSeries,
  withoutSource,
  withoutThermometer,
} from './group-series.js';
import {
  addHourlyBin,
  createHourlyMeans,
  firstHourS,
  type HourlyMeans,
  lastHourS,
  meanOverHours,
} from './hourly-means.js';
import {
  type ChannelQuality,
  checkSample,
  confirmPending,
  createChannelQuality,
  DEFAULT_QUALITY,
  flushPending,
  QUALITY_REASONS,
  silenceLimitS,
  staleBySilence,
  sweepStale,
} from './quality.js';
import {
  addPressureSample,
  createRapidState,
  DEFAULT_RAPID,
  type GroupFall,
  groupFall,
  levelSe,
  type RapidState,
} from './rapid-depress.js';
import { departureOf, docked, followVehicles, leftWithVehicle, vehiclesOf } from './vehicles.js';

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

/** How often a group's noise model is refitted [s]. */
const NOISE_REFIT_S = 3600;

export interface MonitorOptions {
  binS: number;
  /** Trailing window of the reported rate [s]. */
  windowS: number;
  /** Windows scanned for a change [s]. */
  scanWindowsS: number[];
  /** How often the detector runs [s]. */
  checkEveryS: number;
  /** Target false-alarm rate of leak alarms [per day]. */
  falseAlarmsPerDay: number;
  /** Least data before a group's noise model is fitted [s]. */
  minHistoryS: number;
  /** Least data behind the noise model before trailing windows are scanned for a change [s]. */
  scanHistoryS: number;
  evacuationPa: number;
  severity: SeverityPolicy;
  /** Slow disturbance one window cannot reveal, added to every fitted noise model (noise-model.ts). */
  noiseFloor: { sigmaPa: number; tauS: number };
  /**
   * A nitrogen group's total pressure raises a leak alarm only beyond this many times the crew's
   * O2 use (the fall breathing causes with no O2 generated; exercise and CO2 removal cycles).
   */
  metabolicMargin: number;
  /**
   * Learn each group's daily cycle from the days before the windows tested and take it out of
   * their tests (estimate/daily-cycle.ts); off, a long window's trend carries the cycle's slope.
   */
  learnDailyCycle: boolean;
}

/**
 * Size of the default floor [inventory Pa], calibrated on the estimation bench's 200 simulated ISS
 * days with a 1 kg/day leak, starting at hours spread over the clock (as a trailing day ends at
 * any hour): its 90 % intervals then cover the truth 93.0 % of the time. With no floor 85.0 %, at
 * 1.5 Pa 90.0 % — but there one of the localization bench's 28 hunts (zarya, 0.42 kg/day) ended
 * sure of the wrong module (nauka, 0.96): a few hours' isolation test leans on the floor more than
 * a day does. At 2.5 Pa 95.5 %, the size once calibrated on days that all ran 00:00–24:00 UTC and
 * so shared the crew's daily nitrogen cycle as one bias (89.0 % there).
 */
const DEFAULT_NOISE_FLOOR_PA = 2;

export function defaultMonitorOptions(station: Station): MonitorOptions {
  return {
    binS: 60,
    windowS: 24 * 3600,
    scanWindowsS: [0.5, 1, 2, 4, 8, 12, 16, 24].map((h) => h * 3600),
    checkEveryS: 300,
    falseAlarmsPerDay: 1 / 90,
    minHistoryS: 2 * 3600,
    scanHistoryS: 6 * 3600,
    evacuationPa: station.limits.evacuationPa,
    severity: DEFAULT_SEVERITY_POLICY,
    noiseFloor: { sigmaPa: DEFAULT_NOISE_FLOOR_PA, tauS: 6 * 3600 },
    metabolicMargin: 2,
    learnDailyCycle: true,
  };
}

export interface SampleBatch {
  time: Float64Array;
  channel: Int32Array;
  value: Float64Array;
  length: number;
}

/** One group during one hatch configuration. */
export interface GroupTrack {
  series: GroupSeries;
  /** This configuration's bins, longer than the series' trailing window (see periodEstimate). */
  period: PeriodBins;
  /** Estimates at each check: time, rate, 90 % bounds [kg/s]. */
  history: { t: number; rate: number; low: number; high: number; pressure: number; inventory: number }[];
  latest: LeakEstimate | null;
  coupling: number;
  /**
   * Relative temperature coupling [1/K] (coupling per pascal of inventory) carried in from a fit
   * over ≥ LONG_FIT_S of the modules' earlier group, or NaN: the coupling for this
   * configuration's own short estimates, which cannot fit one (see ownSpanEstimate).
   */
  priorRelCoupling: number;
  noise: NoiseModel | null;
  leakSeverity: Severity | null;
  rapidReserveS: number;
  /** When the group's rapid-depress alarm was raised or last updated [epoch s]. */
  rapidAlarmAt: number;
  /** Index of the group's standing rapid-depress alarm in MonitorState.alarms (its severity the group's), or -1. */
  rapidAlarm: number;
  /** When the current fall was first seen, and last seen [epoch s]. */
  rapidSinceS: number;
  rapidSeenS: number;
  /**
   * The current fall fitted on the bins since `rapidFitFromS` (its start, or when its last minute
   * last disagreed with the fit), refitted as bins complete (`rapidFitBins`: the series' length then).
   */
  rapidFit: FallFit | null;
  rapidFitFromS: number;
  rapidFitBins: number;
  lastCheckS: number;
  /** When each scan window [s] was last tested [epoch s]. */
  scannedS: Map<number, number>;
  noiseFittedS: number;
  /** Data span [s] the current noise model was fitted on. */
  noiseSpanS: number;
  /** Standard error of the coupling [Pa/K] (carried into the scans' standard errors). */
  couplingSe: number;
  /** For a nitrogen inventory: the total pressure's noise model and coupling (refitted hourly). */
  total: { noise: NoiseModel; coupling: number; couplingSe: number } | null;
  /**
   * Until when [epoch s] no estimate or scan is made: air of groups that were apart still mixing,
   * or the slow analysers of a group closed off from a rapid fall not yet reporting since.
   */
  settleUntilS: number;
  /** Until when [epoch s] air of groups that were apart is still mixing (a period ending before has no rate). */
  mixingUntilS: number;
  /** Since when [epoch s] the series is one history (it may span hatch changes it continued across). */
  historyFromS: number;
  /** Modules closed off from that history since it began, and when [epoch s] (the last day's). */
  closedOff: { modules: string[]; atS: number }[];
  faultChannels: Set<number>;
  faultRun: Map<number, number>;
  /** When its sensors were last checked for drifting apart over the trailing day [epoch s]. */
  driftWatchedS: number;
  /**
   * A sensor just named faulty and left out, and since when [epoch s] it drifted: the next scan
   * decides whether the leak alarms raised since stand without it.
   */
  recheck: { sinceS: number; channel: number; faultS: number } | null;
  /** 10-min means of the inventory and temperature regressor over the last days (daily-cycle.ts). */
  cycleSlots: CycleSlots;
  /**
   * The inventory's daily cycle, learnt from the whole days before the longest window (two at
   * first, up to CYCLE_MAX_DAYS as the watch goes on; see cycleRefitS for how often) and taken out
   * of the scans' tests (null until four fifths of two such days are watched, or with
   * learnDailyCycle off; daily-cycle.ts).
   */
  cycle: DailyCycle | null;
  cycleFittedS: number;
}

export interface Segment {
  fromS: number;
  toS: number;
  key: string;
  groups: GroupTrack[];
}

export interface SegmentResult {
  fromS: number;
  toS: number;
  modules: string[];
  /** The leak rate over this configuration only (since its hatches last changed; its last 30 days). */
  estimate: LeakEstimate | null;
  /** The same over the configuration's last day at most (the trailing window the series keeps). */
  lastDay: LeakEstimate | null;
  /** The leak rate over the trailing window, which may reach across routine hatch changes. */
  trailing: LeakEstimate | null;
  /** The better estimate of the rate at the end: this configuration's own when long enough. */
  atEnd: LeakEstimate | null;
  /** When the group's air will have mixed, if it had not long enough before the end [epoch s] (no rates then). */
  settling: number | null;
  /**
   * A leak this group's alarms dated inside the configuration, and the rates before and since it:
   * a straight line over the whole period mixes the two (null when no alarm dated an onset there).
   */
  onset: PeriodOnset | null;
  /** Bin times [epoch s] and combined pressure [Pa] of the group over the trailing window. */
  t: number[];
  pressure: number[];
  /**
   * Which flow law the configuration's pressure decay follows, fitted over all of it (its last
   * 30 days): a PrK closed off for two days falls twice as far as its last day shows.
   */
  flowLaw: FlowLawFit;
  /**
   * The group's checks during this configuration: rate over the trailing window, its band, pressure
   * (for a plot of the groups closed off from the largest; empty for the largest, whose checks the
   * timeline holds).
   */
  checks: GroupTrack['history'];
  kind: InventoryKind;
  pressurePa: number;
  kgPerPa: number;
  /** Mean declared thermal gain of the group's temperature sensors. */
  meanThermalGain: number;
}

/** A leak onset inside a configuration period and the group's rate on each side of it. */
export interface PeriodOnset {
  /** Epoch s, as the alarm dated it. */
  onsetS: number;
  /** Over the period's bins before the onset (null when too few). */
  before: LeakEstimate | null;
  /** Over the bins since the onset to the end of the period (null when too few). */
  since: LeakEstimate | null;
  /** The rate the dating alarm gave since the onset [kg/day] (a rapid fall's has no interval). */
  alarmRateKgPerDay: number;
  alarmRateKgPerDay90: [number, number] | null;
}

export interface Timeline {
  t: number[];
  pressurePa: number[];
  /** The group's inventory [Pa], its share of the pressure, and its temperature regressor [K], per bin. */
  inventoryPa: number[];
  fraction: number[];
  temperature: number[];
  /** Index into `groups` of the group each bin belongs to. */
  groupIndex: number[];
  groups: GroupTrack[];
  checks: { t: number[]; rateKgPerS: number[]; low: number[]; high: number[] };
}

export interface MonitorState {
  station: Station;
  options: MonitorOptions;
  quantities: Quantity[];
  quality: ChannelQuality;
  binner: Binner;
  rapid: RapidState;
  hatchSensor: Int32Array;
  hatchOpen: Uint8Array;
  present: Uint8Array;
  hatchEnds: Int32Array;
  /** Where gas added from stores has spread (null when no store is measured). */
  mixing: AddedGasMixing | null;
  segment: Segment | null;
  /** Until when each module's pressure is equalising after a hatch moved [epoch s]. */
  equalisingUntilS: Float64Array;
  /** Crew aboard, from a crew_count channel (NaN until one reports). */
  crewCount: number;
  crewChannel: number;
  /** Channel means of the last bin of a settled configuration (pressures before a hatch change). */
  lastMeans: Float64Array | null;
  segments: SegmentResult[];
  /** The groups of the last configuration, kept when it closes (for reports and benchmarks). */
  finalGroups: GroupTrack[];
  alarms: Alarm[];
  /** What the plot shows: the largest group's pressure and compensated inventory per bin, its rate per check. */
  timeline: Timeline;
  /** Noise model and coupling last fitted for each module (carried into new configurations). */
  priors: Map<string, ModulePrior>;
  /**
   * Per channel, the index into `alarms` of the stale-data alarm of its present stale episode (-1
   * for none), and whether that episode is silence (1) or a value that holds (0).
   */
  staleAlarm: Int32Array;
  staleAlarmSilent: Uint8Array;
  /**
   * Docked vehicles: their modules, channels (hatch channels aside) and the hatches from them to
   * the rest: what follows dockings and undockings from the data (`followVehicles`).
   */
  vehicles: { id: string; modules: number[]; channels: number[]; hatches: number[] }[];
  /** The vehicle module each channel reads (-1 for none). */
  vehicleModuleOf: Int32Array;
  /**
   * Vehicles seen to dock (a channel of theirs reporting after none) or taken as undocked (closed
   * off, every channel silent), and when [epoch s].
   */
  vehicleEvents: { vehicle: string; event: 'docked' | 'undocked'; atS: number }[];
  /**
   * Nitrogen channels found drifting apart from their group's others, and when [epoch s]: left out
   * of every inventory since (and out of the kept history of the group that found them).
   */
  n2Faulty: Map<number, number>;
  /** Thermometers found drifting apart from their group's others, and when [epoch s]: left out since. */
  tFaulty: Map<number, number>;
  /** Each thermometer's hourly means over the last days (the slow drift watch). */
  sensorHours: HourlyMeans;
  /**
   * Data time [epoch s] at which the feed last resumed after a loss of signal, and of the last pass
   * over the bins (`followVehicles`: a vehicle's silence counts only inside one unbroken stretch).
   */
  feedSinceS: number;
  advancedS: number;
  /**
   * Indices into `alarms` of the alarms changed after they were raised (withdrawn, returned to
   * normal, or a rapid fall read anew), in the order they were (a live feed passes them on).
   */
  updated: number[];
  samples: number;
  rejected: number;
  /** Data time [epoch s] at which bins are next completed. */
  nextAdvanceS: number;
  firstS: number;
  lastS: number;
}

export function createMonitor(
  station: Station,
  options: MonitorOptions = defaultMonitorOptions(station),
): MonitorState {
  const moduleIndex = new Map(station.modules.map((m, i) => [m.id, i]));
  const holdLimitS = Float64Array.from(
    station.sensors.map((s) =>
      s.reportOnChange ? silenceLimitS(s, DEFAULT_QUALITY) : Math.max(3 * s.periodS, 2 * options.binS),
    ),
  );
  return {
    station,
    options,
    quantities: station.sensors.map((s) => s.quantity),
    quality: createChannelQuality(station),
    binner: createBinner(station.sensors.length, { binS: options.binS, lagS: 2 * options.binS, holdLimitS }),
    rapid: createRapidState(station, DEFAULT_RAPID),
    hatchSensor: Int32Array.from(
      station.hatches.map((h) =>
        station.sensors.findIndex((s) => s.quantity === 'hatch' && s.hatch === h.id),
      ),
    ),
    hatchOpen: Uint8Array.from(station.hatches.map((h) => (h.initiallyOpen ? 1 : 0))),
    present: Uint8Array.from(station.modules.map((m) => (m.present ? 1 : 0))),
    hatchEnds: Int32Array.from(
      station.hatches.flatMap((h) => [
        moduleIndex.get(h.between[0]) ?? -1,
        moduleIndex.get(h.between[1]) ?? -1,
      ]),
    ),
    mixing: createAddedGasMixing(station),
    segment: null,
    crewCount: Number.NaN,
    equalisingUntilS: new Float64Array(station.modules.length).fill(Number.NEGATIVE_INFINITY),
    crewChannel: station.sensors.findIndex((s) => s.quantity === 'crew_count'),
    lastMeans: null,
    segments: [],
    finalGroups: [],
    alarms: [],
    timeline: {
      t: [],
      pressurePa: [],
      inventoryPa: [],
      fraction: [],
      temperature: [],
      groupIndex: [],
      groups: [],
      checks: { t: [], rateKgPerS: [], low: [], high: [] },
    },
    priors: new Map(),
    staleAlarm: new Int32Array(station.sensors.length).fill(-1),
    staleAlarmSilent: new Uint8Array(station.sensors.length),
    ...vehiclesOf(station),
    vehicleEvents: [],
    n2Faulty: new Map(),
    tFaulty: new Map(),
    sensorHours: createHourlyMeans(
      station.sensors.flatMap((s, k) => (s.quantity === 'temperature' ? [k] : [])),
      SLOW_DRIFT_HOURS,
    ),
    updated: [],
    feedSinceS: Number.NaN,
    advancedS: Number.NaN,
    samples: 0,
    rejected: 0,
    nextAdvanceS: Number.NEGATIVE_INFINITY,
    firstS: Number.NaN,
    lastS: Number.NaN,
  };
}

/** Feeds a batch of samples (time-ordered per channel, values in SI). */
export function monitorBatch(state: MonitorState, batch: SampleBatch): void {
  const accept = (k: number, time: number, value: number): void => acceptSample(state, k, time, value);
  const { channel, time, value } = batch;
  for (let i = 0; i < batch.length; i++) {
    const t = time[i] as number;
    // complete bins as the data passes them, so results never depend on how the data is batched
    if (t >= state.nextAdvanceS) {
      advance(state, false);
      state.nextAdvanceS = t + state.options.binS;
    }
    if (checkSample(state.quality, channel[i] as number, t, value[i] as number, accept) !== null)
      state.rejected++;
  }
  advance(state, false);
}

/** Ends the data: completes every bin and closes the last configuration. */
/**
 * The analysis of everything seen so far — a finished copy of the monitor — while the monitor
 * itself goes on untouched (the live server's plan and forecast, a leak hunt between its tests).
 */
/** The crew aboard as a crew_count channel last read it; undefined before one has. */
export function crewAboard(state: Pick<MonitorState, 'crewCount'>): number | undefined {
  return Number.isFinite(state.crewCount) ? state.crewCount : undefined;
}

export function analysisSoFar(state: MonitorState): MonitorState {
  const copy = structuredClone(state);
  finishMonitor(copy);
  return copy;
}

export function finishMonitor(state: MonitorState): void {
  flushPending(state.quality, (k, time, value) => acceptSample(state, k, time, value));
  advance(state, true);
  closeSegment(state);
}

/** A sample that passed the quality checks: to the bins and the rapid-depress check. */
function acceptSample(state: MonitorState, k: number, time: number, value: number): void {
  state.samples++;
  if (Number.isNaN(state.firstS) || time < state.firstS) state.firstS = time;
  if (!(time <= state.lastS)) state.lastS = time;
  addSample(state.binner, k, time, value);
  // a vehicle's module that reports is docked (again); a stale channel's repeats do not say so
  const vehicle = state.vehicleModuleOf[k] as number;
  if (vehicle >= 0 && state.present[vehicle] === 0 && state.quality.stale[k] === 0)
    docked(state, vehicle, time);
  if (state.quantities[k] === 'hatch') noteHatch(state, k, time, value);
  if (state.quantities[k] === 'pressure' && addPressureSample(state.rapid, k, time, value))
    checkRapid(state, k, time);
}

/** After a hatch moves, its modules' pressures equalise: not a depressurisation [s]. */
const EQUALISING_S = 180;

/** A hatch reading that differs from the configuration in force marks its modules as equalising. */
function noteHatch(state: MonitorState, k: number, time: number, value: number): void {
  state.hatchSensor.forEach((sensor, h) => {
    if (sensor !== k || (value >= 0.5 ? 1 : 0) === state.hatchOpen[h]) return;
    for (const end of [state.hatchEnds[2 * h] as number, state.hatchEnds[2 * h + 1] as number])
      if (end >= 0) state.equalisingUntilS[end] = time + EQUALISING_S;
  });
}

function advance(state: MonitorState, final: boolean): void {
  confirmPending(state.quality, state.lastS, (k, time, value) => acceptSample(state, k, time, value));
  for (const k of sweepStale(state.quality, state.lastS)) {
    dropHold(state.binner, k, state.lastS);
  }
  followVehicles(state);
  raiseStaleAlarms(state);
  completeBins(state.binner, final, (bin) => processBin(state, bin));
}

/**
 * Raises a stale-data alarm when a channel goes stale, and marks it returned to normal when the
 * channel reports (silent) or changes (frozen) again, or leaves with its vehicle.
 */
function raiseStaleAlarms(state: MonitorState): void {
  const q = state.quality;
  for (let k = 0; k < q.stale.length; k++) {
    const raised = state.staleAlarm[k] as number;
    const sensor = state.station.sensors[k];
    if (leftWithVehicle(state, k)) {
      // no longer expected to report: its alarm's condition has ended
      const left = raised >= 0 ? departureOf(state, k) : null;
      if (left !== null)
        clearStaleAlarm(
          state,
          k,
          left.atS,
          `${left.vehicle} undocked (taken so at ${isoFromEpochS(left.atS)}): ${sensor?.id} no longer expected`,
        );
      continue;
    }
    if (q.stale[k] === 1 && raised < 0) {
      const since = q.staleSince[k] as number;
      state.staleAlarm[k] = state.alarms.length;
      state.staleAlarmSilent[k] = staleBySilence(q, k) ? 1 : 0;
      state.alarms.push({
        time: state.lastS,
        severity: 'WATCH',
        kind: 'stale-data',
        channel: sensor?.id ?? String(k),
        message: staleBySilence(q, k)
          ? `${sensor?.id} has sent nothing since ${isoFromEpochS(since)}: treated as stale`
          : `${sensor?.id} has not changed since ${isoFromEpochS(since)}: treated as stale, not as "no change"`,
        evidence: { since },
      });
    } else if (q.stale[k] === 0 && raised >= 0) {
      const time = q.freshSince[k] as number;
      const again = state.staleAlarmSilent[k] === 1 ? 'reports' : 'changes';
      clearStaleAlarm(state, k, time, `${sensor?.id} ${again} again from ${isoFromEpochS(time)}`);
    }
  }
}

/** Marks channel k's standing stale-data alarm returned to normal at `time` [epoch s]. */
function clearStaleAlarm(state: MonitorState, k: number, time: number, reason: string): void {
  const raised = state.staleAlarm[k] as number;
  state.staleAlarm[k] = -1;
  (state.alarms[raised] as Alarm).cleared = { time, reason };
  state.updated.push(raised);
}

function configurationOf(state: MonitorState, bin: CompletedBin): string | null {
  let transitional = false;
  let key = '';
  for (let h = 0; h < state.hatchSensor.length; h++) {
    const k = state.hatchSensor[h] as number;
    const v = k >= 0 ? (bin.means[k] as number) : Number.NaN;
    if (Number.isFinite(v)) {
      if (v > 0.01 && v < 0.99) transitional = true;
      state.hatchOpen[h] = v >= 0.5 ? 1 : 0;
    }
    // a hatch at a module not there (a port with nothing docked) joins nothing
    const a = state.hatchEnds[2 * h] as number;
    const b = state.hatchEnds[2 * h + 1] as number;
    key += state.present[a] !== 1 || state.present[b] !== 1 ? '-' : state.hatchOpen[h] === 1 ? '1' : '0';
  }
  // vehicles docked or gone
  key += '|';
  for (const v of state.vehicles) for (const m of v.modules) key += state.present[m] === 1 ? '1' : '0';
  return transitional ? null : key;
}

function processBin(state: MonitorState, bin: CompletedBin): void {
  const crew = state.crewChannel >= 0 ? (bin.means[state.crewChannel] as number) : Number.NaN;
  if (Number.isFinite(crew)) state.crewCount = crew;
  const key = configurationOf(state, bin);
  if (state.mixing !== null)
    stepAddedGasMixing(
      state.mixing,
      bin.means,
      state.hatchOpen,
      state.present,
      state.hatchEnds,
      state.options.binS,
    );
  if (key === null) return;
  // the last bin of the old configuration shows each module's pressure before hatches opened
  if (state.segment === null || state.segment.key !== key) {
    const first = state.segment === null;
    openSegment(state, key, bin.startS, state.lastMeans ?? bin.means);
    // each completed bin has means of its own, never written again: kept, not copied
    state.lastMeans = bin.means;
    (state.segment as Segment).toS = bin.startS + state.options.binS;
    // sensors that report late still hold readings from before the change in its first bin
    if (!first) return;
  }
  state.lastMeans = bin.means;
  const segment = state.segment as Segment;
  segment.toS = bin.startS + state.options.binS;
  const keep =
    Math.ceil(Math.max(state.options.windowS, ...state.options.scanWindowsS) / state.options.binS) + 1;
  const outside = outsideMainGroup(state, segment, bin.startS);
  if (outside !== null) addHourlyBin(state.sensorHours, bin.startS, bin.means, outside);
  for (const group of segment.groups) {
    appendBin(group.series, bin.startS, bin.means, excludedFor(state, group, bin.startS), state.mixing);
    if (state.options.learnDailyCycle && bin.startS >= group.settleUntilS)
      addToSlots(
        group.cycleSlots,
        group.series.t.at(-1) as number,
        group.series.inventory.at(-1) as number,
        group.series.temperature.at(-1) as number,
      );
    checkSensorFaults(state, group);
    trimSeries(group.series, keep);
    recordPeriod(group.period, group.series, periodBins(state));
    if (group === mainGroup(segment)) recordTimeline(state, segment);
    if (bin.startS + state.options.binS - group.lastCheckS >= state.options.checkEveryS) {
      group.lastCheckS = bin.startS + state.options.binS;
      checkGroup(state, segment, group);
    }
  }
}

/**
 * The channels a group's bin leaves out: the stale ones and, in a group just formed from groups
 * that were apart, each periodic sensor until its hold limit has passed since the hatches opened:
 * until then its bin may hold a reading taken before the pressures equalised (the PrK's gauge, read
 * every 5 min, held the isolated Russian segment's 739 mmHg for minutes after weekend #1 ended at
 * 744), and referenced there it would read 5 mmHg above its neighbours ever after and be called
 * faulty. A report-on-change sensor reports the change as it comes.
 */
function excludedFor(state: MonitorState, group: GroupTrack, binStartS: number): Uint8Array {
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

/**
 * The crew's cabin (the largest group) when `group` is apart from it and none of its modules is
 * habitable; otherwise undefined.
 */
function uninhabitedApart(state: MonitorState, segment: Segment, group: GroupTrack): GroupTrack | undefined {
  const cabin = mainGroup(segment);
  if (cabin === undefined || cabin === group) return undefined;
  return group.series.model.modules.some((m) => state.station.modules[m]?.habitable ?? true)
    ? undefined
    : cabin;
}

/** A reserve time for a message: hours below two days, then days; infinite: no loss to the limit. */
function durationText(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'no loss to the evacuation pressure';
  const [unitS, digits, unit] = durationUnit(seconds);
  return `${round(seconds / unitS, digits)} ${unit}`;
}

/** The unit a duration is told in: hours (to a tenth) below two days, else days. */
function durationUnit(seconds: number): [unitS: number, digits: number, unit: string] {
  return seconds < 2 * 86400 ? [3600, 1, 'h'] : [86400, 0, 'days'];
}

/**
 * A leak alarm's reserve time in words, in the unit `durationText` chooses, with its 90 % interval
 * rounded outwards in that unit: "5.5 h to 490 mmHg (90 %: 5.3 to 5.7 h)", "26 days … (22 to no end)".
 */
function reserveWords(reserveS: number, [lowS, highS]: [number, number], evacuationPa: number): string {
  const [unitS, digits, unit] = durationUnit(reserveS);
  const scale = 10 ** digits;
  const low = Math.floor((lowS / unitS) * scale) / scale;
  const high = Number.isFinite(highS) ? `${Math.ceil((highS / unitS) * scale) / scale} ${unit}` : 'no end';
  return (
    `reserve ${durationText(reserveS)} to ${round(evacuationPa / mmHgToPa(1), 0)} mmHg ` +
    `(90 %: ${low} to ${high})`
  );
}

/** The group with the largest volume: the one the timeline follows. */
export function mainGroup(segment: Segment): GroupTrack | undefined {
  return segment.groups.reduce<GroupTrack | undefined>(
    (a, g) => (a === undefined || g.series.model.volumeM3 > a.series.model.volumeM3 ? g : a),
    undefined,
  );
}

function recordTimeline(state: MonitorState, segment: Segment): void {
  const main = mainGroup(segment);
  if (main === undefined) return;
  const { series } = main;
  const k = series.t.length - 1;
  if (k < 0) return;
  const tl = state.timeline;
  if (tl.groups.at(-1) !== main) tl.groups.push(main);
  tl.t.push(series.t[k] as number);
  tl.pressurePa.push(series.pressure[k] as number);
  tl.inventoryPa.push(series.inventory[k] as number);
  tl.fraction.push(series.fraction[k] as number);
  tl.temperature.push(series.temperature[k] as number);
  tl.groupIndex.push(tl.groups.length - 1);
}

/**
 * The timeline's bins of this history (kept in the same columns, which a continued group shares) as
 * they read now: once a faulty sensor's readings are taken out of the history, the plot's
 * inventory no longer shows its drift. Older bins stay as they were.
 */
function retraceTimeline(state: MonitorState, series: GroupSeries): void {
  const tl = state.timeline;
  let k = series.t.length - 1;
  for (let i = tl.t.length - 1; i >= 0 && k >= 0; i--) {
    const t = tl.t[i] as number;
    while (k >= 0 && (series.t[k] as number) > t) k--;
    if (k < 0 || series.t[k] !== t || tl.groups[tl.groupIndex[i] as number]?.series.t !== series.t) continue;
    tl.inventoryPa[i] = series.inventory[k] as number;
    tl.fraction[i] = series.fraction[k] as number;
    tl.temperature[i] = series.temperature[k] as number;
  }
}

/**
 * The timeline's inventory as air-mass equivalent [kg], compensated with each group's final
 * temperature coupling, scaled by its final inventory share, and kept continuous across hatch
 * configurations.
 */
export function compensatedInventoryKg(tl: Timeline): Float64Array {
  const out = new Float64Array(tl.t.length);
  let offset = 0;
  let last = Number.NaN;
  let group = -1;
  for (let i = 0; i < tl.t.length; i++) {
    const g = tl.groups[tl.groupIndex[i] as number] as GroupTrack;
    const coupling = Number.isFinite(g.coupling) ? g.coupling : 0;
    const temperature = tl.temperature[i] as number;
    const compensated =
      (tl.inventoryPa[i] as number) - coupling * (Number.isFinite(temperature) ? temperature : 0);
    const fraction = g.latest?.fraction ?? (tl.fraction[i] as number);
    const kg = (compensated / fraction) * g.series.model.kgPerPa;
    if (tl.groupIndex[i] !== group) {
      group = tl.groupIndex[i] as number;
      offset = Number.isFinite(last) && Number.isFinite(kg) ? last - kg : 0;
    }
    out[i] = kg + offset;
    if (Number.isFinite(out[i] as number)) last = out[i] as number;
  }
  return out;
}

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
      medianOf(
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

/** The finest resolution of a group's pressure sensors [Pa] (one step the data can show). */
function pressureStepPa(state: MonitorState, model: GroupModel): number {
  let step = Number.POSITIVE_INFINITY;
  for (const k of model.pressure) {
    const s = state.station.sensors[k];
    if (s !== undefined && s.resolution > 0) step = Math.min(step, s.resolution * unitScale(s.unit));
  }
  return Number.isFinite(step) ? step : 0;
}

function medianOf(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : 0.5 * ((sorted[mid - 1] as number) + (sorted[mid] as number));
}

function openSegment(state: MonitorState, key: string, startS: number, means: Float64Array): void {
  const previous = state.segment?.groups ?? [];
  // groups alarmed for a rapid fall in the configuration that ends here
  const previousFromS = state.segment?.fromS ?? Number.NEGATIVE_INFINITY;
  const fell = new Set(previous.filter((g) => g.rapidAlarmAt >= previousFromS));
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
 * A module's last long fit, which a group it is freshly isolated in borrows: the noise model and
 * coupling, how long a stretch they were fitted on, the coupling per Pa of inventory, and the
 * declared reading variance of the inventory they were fitted on [Pa²].
 */
export interface ModulePrior {
  noise: NoiseModel;
  coupling: number;
  spanS: number;
  relCoupling: number;
  readingVariancePa2: number;
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

function closeSegment(state: MonitorState): void {
  const segment = state.segment;
  if (segment === null) return;
  for (const group of segment.groups) {
    const { series } = group;
    const n = series.t.length;
    if (n === 0) continue;
    // the configuration's own evidence: only the bins since it began (an isolation test stands alone)
    let first = n;
    while (first > 0 && (series.t[first - 1] as number) >= segment.fromS) first--;
    const own = ownSpanEstimate(state, group, first, n);
    const whole = group.period.t.length > n - first ? periodEstimate(state, group) : null;
    const trailing = estimate24(state, group, n);
    const ownSpanS = (n - Math.max(first, settledIndex(group))) * state.options.binS;
    const pressure = lastFinite(series.pressure);
    // a group whose air, apart before, mixed until less than minHistoryS before the end has no rate
    // of its own: what an hour of it says (soyuz-2018's station, reopened at 15:00 and tight: 9.41
    // kg/day, 2.77 to 16.05, from 21:00 on) is the mixing, not a leak
    const settling = group.mixingUntilS > segment.toS - state.options.minHistoryS;
    state.segments.push({
      fromS: segment.fromS,
      toS: segment.toS,
      modules: series.model.moduleIds,
      estimate: settling ? null : (whole ?? own),
      lastDay: settling ? null : own,
      trailing,
      atEnd: settling
        ? null
        : own !== null && (ownSpanS >= FINAL_OWN_SPAN_S || trailing === null)
          ? own
          : trailing,
      settling: settling ? group.mixingUntilS : null,
      onset: onsetInside(state, group, segment.fromS, segment.toS, first, n),
      kind: series.model.kind,
      pressurePa: pressure,
      kgPerPa: series.model.kgPerPa,
      meanThermalGain: measuredThermalGain(series),
      t: series.t.slice(),
      pressure: series.pressure.slice(),
      flowLaw: fitFlowLaw(group.period.t, group.period.pressure),
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
 * onset.
 */
function onsetInside(
  state: MonitorState,
  group: GroupTrack,
  fromS: number,
  toS: number,
  first: number,
  n: number,
): PeriodOnset | null {
  let dating: Alarm | undefined;
  for (const a of state.alarms) {
    if (!isLeakAlarmOf(a, group.series.model.moduleIds, fromS, toS)) continue;
    const dated = a.kind === 'rapid-depress' || a.evidence?.test === 'change';
    if (dated && a.evidence?.since !== undefined) dating = a;
  }
  const onsetS = dating?.evidence?.since;
  if (dating === undefined || onsetS === undefined) return null;
  const { t } = group.series;
  let k = first;
  while (k < n && (t[k] as number) < onsetS) k++;
  if (k - first < MIN_BINS) return null;
  return {
    onsetS,
    before: ownSpanEstimate(state, group, first, k),
    since: n - k >= MIN_BINS ? ownSpanEstimate(state, group, k, n) : null,
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

/** First bin of the group's series after its air has settled. */
function settledIndex(group: GroupTrack): number {
  const t = group.series.t;
  let i = 0;
  while (i < t.length && (t[i] as number) < group.settleUntilS) i++;
  return i;
}

/**
 * The slow disturbances no single window reveals [inventory Pa, correlation time s]: the
 * configured floor, and the quantization of the inventory's sensors — a slowly moving reading's
 * rounding error is itself a wander of up to half a step (σ = step/√12) over about a day.
 */
function floorsOf(state: MonitorState, group: GroupTrack): NoiseFloorSpec[] {
  return floorsFor(state, group.series.model.inventoryStepPa);
}

function floorsFor(state: MonitorState, step: number): NoiseFloorSpec[] {
  return noiseFloorsFor(state.options, step);
}

/** The floors every estimate of an inventory read in steps of `stepPa` carries (for power analyses too). */
export function noiseFloorsFor(options: MonitorOptions, step: number): NoiseFloorSpec[] {
  return [
    options.noiseFloor,
    ...(step > 0 ? [{ sigmaPa: step / Math.sqrt(12), tauS: QUANTIZATION_TAU_S }] : []),
  ];
}

/** Correlation time of a quantized reading's rounding error [s]. */
const QUANTIZATION_TAU_S = 3 * 3600;

/** The total-pressure inventory of a group (pressure less all gas added from stores). */
/** The group's own inventory (ppN2 or pressure, less gas from stores) as the estimators read it. */
function inventoryOf(series: GroupSeries, binS: number): InventorySeries {
  return {
    t: series.t,
    inventory: series.inventory,
    fraction: series.fraction,
    temperature: series.temperature,
    kgPerPa: series.model.kgPerPa,
    binS,
  };
}

/** A nitrogen group's total pressure less gas from stores, as the estimators read it. */
function totalInventory(series: GroupSeries, binS: number): InventorySeries {
  if (ones.length < series.t.length) ones = new Float64Array(2 * series.t.length).fill(1);
  return {
    t: series.t,
    inventory: series.total,
    fraction: ones,
    temperature: series.temperature,
    kgPerPa: series.model.kgPerPa,
    binS,
  };
}

/** Total pressure's share of the pressure, per bin (read only, longer than any series). */
let ones = new Float64Array(0);

/** Noise model and coupling of a nitrogen group's total pressure over the trailing window. */
function fitTotal(state: MonitorState, group: GroupTrack, n: number): GroupTrack['total'] {
  const { options } = state;
  const from = Math.max(settledIndex(group), n - Math.round(options.windowS / options.binS));
  const e = estimateLeakRate(totalInventory(group.series, options.binS), from, n, {
    floors: floorsFor(state, pressureStepPa(state, group.series.model)),
    couplingPrior: idealCoupling(group.series, group.series.total),
  });
  return e === null ? null : { noise: e.noise, ...couplingOf(e, group.series, group.series.total) };
}

/**
 * The fastest fall of total pressure [kg/s of air] that breathing can cause with no O2 generated:
 * the crew's O2 use (CREW_O2_KG_PER_DAY each, as air-equivalent moles), times a margin for
 * exercise and CO2 removal cycles. The crew count is the telemetry's when it has one.
 */
function metabolicAllowanceKgPerS(state: MonitorState): number {
  const crew = crewAboard(state) ?? state.station.crew.nominal;
  const airPerO2 = meanMolarMass(state.station.composition) / MOLAR_MASS.o2;
  return (state.options.metabolicMargin * crew * CREW_O2_KG_PER_DAY * airPerO2) / 86400;
}

/** A configuration this long [s] gives the rate at the end by itself. */
const FINAL_OWN_SPAN_S = 6 * 3600;

/**
 * A monitor that has watched for less than a day tests a window only once it has watched
 * YOUNG_WINDOW_MULTIPLE times the window's length. Its noise models and couplings are fitted on
 * those few hours: a window as long as the watch is judged by a model fitted to that same window,
 * which cannot show the slow disturbance (a thermal swing the coupling of a few hours misreads, a
 * composition change in one analyser's module) that looks like its trend. (A group formed by a
 * hatch change starts from the models of its modules' earlier fits: its own history only bounds
 * its windows, as it always has.) Started
 * at every hour of the recorded ISS day, a fresh monitor alarmed 8 times in 21 starts with no
 * multiple, 5 with 2, none with 3; 3 of 90 simulated leak-free days started over the clock
 * alarmed with none, none with 2 or 3. After a day every window is tested.
 */
const YOUNG_HISTORY_S = 24 * 3600;
const YOUNG_WINDOW_MULTIPLE = 3;

/** How long the monitor has watched at data time `now`, to the end of its bin [s]. */
function watchedAt(state: MonitorState, now: number): number {
  return now - state.firstS + state.options.binS;
}

/** True when a monitor that has watched `watchedS` tests a trailing window of `windowS`. */
function testsWindow(windowS: number, watchedS: number): boolean {
  return windowS * (watchedS >= YOUNG_HISTORY_S ? 1 : YOUNG_WINDOW_MULTIPLE) <= watchedS;
}

/**
 * For a monitor still in its first day: the span of data it has read [s] and the longest trailing
 * window it tests for a leak [s] (null while it tests none: scans begin once `scanHistoryS` of data
 * stands behind the noise model). Null after a day's watch, when every window is tested.
 */
export function firstDayWatch(state: MonitorState): { spanS: number; longestWindowS: number | null } | null {
  const watchedS = watchedAt(state, state.lastS);
  if (!(watchedS < YOUNG_HISTORY_S)) return null;
  const open =
    watchedS < state.options.scanHistoryS
      ? []
      : state.options.scanWindowsS.filter((w) => testsWindow(w, watchedS));
  return { spanS: state.lastS - state.firstS, longestWindowS: open.length > 0 ? Math.max(...open) : null };
}

/** A fit at least this long determines a group's temperature coupling [s]. */
const LONG_FIT_S = 12 * 3600;

/** Relative uncertainty of a coupling carried from one group of modules into another. */
const PRIOR_COUPLING_SHARE = 0.3;

/**
 * The rate over a configuration period longer than the trailing window the series keeps: the same
 * estimate over the period's own bins (its last PERIOD_MAX_S). The floors stand for slow
 * disturbance a day's residuals cannot show; a longer window's residuals show more of it, so past
 * the trailing window their variance is scaled by (window / span)^FLOOR_DECAY.
 */
function periodEstimate(state: MonitorState, group: GroupTrack): LeakEstimate | null {
  const bins = group.period.t.length;
  const from = Math.max(0, bins - periodBins(state));
  const spanS = (bins - from) * state.options.binS;
  const scale = Math.min(1, state.options.windowS / spanS) ** (FLOOR_DECAY / 2);
  const floors = floorsOf(state, group).map((f) => ({ sigmaPa: f.sigmaPa * scale, tauS: f.tauS }));
  const view = { ...group, series: periodView(group.series, group.period) };
  return ownSpanEstimate(state, view, from, bins, floors);
}

/** Bins of the longest stretch of a period its rate is estimated over. */
function periodBins(state: MonitorState): number {
  return Math.ceil(PERIOD_MAX_S / state.options.binS);
}

/** The longest stretch of a configuration period its rate is estimated over [s]. */
const PERIOD_MAX_S = 30 * 86400;

/**
 * How fast the floors fade past the trailing window: their variance as (window / span)². Simulated
 * ISS periods of 36–120 h with a steady leak then cover the truth 90–94 % of the time (the
 * estimation bench and a 60–100-seed study at 36, 72 and 120 h); kept at full size they cover 98 %
 * at 72 h (a third too wide), dropped 93 %.
 */
const FLOOR_DECAY = 2;

/** The leak rate over bins [from, to), with the group's noise model and coupling when short. */
function ownSpanEstimate(
  state: MonitorState,
  group: GroupTrack,
  from: number,
  to: number,
  floors: NoiseFloorSpec[] = floorsOf(state, group),
): LeakEstimate | null {
  const { series } = group;
  // a group whose series began with this configuration (no history carried in)
  const fresh = from === 0;
  from = Math.max(from, settledIndex(group));
  if (to - from < MIN_BINS) return null;
  const inventory = inventoryOf(series, state.options.binS);
  const start = shallowWindowStart(series.pressure, from, to);
  const decay = deepDecay(series, start, to);
  if (decay !== undefined) return estimateLeakRate(inventory, start, to, { decay, floors });
  // a few hours of a freshly isolated group cannot fit its temperature coupling: its bulk swings
  // there are about its thermometers' steps, so a fitted coupling shrinks towards zero and leaves
  // the slow drift in the trend. Take the coupling of the modules' earlier long fit instead,
  // scaled to this inventory, or, without one, a sealed volume's ideal-gas coupling (inventory / T),
  // with its uncertainty carried into the rate. (A group that carried its history in fits its own.)
  const spanS = (to - from) * state.options.binS;
  const level = lastFinite(series.inventory);
  if (fresh && spanS < LONG_FIT_S && Number.isFinite(level)) {
    const coupling = Number.isFinite(group.priorRelCoupling)
      ? group.priorRelCoupling * level
      : sealedCoupling(series, series.inventory);
    return estimateLeakRate(inventory, from, to, {
      coupling,
      couplingSe: PRIOR_COUPLING_SHARE * Math.abs(coupling),
      floors,
    });
  }
  const couplingPrior = idealCoupling(series, series.inventory);
  if (spanS >= state.options.minHistoryS)
    return estimateLeakRate(inventory, from, to, { floors, couplingPrior });
  if (group.noise !== null && Number.isFinite(group.coupling))
    return estimateLeakRate(inventory, from, to, { coupling: group.coupling, noise: group.noise });
  return estimateLeakRate(inventory, from, to, { floors, couplingPrior });
}

/**
 * A sealed volume's ideal-gas coupling of an inventory to its bulk temperature (inventory / T)
 * [Pa/K]: the coupling used where none can be fitted, as in a freshly isolated group, or when the
 * group's temperature did not move over the fit (it has no thermometer, or its readings stayed on
 * one step: the fit drops the regressor). Over a window whose temperature is flat every coupling
 * compensates alike, so this one only keeps the scans running until a coupling can be fitted.
 */
function sealedCoupling(series: GroupSeries, inventory: number[]): number {
  return lastFinite(inventory) / bulkTemperatureK(series);
}

/**
 * What a fitted coupling is weighed against: a sealed volume's ideal-gas coupling (the thermometers
 * read back to bulk air by their declared gains), to the group's `couplingShare`. On the real ISS
 * day the N2 inventory's day-long fit is 187 ± 22 Pa/K against the gas law's 254 ± 76, so the data
 * decide there; in a ground vessel's 12 h hold, whose temperature drifts with the time of day, the
 * fit alone read a leak that began mid-hold as a coupling of −0.2 mmHg/K (ideal: 2.6).
 */
function idealCoupling(series: GroupSeries, inventory: number[]): { paPerK: number; sePaPerK: number } {
  const paPerK = sealedCoupling(series, inventory);
  return { paPerK, sePaPerK: series.model.couplingShare * Math.abs(paPerK) };
}

/**
 * The coupling an estimate fitted, with its standard error; where it could fit none (NaN), a
 * sealed volume's, with the uncertainty of a borrowed coupling.
 */
function couplingOf(
  e: LeakEstimate,
  series: GroupSeries,
  inventory: number[],
): { coupling: number; couplingSe: number; fitted: boolean } {
  if (!Number.isFinite(e.couplingPaPerK)) {
    const coupling = sealedCoupling(series, inventory);
    return { coupling, couplingSe: PRIOR_COUPLING_SHARE * Math.abs(coupling), fitted: false };
  }
  const se = e.couplingSePaPerK;
  return { coupling: e.couplingPaPerK, couplingSe: Number.isFinite(se) ? se : 0, fitted: true };
}

/** Mean first reading of the group's temperature sensors [K] (a nominal cabin's when none reported). */
function bulkTemperatureK(series: GroupSeries): number {
  let sum = 0;
  let n = 0;
  for (const t of series.model.temperature) {
    const first = series.reference.get(t.channel);
    if (first === undefined || !Number.isFinite(first)) continue;
    sum += first;
    n++;
  }
  return n > 0 ? sum / n : NOMINAL_CABIN_K;
}

/** A cabin's air temperature when a group has no thermometer [K]. */
const NOMINAL_CABIN_K = 295.15;

/** Volume-weighted mean declared gain of the temperature sensors that reported (1 if none). */
function measuredThermalGain(series: GroupSeries): number {
  let w = 0;
  let wg = 0;
  for (const t of series.model.temperature) {
    if (!series.reference.has(t.channel)) continue;
    w += t.weight;
    wg += t.weight * t.gain;
  }
  return w > 0 ? wg / w : 1;
}

function lastFinite(values: number[]): number {
  for (let i = values.length - 1; i >= 0; i--)
    if (Number.isFinite(values[i] as number)) return values[i] as number;
  return Number.NaN;
}

/** Largest relative pressure fall a straight-line rate is fitted over; deeper decays use their end. */
const MAX_FALL = 0.05;
/** Fewest bins of a shortened window. */
const MIN_BINS = 20;

/**
 * Start of the window ending at `to` over which the pressure falls by at most MAX_FALL (a deep
 * decay is not a straight line; its rate at the end is what matters), never fewer than MIN_BINS.
 */
function shallowWindowStart(pressure: number[], from: number, to: number): number {
  let end = Number.NaN;
  for (let i = to - 1; i >= from && Number.isNaN(end); i--)
    if (Number.isFinite(pressure[i] as number)) end = pressure[i] as number;
  if (Number.isNaN(end)) return from;
  let start = to;
  for (let i = to - 1; i >= from; i--) {
    const p = pressure[i] as number;
    if (Number.isFinite(p) && p > end * (1 + MAX_FALL)) break;
    start = i;
  }
  return Math.min(start, Math.max(from, to - MIN_BINS));
}

/** A window whose pressure falls more than this is fitted as a decay, not a straight line. */
const DEEP_FALL = 0.02;

/** The flow law to fit a window by, when the pressure falls deeply across it. */
function deepDecay(series: GroupSeries, from: number, to: number): 'orifice' | 'crack' | undefined {
  // first and last finite pressure (checked at every check: no copies)
  let first = Number.NaN;
  let last = Number.NaN;
  let count = 0;
  for (let i = from; i < to; i++) {
    const v = series.pressure[i] as number;
    if (!Number.isFinite(v)) continue;
    if (count++ === 0) first = v;
    last = v;
  }
  if (count < 2 || !(first - last > DEEP_FALL * first)) return undefined;
  return fitFlowLaw(series.t.slice(from, to), series.pressure.slice(from, to)).law ?? 'orifice';
}

/** The group's rate over the trailing window (the whole segment when shorter). */
function estimate24(
  state: MonitorState,
  group: GroupTrack,
  n: number,
  noise?: NoiseModel,
): LeakEstimate | null {
  const { series } = group;
  const from = shallowWindowStart(
    series.pressure,
    Math.max(settledIndex(group), n - Math.round(state.options.windowS / state.options.binS)),
    n,
  );
  const span = (n - from) * state.options.binS;
  const inventory = inventoryOf(series, state.options.binS);
  const decay = deepDecay(series, from, n);
  if (decay !== undefined)
    return n - from >= MIN_BINS
      ? estimateLeakRate(inventory, from, n, { decay, floors: floorsOf(state, group) })
      : null;
  const couplingPrior = idealCoupling(series, series.inventory);
  if (span >= state.options.minHistoryS)
    return estimateLeakRate(
      inventory,
      from,
      n,
      noise !== undefined ? { noise, couplingPrior } : { floors: floorsOf(state, group), couplingPrior },
    );
  if (group.noise !== null && Number.isFinite(group.coupling))
    return estimateLeakRate(inventory, from, n, { coupling: group.coupling, noise: group.noise });
  // no history and no prior: fit what there is (a short window gives few degrees of freedom)
  return n - from >= MIN_BINS
    ? estimateLeakRate(inventory, from, n, { floors: floorsOf(state, group), couplingPrior })
    : null;
}

function checkGroup(state: MonitorState, segment: Segment, group: GroupTrack): void {
  const { series } = group;
  const n = series.t.length;
  const options = state.options;
  const now = series.t[n - 1] as number;
  const span = (n - Math.max(0, n - Math.round(options.windowS / options.binS))) * options.binS;
  // the noise model is refitted hourly; the coupling at every check
  const refit =
    span >= options.minHistoryS && (group.noise === null || now - group.noiseFittedS >= NOISE_REFIT_S);
  const latest = refit ? estimate24(state, group, n) : estimate24(state, group, n, group.noise ?? undefined);
  if (latest === null) return;
  if (span >= options.minHistoryS) {
    if (refit) {
      group.noise = latest.noise;
      group.noiseFittedS = now;
      group.noiseSpanS = span;
      group.total = series.model.kind === 'N2' ? fitTotal(state, group, n) : null;
    }
    const { coupling, couplingSe, fitted } = couplingOf(latest, series, series.inventory);
    group.coupling = coupling;
    group.couplingSe = couplingSe;
    for (const id of fitted ? series.model.moduleIds : []) {
      // a short fit (a group rejoined a few hours ago, a module closed off for a test) does not
      // replace a long one: the long fit's coupling is the one a freshly isolated group borrows
      const before = state.priors.get(id);
      if (before !== undefined && group.noiseSpanS < Math.min(before.spanS, LONG_FIT_S)) continue;
      state.priors.set(id, {
        noise: group.noise ?? latest.noise,
        coupling: group.coupling,
        spanS: group.noiseSpanS,
        relCoupling: group.coupling / lastFinite(series.inventory),
        readingVariancePa2: series.model.readingVariancePa2,
      });
    }
  }
  group.latest = latest;
  if (group === mainGroup(segment)) {
    const checks = state.timeline.checks;
    checks.t.push(series.t[n - 1] as number);
    checks.rateKgPerS.push(latest.rateKgPerS);
    checks.low.push(latest.low90);
    checks.high.push(latest.high90);
  }
  const pressure = lastFinite(series.pressure);
  group.history.push({
    t: now,
    rate: latest.rateKgPerS,
    low: latest.low90,
    high: latest.high90,
    pressure,
    inventory: lastFinite(series.inventory),
  });
  // scans need a noise model fitted on enough data: a short history understates slow disturbances
  if (group.noise === null || !Number.isFinite(group.coupling) || group.noiseSpanS < options.scanHistoryS)
    return;
  const { noise, coupling, couplingSe } = group;
  // an analyser or thermometer drifting from the others over the day, whatever the trend says
  // (hourly: a day's drift moves little in five minutes)
  const day = Math.round(86400 / options.binS);
  if (n - settledIndex(group) >= day && now - group.driftWatchedS >= 3600) {
    group.driftWatchedS = now;
    if (!driftingApart(state, group, n - day, n, DRIFT_WATCH_FACTOR) && group === mainGroup(segment))
      slowThermometerDrift(state, group);
  }
  // scan: the most significant trailing window
  const inventory = inventoryOf(series, options.binS);
  // no scan while air from groups that were apart is still mixing (compositions differ locally)
  if (now < group.settleUntilS) return;
  if (
    options.learnDailyCycle &&
    options.scanWindowsS.length > 0 &&
    now - group.cycleFittedS >= cycleRefitS(group.cycle)
  ) {
    group.cycleFittedS = now;
    // over as many whole days as are kept (CYCLE_DAYS at least) that end where the longest window begins
    const toS = now + options.binS - longestWindowS(options);
    group.cycle = null;
    for (let days = CYCLE_MAX_DAYS; days >= CYCLE_DAYS && group.cycle === null; days--)
      group.cycle = fitDailyCycle(group.cycleSlots, toS - days * 86400, toS, coupling, noise, options.binS);
  }
  const historyS = now - Math.max(group.historyFromS, group.settleUntilS) + options.binS;
  const watchedS = watchedAt(state, now);
  // windows up to 16 h are tested at every check, the day-long one every other check: its trend
  // changes little in five minutes, and its test costs the most
  const windows = options.scanWindowsS.filter(
    (w) =>
      w <= historyS &&
      testsWindow(w, watchedS) &&
      now - (group.scannedS.get(w) ?? Number.NEGATIVE_INFINITY) >= scanEveryS(options, w) - options.binS / 2,
  );
  for (const w of windows) group.scannedS.set(w, now);
  const first = Math.max(0, settledIndex(group));
  // tests per window, each with its share of the false-alarm rate: the trend over the window (a
  // leak, however old), the change of trend at its start against the history before it, and for
  // a nitrogen inventory the total pressure's fall beyond what breathing alone can cause
  const total = group.total;
  const totalSeries = total !== null ? totalInventory(series, options.binS) : null;
  // every window ends at the last bin: one pass of trailing sums, kept where windows and their
  // histories start, serves all their fits
  const starts: number[] = [];
  for (const w of windows) {
    const from = windowStart(options, first, n, w);
    starts.push(from, historyStart(options, first, from, w));
  }
  const sums = trailingSums(inventory, first, n, scanSums.inventory, starts);
  scanSums.inventory = sums;
  // the daily cycle learnt from the days before is taken out of the tests: each is linear in the
  // inventory, so its share (what the harmonics read in it) is subtracted, its error added
  const cycle = group.cycle;
  let learnt: { cycle: DailyCycle; harmonics: HarmonicSums } | null = null;
  if (cycle !== null) {
    scanSums.harmonics = harmonicSums(inventory, sums, cycle.harmonics, scanSums.harmonics);
    learnt = { cycle, harmonics: scanSums.harmonics };
  }
  const pressureSums =
    totalSeries !== null ? trailingSums(totalSeries, first, n, scanSums.total, starts) : undefined;
  if (pressureSums !== undefined) scanSums.total = pressureSums;
  const tests = (total !== null ? 3 : 2) * options.scanWindowsS.length;
  const allowance = metabolicAllowanceKgPerS(state);
  let best: ScanEvidence | null = null;
  // the strongest evidence against its threshold, over it or not
  let strongest = 0;
  for (const w of windows) {
    const from = windowStart(options, first, n, w);
    const alpha = (options.falseAlarmsPerDay * (Math.max(w, options.checkEveryS) / 86400)) / tests;
    // degrees of freedom of the window itself: a short window of slowly updated readings holds
    // few independent ones, and its t-threshold must say so. Counted on the model's fast part (a
    // held reading's updates): slow wander is in the model's variance already, and counting it
    // again put a 30-min window of a closed-off module without a thermometer at ~1 reading and
    // its threshold at 22,001 standard errors
    // (counted over the bins that hold a value: a feed written every 30 min fills 3 bins in 30)
    const binsRead = sums.count[from - sums.from] as number;
    const dof = Math.max(1, Math.min(noise.effectiveN, independentReadings(noise, binsRead)) - 2);
    const threshold = tQuantile(1 - alpha, dof);
    const candidates: ScanEvidence[] = [];
    if (total !== null && totalSeries !== null) {
      const p = estimateLeakRate(totalSeries, from, n, {
        coupling: total.coupling,
        couplingSe: total.couplingSe,
        noise: total.noise,
        sums: pressureSums,
      });
      if (p !== null && p.seKgPerS > 0)
        candidates.push({
          kind: 'pressure',
          z: (p.rateKgPerS - allowance) / p.seKgPerS,
          // the total pressure reads every second: its window holds no few held readings, and the
          // model's own degrees of freedom say how well its variance is known
          threshold: tQuantile(1 - alpha, Math.max(1, total.noise.effectiveN - 2)),
          windowS: w,
          rateKgPerS: p.rateKgPerS,
          low90: p.low90,
          high90: p.high90,
          sinceS: p.fromS,
          changeKgPerS: p.rateKgPerS,
          stepPa: pressureStepPa(state, series.model),
          fraction: 1,
        });
    }
    const e = estimateLeakRate(inventory, from, n, { coupling, couplingSe, noise, sums });
    if (e !== null && e.seKgPerS > 0) {
      const share =
        learnt === null
          ? null
          : cycleShareOf(learnt.cycle, lineEffects(inventory, sums, learnt.harmonics, from - sums.from));
      // the learnt cycle's error widens the test's standard error and interval
      const rate = e.rateKgPerS - (share?.kgPerS ?? 0);
      const se = Math.hypot(e.seKgPerS, share?.seKgPerS ?? 0);
      const widen = se / e.seKgPerS;
      candidates.push({
        kind: 'trend',
        z: rate / se,
        threshold,
        windowS: w,
        rateKgPerS: rate,
        low90: rate - (e.rateKgPerS - e.low90) * widen,
        high90: rate + (e.high90 - e.rateKgPerS) * widen,
        sinceS: e.fromS,
        changeKgPerS: rate,
        stepPa: series.model.inventoryStepPa,
        fraction: series.fraction.at(-1) ?? 1,
        ...(share !== null && { cycleKgPerS: share.kgPerS }),
      });
    }
    const reference = historyStart(options, first, from, w);
    // (with a cycle to take out, the rate after the onset is known only once it is)
    const c =
      from > first
        ? estimateLeakChange(inventory, reference, from, n, coupling, noise, couplingSe, {
            ...(learnt === null && { rateAfterAbove: 0 }),
            sums,
          })
        : null;
    const q = tQuantile(0.95, dof);
    // with a learnt cycle, its share of each rate is taken out and its error added to the change's
    const share =
      c === null || learnt === null
        ? null
        : changeShares(
            learnt.cycle,
            changeEffects(
              inventory,
              sums,
              learnt.harmonics,
              reference - sums.from,
              from - sums.from,
              (c.onsetS - sums.endS) / 3600,
            ),
          );
    const before = (c?.rateBeforeKgPerS ?? 0) - (share?.before ?? 0);
    const after = (c?.rateAfterKgPerS ?? 0) - (share?.after ?? 0);
    const changeSe = c === null ? 0 : Math.hypot(c.seKgPerS, share?.changeSe ?? 0);
    // a change counts only when gas is lost after it, and against a baseline no lower than zero:
    // an inventory that rose (with no gas added) was moved by a disturbance, and its end is not a leak
    if (c !== null && changeSe > 0 && after - q * changeSe > 0) {
      candidates.push({
        kind: 'change',
        z: (after - Math.max(0, before)) / changeSe,
        threshold,
        windowS: w,
        rateKgPerS: after,
        low90: after - q * changeSe,
        high90: after + q * changeSe,
        sinceS: c.onsetS,
        changeKgPerS: after - before,
        stepPa: series.model.inventoryStepPa,
        fraction: series.fraction.at(-1) ?? 1,
        ...(share !== null && { cycleKgPerS: share.after }),
      });
    }
    for (const candidate of candidates) {
      // the fall must also be resolved by the sensors: three quantization steps at least
      const fallPa = (candidate.changeKgPerS * w) / (series.model.kgPerPa / candidate.fraction);
      if (fallPa < 3 * candidate.stepPa) continue;
      strongest = Math.max(strongest, candidate.z / candidate.threshold);
      if (
        candidate.z > candidate.threshold &&
        (best === null || candidate.z / candidate.threshold > best.z / best.threshold)
      )
        best = candidate;
    }
  }
  // leak alarms raised while a sensor now left out drifted: do they stand without it?
  // (they stand when a window is over its threshold; they are withdrawn when none is within half of
  // it; in between, the next scans decide: a leak beside the drift, younger than it takes to find,
  // would otherwise be withdrawn and alarmed again an hour later)
  if (group.recheck !== null && windows.length > 0) {
    if (strongest < WITHDRAW_BELOW) withdrawDriftAlarms(state, group, group.recheck, now);
    if (best !== null || strongest < WITHDRAW_BELOW) group.recheck = null;
  }
  // a rapid depressurisation already alarmed carries the rate and reserve time second by second
  if (best === null || group.rapidAlarm >= 0) return;
  // a fall that one analyser or thermometer alone makes is that sensor's, not the air's (the
  // total pressure's test reads no analyser)
  if (
    driftingApart(state, group, windowStart(options, first, n, best.windowS), n, 1, best.kind !== 'pressure')
  )
    return;
  // the window that shows the change is the evidence: its rate and interval; the reserve time
  // takes the rate since the onset, dated to the bin on the series of the test that fired
  const refineOn =
    best.kind === 'pressure' && total !== null && totalSeries !== null
      ? { series: totalSeries, ...total }
      : { series: inventory, coupling, noise, couplingSe };
  const sinceOnset = rateSinceOnset(refineOn, first, n, best.windowS / options.binS);
  const rateNow = sinceOnset?.rateKgPerS ?? best.rateKgPerS;
  const reserve = reserveTimeS(pressure, options.evacuationPa, series.model.kgPerPa, rateNow);
  // its interval, from the rate's (no upper end where the rate could be nil)
  const reserveS90: [number, number] = [
    reserveTimeS(pressure, options.evacuationPa, series.model.kgPerPa, sinceOnset?.high90 ?? best.high90),
    reserveTimeS(pressure, options.evacuationPa, series.model.kgPerPa, sinceOnset?.low90 ?? best.low90),
  ];
  const reserve90 = reserveInterval(reserveS90);
  // a group closed off with no habitable module in it (the PrK held shut) threatens no one until
  // opened: graded by the reserve of the crew's cabin were it opened to it
  const cabin = uninhabitedApart(state, segment, group);
  const crewReserve =
    cabin === undefined
      ? reserve
      : joinedReserveS(
          { pressurePa: pressure, kgPerPa: series.model.kgPerPa, rateKgPerS: rateNow },
          {
            pressurePa: lastFinite(cabin.series.pressure),
            kgPerPa: cabin.series.model.kgPerPa,
            rateKgPerS: cabin.latest !== null && cabin.latest.low90 > 0 ? cabin.latest.rateKgPerS : 0,
          },
          options.evacuationPa,
        );
  const graded =
    cabin === undefined
      ? ''
      : `; not habitable and closed off, graded by the reserve were it opened to ${describeModules(cabin.series.model.moduleIds)}: ${durationText(crewReserve)}`;
  const severity = leakSeverity(options.severity, best.low90, crewReserve);
  if (group.leakSeverity !== null && severityRank(severity) <= severityRank(group.leakSeverity)) return;
  group.leakSeverity = severity;
  const perDay = (x: number): number => round(x * 86400, 3);
  // modules closed off inside the window: the gas they lost before is in its evidence
  const closedOff = group.closedOff.filter((c) => c.atS > now - best.windowS);
  const alsoIn =
    closedOff.length > 0
      ? ` or in ${closedOff.map((c) => `${c.modules.join(', ')} (closed off at ${isoFromEpochS(c.atS).slice(11, 16)}Z, inside the window)`).join(', ')}`
      : '';
  // a long window's trend is its average: at a fresh leak's first alarm the day's trend read a
  // fifth of a 2 kg/day leak begun 3–7 h before, and dating the onset inside it was no better
  const what =
    best.kind === 'trend'
      ? `${perDay(best.rateKgPerS)} kg/day over the last ${round(best.windowS / 3600, 2)} h`
      : best.kind === 'pressure'
        ? `${perDay(best.rateKgPerS)} kg/day over the last ${round(best.windowS / 3600, 2)} h from the ` +
          `total pressure, more than breathing without O2 generation takes (${perDay(allowance)} kg/day)`
        : `${perDay(best.rateKgPerS)} kg/day since ${isoFromEpochS(best.sinceS).slice(11, 16)}Z, ` +
          `up ${perDay(best.changeKgPerS)} kg/day on the ${round((best.sinceS - (series.t[first] as number)) / 3600, 1)} h before`;
  state.alarms.push({
    time: now,
    severity,
    kind: 'leak',
    modules: series.model.moduleIds,
    message:
      `leak in ${describeModules(series.model.moduleIds)}${alsoIn}: ${what} ` +
      `(90 %: ${perDay(best.low90)} to ${perDay(best.high90)}` +
      `${best.kind === 'trend' && best.windowS >= AVERAGE_NOTE_S ? '; its average: a leak begun inside it loses more now' : ''}), ` +
      `${round(best.z, 1)} standard errors (threshold ${round(best.threshold, 1)}` +
      `${best.cycleKgPerS !== undefined ? `; the daily cycle learnt over the ${cycleDaysText(cycle)} before, ${perDay(best.cycleKgPerS)} kg/day here, taken out` : ''}); ` +
      `${perDay(latest.rateKgPerS)} kg/day over the last ${round((latest.toS - latest.fromS) / 3600, 1)} h` +
      `${Number.isFinite(reserve) ? `; ${reserveWords(reserve, reserveS90, options.evacuationPa)}` : ''}${graded}`,
    reserveTimeMin: Number.isFinite(reserve) ? round(reserve / 60, 1) : undefined,
    ...(Number.isFinite(reserve) && { reserveTimeMin90: reserve90 }),
    evidence: {
      statistic: round(best.z, 3),
      threshold: round(best.threshold, 3),
      windowS: best.windowS,
      test: best.kind,
      rateKgPerDay: perDay(best.rateKgPerS),
      rateKgPerDay90: [perDay(best.low90), perDay(best.high90)],
      ...(best.kind === 'change' && { changeKgPerDay: perDay(best.changeKgPerS) }),
      since: sinceOnset?.onsetS ?? best.sinceS,
      ...(sinceOnset !== null && { rateSinceKgPerDay: perDay(sinceOnset.rateKgPerS) }),
      ...(closedOff.length > 0 && { closedOff }),
      ...(best.cycleKgPerS !== undefined && { dailyCycleKgPerDay: perDay(best.cycleKgPerS) }),
    },
  });
}

/**
 * How each sensor of a family moved over bins [from, n): the mean of its column (`columnOf`, which
 * ends with the series) over the window's
 * last `edge` bins less that over its first (an hour; a quarter of a shorter window), with the
 * standard error of that difference from its declared noise and the readings it holds there (a
 * held reading repeats from bin to bin; a new one changes the value twice, in the bin it arrives
 * in and the next, unless the channel reads every bin), and `spread`, how far sensors of the
 * family wander apart with no fault.
 */
function edgeMoves<K>(
  sensors: readonly K[],
  columnOf: (key: K) => number[] | undefined,
  from: number,
  n: number,
  binS: number,
  noiseOf: (key: K) => { sd: number; perBin: boolean },
  spread: number,
): { key: K; move: number; se: number }[] {
  const edge = Math.max(1, Math.min(Math.round(3600 / binS), Math.floor((n - from) / 4)));
  const moves: { key: K; move: number; se: number }[] = [];
  for (const key of sensors) {
    const column = columnOf(key);
    if (column === undefined) continue;
    const { sd, perBin } = noiseOf(key);
    // the columns end with the series
    const offset = column.length - n;
    const mean = (a: number, b: number): { value: number; readings: number } => {
      let sum = 0;
      let count = 0;
      let changes = 0;
      let last = Number.NaN;
      for (let i = Math.max(a + offset, 0); i < b + offset; i++) {
        const v = column[i] as number;
        if (!Number.isFinite(v)) continue;
        sum += v;
        count++;
        if (v !== last) changes++;
        last = v;
      }
      const readings = Math.max(1, perBin ? changes : Math.ceil(changes / 2));
      return { value: count >= edge / 2 ? sum / count : Number.NaN, readings };
    };
    const start = mean(from, from + edge);
    const end = mean(n - edge, n);
    const move = end.value - start.value;
    const se = Math.sqrt(sd * sd * (1 / start.readings + 1 / end.readings) + spread * spread);
    if (Number.isFinite(move) && Number.isFinite(se)) moves.push({ key, move, se });
  }
  return moves;
}

/**
 * The one sensor of a family whose moves set it apart from the others (edgeMoves), if any: for
 * each, how much better the rest agree about their weighted mean with it left out than all
 * together do, in χ². The best is apart when leaving it out gains `factor`² × DRIFT_CHI2, its move
 * is `factor` × `floor` from the rest's at least, and no other left out comes within DRIFT_DECISIVE
 * of it (with two precise analysers and a coarse one, the coarse one must say which of the two
 * moved). Needs three sensors.
 */
function oneApart<K>(
  moves: { key: K; move: number; se: number }[],
  factor: number,
  floor: number,
): { key: K; drift: number } | null {
  if (moves.length < 3) return null;
  /** χ² of the moves about their weighted mean, leaving one out (−1: none), and that mean. */
  const agreement = (out: number): { chi2: number; mean: number } => {
    let num = 0;
    let den = 0;
    moves.forEach((m, i) => {
      if (i === out) return;
      num += m.move / m.se ** 2;
      den += 1 / m.se ** 2;
    });
    const mean = num / den;
    let chi2 = 0;
    moves.forEach((m, i) => {
      if (i !== out) chi2 += ((m.move - mean) / m.se) ** 2;
    });
    return { chi2, mean };
  };
  const all = agreement(-1).chi2;
  const ranked = moves
    .map((m, i) => {
      const without = agreement(i);
      return { key: m.key, gain: all - without.chi2, drift: m.move - without.mean };
    })
    .sort((x, y) => y.gain - x.gain);
  const [best, second] = ranked;
  if (
    best === undefined ||
    best.gain < factor * factor * DRIFT_CHI2 ||
    Math.abs(best.drift) < factor * floor ||
    (second !== undefined && best.gain - second.gain < DRIFT_DECISIVE)
  )
    return null;
  return { key: best.key, drift: best.drift };
}

/**
 * Whether a ppN2 analyser or a thermometer of the group moved apart from the others over bins
 * [from, n) (oneApart): if so it raises a sensor-fault alarm, is left out from now, and its
 * readings are taken out of the group's kept history (the inventory, the temperature regressor).
 * Checked when a scan would raise a leak alarm (factor 1), and over the trailing day every hour
 * with DRIFT_WATCH_FACTOR (a drift the other way reads as gas gained, which raises no alarm
 * to check).
 */
function driftingApart(
  state: MonitorState,
  group: GroupTrack,
  from: number,
  n: number,
  factor: number,
  nitrogen = true,
): boolean {
  const { series } = group;
  const { sensors } = state.station;
  const raise = (channel: number, message: string): void =>
    nameDrifting(state, group, channel, series.t[from] as number, (n - from) * series.binS, message);
  if (nitrogen && series.model.kind === 'N2') {
    const sources = series.model.nitrogen.filter((s) => s.ppN2 >= 0 && !state.n2Faulty.has(s.ppN2));
    const apart = oneApart(
      edgeMoves(
        sources,
        (s) => series.n2Change.get(s.key),
        from,
        n,
        series.binS,
        (s) => ({ sd: s.sdPa, perBin: (sensors[s.ppN2]?.periodS ?? 0) <= series.binS }),
        CREW_CYCLE_PA,
      ),
      factor,
      DRIFT_FLOOR_PA,
    );
    if (apart !== null) {
      nameDriftingAnalyser(state, group, apart.key, apart.drift, raise);
      return true;
    }
  }
  const thermometers = series.model.temperature.filter((t) => !state.tFaulty.has(t.channel));
  const apart = oneApart(
    edgeMoves(
      thermometers,
      (t) => series.tChange.get(t.channel),
      from,
      n,
      series.binS,
      (t) => {
        const sensor = sensors[t.channel] as Sensor;
        return { sd: thermometerSd(sensor, t.gain), perBin: sensor.periodS <= series.binS };
      },
      THERMAL_SPREAD_K,
    ),
    factor,
    THERMAL_FLOOR_K,
  );
  if (apart === null) return false;
  nameDriftingThermometer(state, group, apart.key.channel, apart.drift, raise);
  return true;
}

/** A thermometer's reading noise read back to bulk air [K] (its quantization as noise when coarser). */
function thermometerSd(sensor: Sensor, gain: number): number {
  return Math.max(sensor.noiseSd, sensor.resolution / Math.sqrt(12)) / gain;
}

/** Leaves a ppN2 analyser found drifting out (from now, and out of the kept history) and raises its fault. */
function nameDriftingAnalyser(
  state: MonitorState,
  group: GroupTrack,
  source: NitrogenSource,
  drift: number,
  raise: (channel: number, message: string) => void,
): void {
  const { series } = group;
  state.n2Faulty.set(source.ppN2, series.t.at(-1) as number);
  withoutSource(series, group.period, source.key);
  forgetCycle(group);
  raise(
    source.ppN2,
    `(ppN2) moved ${round(Math.abs(drift) / mmHgToPa(1), 2)} mmHg ${drift < 0 ? 'below' : 'above'} ` +
      `the other nitrogen readings of ${describeModules(series.model.moduleIds)}`,
  );
}

/** Leaves a thermometer found drifting out (from now, and out of the kept history) and raises its fault. */
function nameDriftingThermometer(
  state: MonitorState,
  group: GroupTrack,
  channel: number,
  drift: number,
  raise: (channel: number, message: string) => void,
): void {
  const { series } = group;
  state.tFaulty.set(channel, series.t.at(-1) as number);
  withoutThermometer(series, group.period, channel);
  forgetCycle(group);
  raise(
    channel,
    `(temperature) moved ${round(Math.abs(drift), 2)} K ${drift < 0 ? 'below' : 'above'} ` +
      `the other thermometers of ${describeModules(series.model.moduleIds)} (read back to bulk air); left out of the temperature regressor from now`,
  );
}

/**
 * Raises the sensor-fault alarm of a sensor found drifting since `sinceS` (over `spanS`), and has
 * the next checks see whether the group's leak alarms since then were the drift's.
 */
function nameDrifting(
  state: MonitorState,
  group: GroupTrack,
  channel: number,
  sinceS: number,
  spanS: number,
  message: string,
): void {
  const { series } = group;
  const sensor = state.station.sensors[channel] as Sensor;
  const now = series.t.at(-1) as number;
  // its readings are out of the kept history: the plot's too
  retraceTimeline(state, series);
  group.recheck = { sinceS, channel, faultS: now };
  // the noise model was fitted on residuals the drift was in: refitted at the next check
  group.noiseFittedS = Number.NEGATIVE_INFINITY;
  state.alarms.push({
    time: now,
    severity: 'WARNING',
    kind: 'sensor-fault',
    channel: sensor.id,
    message: `${sensor.id} ${message} over the last ${round(spanS / 3600, 1)} h: the trend is in it, not in the air`,
  });
}

/** Hours of sensor means kept for the slow drift watch: three days and the hours at their ends. */
const SLOW_DRIFT_HOURS = 80;
/** Days between the two ends a slow drift is judged across, longest first (whole days: the daily cycle cancels). */
const SLOW_DRIFT_DAYS = [3, 2];
/** Hours each end's mean spans (about two orbits: their thermal cycle cancels too). */
const SLOW_DRIFT_EDGE_H = 3;

/**
 * The channels the slow drift watch leaves out of this bin's hourly means: stale, faulty or still
 * mixing in the station's largest group, and any whose module is not in it (a module closed off
 * for a while has air of its own: across days it would read as a drift); none at all while the
 * group's air, joined from groups that were apart, still mixes (null).
 */
function outsideMainGroup(state: MonitorState, segment: Segment, startS: number): Uint8Array | null {
  const main = mainGroup(segment);
  if (main === undefined || startS < main.settleUntilS) return null;
  const mask = Uint8Array.from(excludedFor(state, main, startS));
  const inside = new Set(main.series.model.moduleIds);
  for (const k of state.sensorHours.channels)
    if (!inside.has(state.station.sensors[k]?.module ?? '')) mask[k] = 1;
  return mask;
}

/**
 * A thermometer drifting too slowly for the trailing day to show (about 1 K/day): in the
 * station's largest group, each thermometer's move between the means of its last three hours and
 * of the same hours two or three days before (as long as the watch has kept), set apart from the
 * others' as over the trailing day (oneApart, at five standard errors). Not the ppN2 analysers:
 * across days, local air near one (the O2 generator's module, a leak's draw) moves apart from the
 * rest by as much as a slow drift, and on prk-2020 Zvezda's analyser was named so.
 */
function slowThermometerDrift(state: MonitorState, group: GroupTrack): boolean {
  const hourly = state.sensorHours;
  const { sensors } = state.station;
  const endS = lastHourS(hourly) - (SLOW_DRIFT_EDGE_H - 1) * 3600;
  const days = SLOW_DRIFT_DAYS.find((d) => endS - d * 86400 >= firstHourS(hourly));
  if (days === undefined || !Number.isFinite(endS)) return false;
  const startS = endS - days * 86400;
  const moves = group.series.model.temperature.flatMap((t) => {
    if (state.tFaulty.has(t.channel)) return [];
    const start = meanOverHours(hourly, t.channel, startS, SLOW_DRIFT_EDGE_H);
    const end = meanOverHours(hourly, t.channel, endS, SLOW_DRIFT_EDGE_H);
    const move = (end.value - start.value) / t.gain;
    // the readings each end holds, as the feed held them then (a 30-minute feed: two an hour)
    const sd = thermometerSd(sensors[t.channel] as Sensor, t.gain);
    const se = Math.sqrt(
      sd * sd * (1 / Math.max(1, start.readings) + 1 / Math.max(1, end.readings)) + SLOW_SPREAD_K ** 2,
    );
    return Number.isFinite(move) && Number.isFinite(se) ? [{ key: t.channel, move, se }] : [];
  });
  const apart = oneApart(moves, 1, THERMAL_FLOOR_K);
  if (apart === null) return false;
  nameDriftingThermometer(state, group, apart.key, apart.drift, (channel, message) =>
    nameDrifting(state, group, channel, startS, days * 86400 + SLOW_DRIFT_EDGE_H * 3600, message),
  );
  return true;
}

/**
 * How far modules' air temperatures wander apart over two or three days with no fault [K]: as over
 * one (on 40 days of continuous leak-free watch no thermometer came within 3.0 of the five
 * standard errors that name one; `npm run bench false-alarms` counts sensor faults over 90 more).
 */
const SLOW_SPREAD_K = 0.25;

/**
 * Takes back the leak alarms a drifting sensor made: those about its module raised since it
 * drifted, once a scan with it left out found no window within half its threshold (a leak beside
 * the drift would still show). The group's severity ladder restarts from the alarms that stand.
 */
function withdrawDriftAlarms(
  state: MonitorState,
  group: GroupTrack,
  recheck: NonNullable<GroupTrack['recheck']>,
  now: number,
): void {
  const sensor = state.station.sensors[recheck.channel] as Sensor;
  const reason =
    `${sensor.id} drifted (sensor-fault at ${isoFromEpochS(recheck.faultS).slice(11, 16)}Z); ` +
    'without it no window shows a leak';
  let standing: Severity | null = null;
  state.alarms.forEach((a, i) => {
    if (a.kind !== 'leak' || a.withdrawn !== undefined || !(a.modules ?? []).includes(sensor.module ?? ''))
      return;
    if (a.time >= recheck.sinceS) {
      a.withdrawn = { time: now, reason };
      state.updated.push(i);
    } else if (
      a.time >= group.historyFromS &&
      (standing === null || severityRank(a.severity) > severityRank(standing))
    )
      standing = a.severity;
  });
  group.leakSeverity = standing;
}

/**
 * How far nitrogen readings of one module may differ from another's over a day with no fault [Pa]:
 * the crew's metabolism moves nitrogen between modules in a daily cycle (US Lab through 12.5 Pa,
 * Node 3 through 7.4 Pa in the simulated station).
 */
const CREW_CYCLE_PA = 10;

/** How far modules' air temperatures wander apart over a day with no fault [K]. */
const THERMAL_SPREAD_K = 0.25;

/** Least drift of a thermometer from the others that counts as a fault [K]. */
const THERMAL_FLOOR_K = 0.5;

/** χ² a drifting sensor's exclusion must gain (at factor 1): five standard errors. */
const DRIFT_CHI2 = 25;

/** χ² by which the sensor left out must fit better than any other (three standard errors). */
const DRIFT_DECISIVE = 9;

/**
 * Times the limits (χ² times its square) a drift must pass to be called a fault with no alarm in
 * question: ten standard errors and twice the floor over the trailing day.
 */
const DRIFT_WATCH_FACTOR = 2;

/** Least drift of a nitrogen reading from the others that counts as a fault [Pa]: 0.3 mmHg. */
const DRIFT_FLOOR_PA = 40;

/**
 * Evidence under this fraction of its threshold, in every window, with a drifting sensor left out
 * withdraws the leak alarms it made (a drift alone left 0.18 in the case of sensor-drift.test.ts).
 */
const WITHDRAW_BELOW = 0.5;

/** Trend windows from this long [s] say, in an alarm, that their rate is an average over them. */
const AVERAGE_NOTE_S = 4 * 3600;

/** One-sided 95 % normal quantile: a refined onset's change must pass it to date the leak. */
const ONSET_Z = 1.645;

/** Fewest bins after a refined onset (its rate rests on them). */
const MIN_AFTER_BINS = 10;

/**
 * When the leak a scan found began, to the bin, and its rate since: among onsets from one and a
 * half windows back to a third of a window before now (MIN_AFTER_BINS at least: a short tail's
 * slope is mostly quantization), the broken line whose change has the largest statistic; if that
 * change is significant by itself (one-sided 95 %: the scan has already decided that there is a
 * leak, this only dates it), the trend since the onset. A window's trend averages the quiet bins
 * before an onset inside it into the rate, and a broken line ties the rate after to the level
 * of the long history before; the trend since the onset is what a reserve time needs. About
 * sixty candidate fits, only when a scan alarms.
 */
function rateSinceOnset(
  on: { series: InventorySeries; coupling: number; noise: NoiseModel; couplingSe: number },
  first: number,
  n: number,
  windowBins: number,
): { onsetS: number; rateKgPerS: number; low90: number; high90: number } | null {
  const lo = Math.max(first + 5, n - Math.round(1.5 * windowBins));
  const hi = n - Math.max(MIN_AFTER_BINS, Math.round(windowBins / 3));
  const step = Math.max(1, Math.floor((hi - lo) / 60));
  const historyBins = Math.round(CHANGE_HISTORY_S / on.series.binS);
  const sums = trailingSums(on.series, first, n);
  let best: { onset: number; change: LeakChange } | null = null;
  let bestZ = Number.NEGATIVE_INFINITY;
  for (let onset = lo; onset <= hi; onset += step) {
    const c = estimateLeakChange(
      on.series,
      Math.max(first, onset - historyBins),
      onset,
      n,
      on.coupling,
      on.noise,
      on.couplingSe,
      { sums },
    );
    if (c === null || !(c.seKgPerS > 0)) continue;
    const z = c.changeKgPerS / c.seKgPerS;
    if (z > bestZ) {
      bestZ = z;
      best = { onset, change: c };
    }
  }
  if (best === null || !(bestZ > ONSET_Z)) return null;
  const since = estimateLeakRate(on.series, best.onset, n, {
    coupling: on.coupling,
    couplingSe: on.couplingSe,
    noise: on.noise,
    sums,
  });
  return since !== null && since.rateKgPerS > 0
    ? { onsetS: best.change.onsetS, rateKgPerS: since.rateKgPerS, low90: since.low90, high90: since.high90 }
    : null;
}

/** The scans' trailing sums, rebuilt at every check in the same arrays (kept beside the state, not in it). */
const scanSums: {
  inventory?: TrailingSums;
  total?: TrailingSums;
  harmonics?: HarmonicSums;
} = {};

/**
 * Fewest days of history the daily cycle is learnt from, and how often it is learnt again [s] (a cycle
 * learnt over two days moves little in three hours; its covariance, 21 variances over two days of
 * bins, cost a month's analysis 1.4 s when learnt hourly). Learnt from one day, the cycle's first
 * harmonic and the day's trend are 0.78 correlated: taken out from 48 h on, it put the 0.5 kg/day
 * leaks of the detection bench (onset at 32 h) at a median 18.0 h instead of 15.9 h.
 */
const CYCLE_DAYS = 2;
const CYCLE_REFIT_S = 3 * 3600;
/**
 * Most days the cycle is learnt from, as the watch goes on: the learnt cycle's variance, which
 * widens the tests' standard errors, falls about as one over the days (with leaks 80–104 h into a
 * watch, two or three days by then, the detection bench finds 1 kg/day in 8.6 h against 10.2 h over
 * two days always; 8.4 h without the cycle). Six keeps the cycle within a week, as the crew's
 * timeline and the station's thermal environment (its beta angle) move over weeks.
 */
const CYCLE_MAX_DAYS = 6;

/** The days a cycle was learnt over, in words ("3 days"). */
function cycleDaysText(cycle: DailyCycle | null): string {
  return cycle === null ? 'no days' : `${Math.round((cycle.toS - cycle.fromS) / 86400)} days`;
}

/** When a group's cycle is learnt again [s]: every CYCLE_REFIT_S over two days, less often over more (it moves less). */
function cycleRefitS(cycle: DailyCycle | null): number {
  return cycle === null ? CYCLE_REFIT_S : (CYCLE_REFIT_S * (cycle.toS - cycle.fromS)) / (CYCLE_DAYS * 86400);
}

/** The learnt cycle's shares of a change test's rates before and after the onset, and the change's standard error [kg/s]. */
function changeShares(
  cycle: DailyCycle,
  effects: ReturnType<typeof changeEffects>,
): { before: number; after: number; changeSe: number } {
  return {
    before: cycleShare(cycle, effects.before),
    after: cycleShare(cycle, effects.after),
    changeSe: cycleShareOf(cycle, effects.change).seKgPerS,
  };
}

/** The learnt cycle's share of a test whose effect per harmonic is s, and its standard error [kg/s]. */
function cycleShareOf(cycle: DailyCycle, s: ArrayLike<number>): { kgPerS: number; seKgPerS: number } {
  return { kgPerS: cycleShare(cycle, s), seKgPerS: Math.sqrt(cycleVariance(cycle, s)) };
}

/**
 * The telemetry [s] a monitor must watch before it tests as one that has always watched: a day past
 * its first day (whose windows are young), so that its day-long windows have a day of history
 * before them, and, with the daily cycle learnt, the cycle's fewest days before its longest window
 * (it learns the cycle from more days as its watch goes on, up to CYCLE_MAX_DAYS, as any does).
 */
export function historyNeededS(options: MonitorOptions): number {
  return Math.max(
    2 * 86400,
    options.learnDailyCycle && options.scanWindowsS.length > 0
      ? CYCLE_DAYS * 86400 + longestWindowS(options)
      : 0,
  );
}

/** The longest window the scans test [s] (0 when they test none). */
function longestWindowS(options: MonitorOptions): number {
  return Math.max(0, ...options.scanWindowsS);
}

/** Forgets a group's daily cycle and the means it was learnt from (their history was just revised). */
function forgetCycle(group: GroupTrack): void {
  clearSlots(group.cycleSlots);
  group.cycle = null;
}

/** Shortest history before a candidate onset that the change test weighs it against [s]. */
const CHANGE_HISTORY_S = 12 * 3600;

/** First bin of the trailing scan window of `windowS` seconds. */
function windowStart(options: MonitorOptions, first: number, n: number, windowS: number): number {
  return Math.max(first, n - Math.round(windowS / options.binS));
}

/**
 * First bin of the history a change at `from` is tested against: eight windows (twelve hours at
 * least) before the onset; longer pins the background trend little better (with white noise the
 * change's standard error is within 6 % of that against a whole day).
 */
function historyStart(options: MonitorOptions, first: number, from: number, windowS: number): number {
  return Math.max(first, from - Math.round(Math.max(8 * windowS, CHANGE_HISTORY_S) / options.binS));
}

/** How often a scan window is tested [s]: every check, a window over 16 h every round(w / 16 h) checks. */
function scanEveryS(options: MonitorOptions, windowS: number): number {
  return options.checkEveryS * Math.max(1, Math.round(windowS / (16 * 3600)));
}

/** What a scan found in one window: the test, its statistic, and the leak it shows. */
interface ScanEvidence {
  /**
   * `trend`: the inventory fell over the window; `change`: it fell faster than before the window;
   * `pressure`: the total pressure fell faster than breathing without O2 generation can make it.
   */
  kind: 'trend' | 'change' | 'pressure';
  z: number;
  threshold: number;
  windowS: number;
  /** Leak rate over the window and its 90 % interval [kg/s]. */
  rateKgPerS: number;
  low90: number;
  high90: number;
  sinceS: number;
  /** What the test measured [kg/s]: the rate (trend, pressure) or its increase (change). */
  changeKgPerS: number;
  /** Quantization step of the readings tested [Pa], and their share of the pressure. */
  stepPa: number;
  fraction: number;
  /** What the daily cycle taken out of the inventory read as a leak over the window [kg/s]. */
  cycleKgPerS?: number;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A group's modules in a few words: up to four by name, else three and how many more. */
export function describeModules(ids: string[]): string {
  return ids.length <= 4
    ? ids.join(', ')
    : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more modules`;
}

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

function checkRapid(state: MonitorState, k: number, time: number): void {
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

/** A reserve time's 90 % interval in minutes, as alarms carry it (null: no upper end, the fall could be nil). */
function reserveInterval([low, high]: [number, number]): [number, number | null] {
  // rounded outwards: a tenth of a minute rounded in would shrink a tight interval to its estimate
  return [Math.floor(low / 6) / 10, Number.isFinite(high) ? Math.ceil(high / 6) / 10 : null];
}

/** Sensors of one quantity that must read for one that reads apart to be called faulty. */
const MIN_SENSORS_TO_BLAME = 3;

/**
 * Pressure sensors that read apart from their group's others, by their deviation from the combined
 * value, once it lasts 10 bins. Only where three or more read: of two that disagree, either may be
 * the one that is off (prk-2020's Poisk, closed off with its Progress, called its 0.1 mmHg gauge
 * faulty for reading 0.4 mmHg below the mean of itself and the Progress's 1 mmHg one).
 */
function checkSensorFaults(state: MonitorState, group: GroupTrack): void {
  const { model, deviation } = group.series;
  let reading = 0;
  for (const k of model.pressure) if (Number.isFinite(deviation.get(k) ?? Number.NaN)) reading++;
  if (reading < MIN_SENSORS_TO_BLAME) return;
  model.pressure.forEach((k) => {
    const d = deviation.get(k) ?? Number.NaN;
    const sensor = state.station.sensors[k];
    if (sensor === undefined || !Number.isFinite(d)) return;
    // four standard errors of a reading less its reference, itself one reading (a dial gauge read
    // in whole mmHg was called 2.01 mmHg apart when its reference had read 1.3 low)
    const limit = Math.max(
      4 * Math.SQRT2 * (state.rapid.floor[k] as number),
      2 * (state.rapid.step[k] as number),
      mmHgToPa(0.3),
    );
    const run = Math.abs(d) > limit ? (group.faultRun.get(k) ?? 0) + 1 : 0;
    group.faultRun.set(k, run);
    if (run === 10 && !group.faultChannels.has(k)) {
      group.faultChannels.add(k);
      state.alarms.push({
        time: group.series.t.at(-1) as number,
        severity: 'WARNING',
        kind: 'sensor-fault',
        channel: sensor.id,
        message: `${sensor.id} reads ${round(d / mmHgToPa(1), 2)} mmHg ${d < 0 ? 'below' : 'above'} the other pressure sensors of ${describeModules(model.moduleIds)}; outvoted in their median`,
      });
    }
  });
}

export { QUALITY_REASONS };
