/**
 * The monitor's state, plain data: its options, each group of modules it follows through a hatch
 * configuration, the configurations it closed, and the timeline a plot draws.
 */

import type { Quantity, Station } from '../core/index.js';
import type { CycleSlots, DailyCycle, FlowLawFit, LeakEstimate, NoiseModel } from '../estimate/index.js';
import type { AddedGasMixing } from './added-gas-mixing.js';
import { type Alarm, DEFAULT_SEVERITY_POLICY, type Severity, type SeverityPolicy } from './alarms.js';
import type { Binner } from './bins.js';
import type { FallFit } from './fall-fit.js';
import type { InventoryKind } from './group-model.js';
import type { GroupSeries, PeriodBins } from './group-series.js';
import type { HourlyMeans } from './hourly-means.js';
import type { ChannelQuality } from './quality.js';
import type { RapidState } from './rapid-depress.js';
import type { RapidHandover } from './rapid-handover.js';

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
  /** Over the bins since the onset to the end of the period, or to the fall's end (null when too few). */
  since: LeakEstimate | null;
  /**
   * When a rapid fall that dated the onset was over (last seen falling) [epoch s], and whether
   * it slowed (still falling beyond the rapid watch's reach) or stopped; null while it went on.
   */
  fallEnded: { atS: number; slowed: boolean } | null;
  /** Over the bins after the fall was over to the end of the period (null when too few, or not over). */
  after: LeakEstimate | null;
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
  /** Rapid-depress alarms whose group a hatch change ended, watched until their modules stop falling. */
  rapidHandovers: RapidHandover[];
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

/** The crew aboard as a crew_count channel last read it; undefined before one has. */
export function crewAboard(state: Pick<MonitorState, 'crewCount'>): number | undefined {
  return Number.isFinite(state.crewCount) ? state.crewCount : undefined;
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
