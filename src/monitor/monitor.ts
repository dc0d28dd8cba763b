/**
 * The one pipeline, as a reducer over telemetry batches: quality checks → sample-and-hold bins →
 * hatch configuration and groups → per-group gas inventory → leak estimates, change detection and
 * alarms; plus rapid-depress checks on the raw pressure samples. Both the CLI and the server run
 * it; its state is plain data, so a run can be saved, replayed and compared.
 */
import { isoFromEpochS, median, mmHgToPa, type Station } from '../core/index.js';
import { addToSlots } from '../estimate/index.js';
import { createAddedGasMixing, stepAddedGasMixing } from './added-gas-mixing.js';
import { describeModules, round } from './alarm-words.js';
import type { Alarm } from './alarms.js';
import { addSample, type CompletedBin, completeBins, createBinner, dropHold } from './bins.js';
import { closeSegment, openSegment } from './configuration-periods.js';
import { excludedFor } from './excluded-channels.js';
import { checkGroup } from './group-check.js';
import { periodBins } from './group-estimates.js';
import { appendBin, recordPeriod, trimSeries } from './group-series.js';
import { addHourlyBin, createHourlyMeans } from './hourly-means.js';
import {
  defaultMonitorOptions,
  type GroupTrack,
  type MonitorOptions,
  type MonitorState,
  type SampleBatch,
  type Segment,
} from './monitor-state.js';
import {
  checkSample,
  confirmPending,
  createChannelQuality,
  DEFAULT_QUALITY,
  flushPending,
  silenceLimitS,
  staleBySilence,
  sweepStale,
} from './quality.js';
import { addPressureSample, createRapidState, DEFAULT_RAPID } from './rapid-depress.js';
import { resolveHandovers } from './rapid-handover.js';
import { addTemperatureSample } from './rapid-thermal.js';
import { checkRapid } from './rapid-watch.js';
import { outsideMainGroup, SLOW_DRIFT_HOURS } from './sensor-drift.js';
import { mainGroup, recordTimeline } from './timeline.js';
import { departureOf, docked, followVehicles, leftWithVehicle, vehiclesOf } from './vehicles.js';

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
    rapidHandovers: [],
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

/**
 * The analysis of everything seen so far — a finished copy of the monitor — while the monitor
 * itself goes on untouched (the live server's plan and forecast, a leak hunt between its tests).
 */
export function analysisSoFar(state: MonitorState): MonitorState {
  const copy = structuredClone(state);
  finishMonitor(copy);
  return copy;
}

/** Ends the data: completes every bin and closes the last configuration. */
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
  else if (state.quantities[k] === 'temperature') addTemperatureSample(state.rapid, k, time, value);
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
    const carried = group.series.n2Base.carried !== undefined;
    appendBin(group.series, bin.startS, bin.means, excludedFor(state, group, bin.startS), state.mixing);
    // the nitrogen carried on by other readings from here, or read again: the inventory's noise and
    // couplings are another's, and the group's estimates and scans start afresh, as after a hatch
    if (carried !== (group.series.n2Base.carried !== undefined))
      group.settleUntilS = Math.max(group.settleUntilS, bin.startS);
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
  resolveHandovers(state, bin.startS + state.options.binS);
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
  checkPressureLevels(state, group);
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

/**
 * How far a pressure sensor's reading may stand from its group's others before it is called wrong
 * whatever its changes do [Pa]: 10 mmHg, or 5 % of their level. The sensors are combined by their
 * changes, each referenced to the others when first read, so a constant offset is taken in; a gross
 * one is not an offset but a wrong unit or scale (a vessel's Pa channel fed kPa read 0.76 mmHg beside
 * a gauge reading 760, and the group's pressure became the first one's).
 */
const LEVEL_APART_PA = mmHgToPa(10);
const LEVEL_APART_SHARE = 0.05;

/**
 * Pressure sensors whose readings stand grossly apart from their group's others for 10 bins: with
 * three or more, the one apart from the median of the rest; with two, the pair, the alarm naming
 * the one farther from the station's nominal pressure (the data cannot say which is wrong).
 */
function checkPressureLevels(state: MonitorState, group: GroupTrack): void {
  const means = state.lastMeans;
  if (means === null) return;
  const { model } = group.series;
  const apart = (a: number, b: number): boolean =>
    Math.abs(a - b) > Math.max(LEVEL_APART_PA, LEVEL_APART_SHARE * Math.max(Math.abs(a), Math.abs(b)));
  const counted = (k: number): boolean =>
    Number.isFinite(means[k] as number) && state.quality.stale[k] !== 1 && !group.faultChannels.has(k);
  // nearly every bin: the readings' whole spread is within the limit (no allocation, no sort)
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const k of model.pressure) {
    if (!counted(k)) continue;
    low = Math.min(low, means[k] as number);
    high = Math.max(high, means[k] as number);
  }
  if (!(high >= low) || !apart(low, high)) {
    for (const k of model.pressure) if ((group.faultRun.get(-1 - k) ?? 0) > 0) group.faultRun.set(-1 - k, 0);
    return;
  }
  const readings: [number, number][] = model.pressure.filter(counted).map((k) => [k, means[k] as number]);
  if (readings.length < 2) return;
  for (const [k, v] of readings) {
    const others = readings.filter(([j]) => j !== k).map(([, x]) => x);
    const rest = median(others);
    const wrong =
      others.length >= 2
        ? apart(v, rest)
        : apart(v, rest) &&
          Math.abs(v - state.station.nominalPressurePa) > Math.abs(rest - state.station.nominalPressurePa);
    const key = -1 - k;
    const run = wrong ? (group.faultRun.get(key) ?? 0) + 1 : 0;
    group.faultRun.set(key, run);
    if (run !== 10 || group.faultChannels.has(k)) continue;
    group.faultChannels.add(k);
    const sensor = state.station.sensors[k];
    const mmHg = (pa: number): number => round(pa / mmHgToPa(1), pa < mmHgToPa(10) ? 2 : 1);
    const whose =
      others.length >= 2
        ? `the other pressure sensors of ${describeModules(model.moduleIds)} read ${mmHg(rest)} mmHg (their median)`
        : `${state.station.sensors[readings.find(([j]) => j !== k)?.[0] ?? -1]?.id}, the other pressure sensor of ` +
          `${describeModules(model.moduleIds)}, reads ${mmHg(rest)} mmHg; of the two, ${sensor?.id} is the farther ` +
          `from the station's ${mmHg(state.station.nominalPressurePa)} mmHg`;
    state.alarms.push({
      time: group.series.t.at(-1) as number,
      severity: 'WARNING',
      kind: 'sensor-fault',
      channel: sensor?.id ?? String(k),
      message: `${sensor?.id} reads ${mmHg(v)} mmHg, and ${whose}: a wrong unit or scale? (its changes are combined with the others', its level is not)`,
    });
  }
}
