/**
 * Sensors that drift apart from their group's others (a ppN2 analyser, a thermometer): named as
 * faults, left out of the inventory and its history, and the leak alarms they made withdrawn.
 */
import { isoFromEpochS, mmHgToPa, type Sensor } from '../core/index.js';
import { describeModules, round } from './alarm-words.js';
import { type Severity, severityRank } from './alarms.js';
import { forgetCycle } from './daily-cycle-watch.js';
import { excludedFor } from './excluded-channels.js';
import type { NitrogenSource } from './group-model.js';
import { withoutSource, withoutThermometer } from './group-series.js';
import { firstHourS, lastHourS, meanOverHours } from './hourly-means.js';
import type { GroupTrack, MonitorState, Segment } from './monitor-state.js';
import { mainGroup, retraceTimeline } from './timeline.js';

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
export function driftingApart(
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
export const SLOW_DRIFT_HOURS = 80;

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
export function outsideMainGroup(state: MonitorState, segment: Segment, startS: number): Uint8Array | null {
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
export function slowThermometerDrift(state: MonitorState, group: GroupTrack): boolean {
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
export function withdrawDriftAlarms(
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
export const DRIFT_WATCH_FACTOR = 2;

/** Least drift of a nitrogen reading from the others that counts as a fault [Pa]: 0.3 mmHg. */
const DRIFT_FLOOR_PA = 40;

/**
 * Evidence under this fraction of its threshold, in every window, with a drifting sensor left out
 * withdraws the leak alarms it made (a drift alone left 0.18 in the case of sensor-drift.test.ts).
 */
export const WITHDRAW_BELOW = 0.5;
