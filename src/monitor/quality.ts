/**
 * Telemetry quality, per channel, sample by sample: time going backwards, duplicate timestamps,
 * out-of-range values, spikes, and channels gone stale: silent for too long (a periodic channel
 * sends nothing; a report-on-change one whose noise must move it reports nothing), or a noisy
 * periodic sensor repeating itself more often than its noise allows. A channel whose readings may
 * rightly hold (noise below its resolution: a tank not drawn on, a closed-off vehicle's gauge) is
 * never called stale for holding. Rejected samples are counted by reason; nothing is dropped
 * silently.
 */
import { normalCdf, type Quantity, type Sensor, type Station, unitScale } from '../core/index.js';

export const QUALITY_REASONS = [
  'time going backwards',
  'duplicate timestamp',
  'out of range',
  'spike',
] as const;
export type QualityReason = (typeof QUALITY_REASONS)[number];

/** Physically possible range per quantity, in SI. */
const RANGE: Readonly<Record<Quantity, [number, number]>> = {
  pressure: [0, 200_000],
  ppO2: [0, 200_000],
  ppN2: [0, 200_000],
  ppCO2: [0, 20_000],
  ppH2O: [0, 20_000],
  temperature: [233.15, 343.15],
  hatch: [0, 1],
  o2_generation: [0, 1],
  crew_count: [0, 100],
  store_pressure: [0, 1e8],
  store_mass: [0, 1e5],
};

export interface QualityOptions {
  /** A channel with no new value for this long [s] is stale (default 6 h). */
  staleAfterS: number;
  /** Fewest identical readings in a row that can mark a noisy periodic channel frozen. */
  frozenRepeats: number;
  /** Hampel window (samples) and threshold (robust sd) for spikes. */
  spikeWindow: number;
  spikeSigmas: number;
}

export const DEFAULT_QUALITY: QualityOptions = {
  staleAfterS: 6 * 3600,
  frozenRepeats: 5,
  spikeWindow: 9,
  spikeSigmas: 8,
};

export interface ChannelQuality {
  lastTime: Float64Array;
  lastValue: Float64Array;
  /** Time [epoch s] the value last changed. */
  lastChange: Float64Array;
  repeats: Int32Array;
  /** Recent accepted values for the spike test, a ring per channel. */
  recent: Float64Array;
  recentCount: Int32Array;
  /** 1 while the channel is stale or frozen. */
  stale: Uint8Array;
  /** Start [epoch s] of the current stale episode. */
  staleSince: Float64Array;
  /** Why the channel is stale: 1 its value has not changed, 2 nothing has arrived (0 = not stale). */
  staleReason: Uint8Array;
  /** When [epoch s] the channel last stopped being stale: the reading that changed or arrived (NaN = never). */
  freshSince: Float64Array;
  /** 1 for channels that send a value only when it changes. */
  reportOnChange: Uint8Array;
  /** Running mean of the time between a channel's samples [s] (NaN before two): its cadence. */
  interval: Float64Array;
  /**
   * A periodic channel's drop-outs: gaps longer than three of its own intervals, how many, the
   * time they cost beyond the usual interval, and the longest [s].
   */
  dropouts: Int32Array;
  dropoutS: Float64Array;
  longestGapS: Float64Array;
  /** Rejections by channel and reason, and the times [epoch s] of the first and last of each (NaN before one). */
  rejected: Int32Array;
  firstRejectedS: Float64Array;
  lastRejectedS: Float64Array;
  /** A sample held back as a possible spike until the next one shows whether the level returned. */
  pendingTime: Float64Array;
  /** Silence after which a held-back sample counts as confirmed [s]: two sampling periods, 30 s at least. */
  confirmAfterS: Float64Array;
  pendingValue: Float64Array;
  /** Minimum change that counts as a spike deviation [SI], from the sensor's resolution and noise. */
  floor: Float64Array;
  /** Running mean of the change between consecutive accepted samples [SI] (NaN before two). */
  jitter: Float64Array;
  /**
   * The same over SLOW_JITTER_SAMPLES, and the samples it has taken: what the channel's scatter was
   * before, against which a sudden rise in its scatter (an analyser gone noisy) shows.
   */
  slowJitter: Float64Array;
  jitterSamples: Int32Array;
  /**
   * The channel's last 8 readings as bits (newest lowest), 1 where a reading moved more than
   * BIG_CHANGE times the slow mean change from the one before, back against the change before it,
   * or was thrown out as a spike.
   */
  bigChanges: Uint8Array;
  /** The last change between consecutive accepted readings, signed [SI] (NaN before two). */
  lastStep: Float64Array;
  /** Identical readings in a row that mark a periodic channel frozen (0 = cannot tell). */
  frozenAfter: Int32Array;
  /** 1 for channels whose noise moves most readings: reporting on change, their silence means frozen. */
  expectsChange: Uint8Array;
  /** How long a channel may go without a new value before it is stale [s]. */
  silenceS: Float64Array;
  /** Physically possible range of each channel's quantity [SI]. */
  low: Float64Array;
  high: Float64Array;
  options: QualityOptions;
}

export function createChannelQuality(
  station: Station,
  options: QualityOptions = DEFAULT_QUALITY,
): ChannelQuality {
  const n = station.sensors.length;
  return {
    lastTime: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    lastValue: new Float64Array(n).fill(Number.NaN),
    lastChange: new Float64Array(n).fill(Number.NaN),
    repeats: new Int32Array(n),
    recent: new Float64Array(n * options.spikeWindow).fill(Number.NaN),
    recentCount: new Int32Array(n),
    stale: new Uint8Array(n),
    staleSince: new Float64Array(n).fill(Number.NaN),
    staleReason: new Uint8Array(n),
    freshSince: new Float64Array(n).fill(Number.NaN),
    reportOnChange: Uint8Array.from(station.sensors.map((s) => (s.reportOnChange ? 1 : 0))),
    interval: new Float64Array(n).fill(Number.NaN),
    dropouts: new Int32Array(n),
    dropoutS: new Float64Array(n),
    longestGapS: new Float64Array(n),
    rejected: new Int32Array(n * QUALITY_REASONS.length),
    firstRejectedS: new Float64Array(n * QUALITY_REASONS.length).fill(Number.NaN),
    lastRejectedS: new Float64Array(n * QUALITY_REASONS.length).fill(Number.NaN),
    pendingTime: new Float64Array(n).fill(Number.NaN),
    confirmAfterS: Float64Array.from(station.sensors.map((s) => Math.max(30, 2 * s.periodS))),
    pendingValue: new Float64Array(n).fill(Number.NaN),
    floor: Float64Array.from(
      station.sensors.map((s) => unitScale(s.unit) * Math.max(s.resolution, 3 * s.noiseSd)),
    ),
    jitter: new Float64Array(n).fill(Number.NaN),
    slowJitter: new Float64Array(n).fill(Number.NaN),
    jitterSamples: new Int32Array(n),
    bigChanges: new Uint8Array(n),
    lastStep: new Float64Array(n).fill(Number.NaN),
    frozenAfter: Int32Array.from(
      station.sensors.map((s) => (s.reportOnChange ? 0 : frozenRepeats(s, options))),
    ),
    silenceS: Float64Array.from(station.sensors.map((s) => silenceLimitS(s, options))),
    low: Float64Array.from(station.sensors.map(lowestReading)),
    high: Float64Array.from(station.sensors.map((s) => RANGE[s.quantity][1])),
    expectsChange: Uint8Array.from(
      station.sensors.map((s) => (s.quantity !== 'hatch' && noiseMustMove(s) ? 1 : 0)),
    ),
    options,
  };
}

/**
 * The lowest reading a channel may give: its quantity's physical floor, less, for a pressure (or a
 * partial pressure) whose floor is vacuum, five times the gauge's noise and half its step: a gauge
 * at vacuum reads about zero, below it half the time (a ground vessel emptied through a burst port
 * read -0.04 and 0.02 mmHg, and every negative reading was thrown out as out of range).
 */
function lowestReading(s: Sensor): number {
  const [low] = RANGE[s.quantity];
  if (low !== 0 || !PRESSURES.has(s.quantity)) return low;
  return -unitScale(s.unit) * (5 * s.noiseSd + s.resolution / 2);
}

const PRESSURES: ReadonlySet<Quantity> = new Set([
  'pressure',
  'ppO2',
  'ppN2',
  'ppCO2',
  'ppH2O',
  'store_pressure',
]);

/** Receives the samples that pass the checks, in time order per channel. */
export type AcceptSample = (k: number, time: number, value: number) => void;

/**
 * Checks one sample (SI) of channel k at time t. Returns null when it passed (it goes to `accept`,
 * possibly one sample later) or the reason it was rejected.
 *
 * ## Method
 * Spikes: a Hampel test against the median of the last `spikeWindow` accepted samples, with the
 * robust sd (1.4826·MAD) floored at the sensor's resolution and 3× its noise, or at the sd its
 * own recent sample-to-sample changes imply when that is larger. A sample beyond
 * `spikeSigmas` is held back; if the next sample is back within the band, the held one was a
 * spike; otherwise (a step, or the steep fall of a large hole) both are accepted.
 */
export function checkSample(
  q: ChannelQuality,
  k: number,
  time: number,
  value: number,
  accept: AcceptSample,
): QualityReason | null {
  const last = Number.isNaN(q.pendingTime[k] as number)
    ? (q.lastTime[k] as number)
    : (q.pendingTime[k] as number);
  if (time < last) return reject(q, k, time, 'time going backwards');
  if (time === last) return reject(q, k, time, 'duplicate timestamp');
  if (!(value >= (q.low[k] as number) && value <= (q.high[k] as number)))
    return reject(q, k, time, 'out of range');
  const pending = q.pendingValue[k] as number;
  if (!Number.isNaN(pending)) {
    const pendingTime = q.pendingTime[k] as number;
    q.pendingTime[k] = Number.NaN;
    q.pendingValue[k] = Number.NaN;
    // a spike when the next sample is back at the old level: within the band and nearer the
    // recent median than the held sample (a step the size of the band, quantized, can land its
    // next reading just inside the band: 736 → 745, 744 on a 1 mmHg gauge with an 8 mmHg band)
    if (deviates(q, k, value) || Math.abs(value - recentMedian(q, k)) >= Math.abs(value - pending)) {
      take(q, k, pendingTime, pending, accept);
    } else {
      reject(q, k, pendingTime, 'spike');
      q.bigChanges[k] = (((q.bigChanges[k] as number) << 1) | 1) & 0xff;
    }
  } else if (deviates(q, k, value)) {
    q.pendingTime[k] = time;
    q.pendingValue[k] = value;
    return null;
  }
  take(q, k, time, value, accept);
  return null;
}

function reject(q: ChannelQuality, k: number, time: number, reason: QualityReason): QualityReason {
  const r = k * QUALITY_REASONS.length + QUALITY_REASONS.indexOf(reason);
  q.rejected[r] = (q.rejected[r] as number) + 1;
  if (Number.isNaN(q.firstRejectedS[r] as number)) q.firstRejectedS[r] = time;
  q.lastRejectedS[r] = time;
  return reason;
}

function take(q: ChannelQuality, k: number, time: number, value: number, accept: AcceptSample): void {
  pushRecent(q, k, value);
  const previous = q.lastValue[k] as number;
  if (!Number.isNaN(previous)) {
    const change = Math.abs(value - previous);
    const jitter = q.jitter[k] as number;
    q.jitter[k] = Number.isNaN(jitter) ? change : jitter + (change - jitter) / JITTER_SAMPLES;
    const slow = q.slowJitter[k] as number;
    q.slowJitter[k] = Number.isNaN(slow) ? change : slow + (change - slow) / SLOW_JITTER_SAMPLES;
    q.jitterSamples[k] = (q.jitterSamples[k] as number) + 1;
    // a big change back against the one before: scatter, not the air moving (a top-up's readings
    // climb one way)
    const step = value - previous;
    const back = step * (q.lastStep[k] as number) < 0;
    q.lastStep[k] = step;
    q.bigChanges[k] =
      (((q.bigChanges[k] as number) << 1) | (back && change > BIG_CHANGE * slow ? 1 : 0)) & 0xff;
  }
  const lastTime = q.lastTime[k] as number;
  if (Number.isFinite(lastTime) && time > lastTime) {
    const interval = q.interval[k] as number;
    const step = time - lastTime;
    if (q.reportOnChange[k] === 0 && step > DROPOUT_INTERVALS * interval) {
      q.dropouts[k] = (q.dropouts[k] as number) + 1;
      q.dropoutS[k] = (q.dropoutS[k] as number) + step - interval;
      q.longestGapS[k] = Math.max(q.longestGapS[k] as number, step);
    }
    q.interval[k] = Number.isNaN(interval) ? step : interval + (step - interval) / JITTER_SAMPLES;
  }
  q.lastTime[k] = time;
  if (value !== q.lastValue[k]) {
    q.lastValue[k] = value;
    q.lastChange[k] = time;
    q.repeats[k] = 0;
    markFresh(q, k, time);
  } else {
    q.repeats[k] = (q.repeats[k] as number) + 1;
    const after = q.frozenAfter[k] as number;
    if (after > 0 && (q.repeats[k] as number) >= after) {
      if (q.stale[k] === 0) markStale(q, k, q.lastChange[k] as number, STALE_UNCHANGED);
    } else if (q.staleReason[k] === STALE_SILENT) markFresh(q, k, time);
  }
  accept(k, time, value);
}

/**
 * Accepts held-back samples that no later sample has contradicted within `confirmAfterS`: a
 * report-on-change channel sends nothing while it stays at its new level, and that is a
 * confirmation too.
 */
export function confirmPending(q: ChannelQuality, now: number, accept: AcceptSample): void {
  for (let k = 0; k < q.pendingTime.length; k++) {
    const time = q.pendingTime[k] as number;
    if (Number.isNaN(time) || now - time < (q.confirmAfterS[k] as number)) continue;
    const value = q.pendingValue[k] as number;
    q.pendingTime[k] = Number.NaN;
    q.pendingValue[k] = Number.NaN;
    take(q, k, time, value, accept);
  }
}

/** Releases samples held back as possible spikes (at the end of the data). */
export function flushPending(q: ChannelQuality, accept: AcceptSample): void {
  for (let k = 0; k < q.pendingTime.length; k++) {
    if (Number.isNaN(q.pendingTime[k] as number)) continue;
    const time = q.pendingTime[k] as number;
    const value = q.pendingValue[k] as number;
    q.pendingTime[k] = Number.NaN;
    q.pendingValue[k] = Number.NaN;
    take(q, k, time, value, accept);
  }
}

/** A periodic channel's gap longer than this many of its intervals is a drop-out. */
const DROPOUT_INTERVALS = 3;

/** Stale because the value has not changed / because nothing has arrived. */
const STALE_UNCHANGED = 1;
const STALE_SILENT = 2;

function markStale(q: ChannelQuality, k: number, since: number, reason: number): void {
  q.stale[k] = 1;
  q.staleSince[k] = since;
  q.staleReason[k] = reason;
}

function markFresh(q: ChannelQuality, k: number, time: number): void {
  if (q.stale[k] === 1) q.freshSince[k] = time;
  q.stale[k] = 0;
  q.staleReason[k] = 0;
}

/** Whether channel k is stale because nothing has arrived (rather than because its value holds). */
export function staleBySilence(q: ChannelQuality, k: number): boolean {
  return q.staleReason[k] === STALE_SILENT;
}

/** Below this chance a run of unchanged readings is not noise: the channel is frozen. */
const FROZEN_CHANCE = 1e-7;

/**
 * How long a channel may stay silent (or, reporting on change, unchanged) before it is stale: a
 * sensor whose noise exceeds its resolution changes at every reading, so six silent periods (at
 * least 10 min) already mean frozen; a finely quantized one may hold a value for hours
 * (`staleAfterS`).
 */
export function silenceLimitS(sensor: Sensor, options: QualityOptions): number {
  return repeatProbability(sensor) < 0.05
    ? Math.min(options.staleAfterS, Math.max(6 * sensor.periodS, 600))
    : options.staleAfterS;
}

/**
 * Probability that two readings of a steady quantity come out equal: for Gaussian noise σ read
 * with resolution r at a random offset, ≈ r/(2σ√π) once σ is comparable to r; 1 without noise.
 */
export function repeatProbability(sensor: Sensor): number {
  if (!(sensor.noiseSd > 0)) return 1;
  if (!(sensor.resolution > 0)) return 0;
  return Math.min(1, sensor.resolution / (2 * sensor.noiseSd * Math.sqrt(Math.PI)));
}

/**
 * Chance that a reading of a steady quantity falls in the same quantum as the one before, at
 * worst: with the quantity in the middle of a quantum, 2Φ(r/2σ) − 1 each reading (the average
 * over offsets, `repeatProbability`, is lower: a run of repeats is likelier mid-quantum).
 */
function holdProbability(sensor: Sensor): number {
  if (!(sensor.noiseSd > 0)) return 1;
  if (!(sensor.resolution > 0)) return 0;
  return 2 * normalCdf(sensor.resolution / (2 * sensor.noiseSd)) - 1;
}

/**
 * Identical readings in a row that mark a periodic channel frozen: enough that noise alone would
 * produce them less than once in 10⁷ runs, even mid-quantum (never fewer than `frozenRepeats`); 0
 * = cannot tell (no noise to move it). Counted in readings, not time: a feed sampled more coarsely
 * than the sensor (a 60 s analyser written every 30 min) repeats no more often per reading.
 */
function frozenRepeats(sensor: Sensor, options: QualityOptions): number {
  const p = holdProbability(sensor);
  if (p >= 1) return 0;
  return p === 0
    ? options.frozenRepeats
    : Math.max(options.frozenRepeats, Math.ceil(Math.log(FROZEN_CHANCE) / Math.log(p)));
}

/**
 * Whether a report-on-change sensor's noise alone moves most of its readings, so that a silence
 * past its limit means frozen (or lost). One whose noise is below its resolution (a tank's 12 kPa
 * steps with 2 kPa noise) holds its value as long as the quantity holds — a tank not drawn on for
 * a day — and however often it is read, its silence says nothing.
 */
function noiseMustMove(sensor: Sensor): boolean {
  return holdProbability(sensor) < 0.5;
}

/** Silent sampling intervals after which a periodic channel is stale. */
const SILENT_INTERVALS = 6;

/**
 * Marks channels stale by time `now`; returns those newly stale. A report-on-change channel whose
 * noise must move it is stale once unchanged past its silence limit; a periodic channel once
 * nothing has arrived for its silence limit or six of its own sampling intervals, whichever is
 * longer (its repeated values are judged by count as they arrive; a feed written more coarsely
 * than the sensor reads is not silent between its rows).
 */
export function sweepStale(q: ChannelQuality, now: number): number[] {
  const fresh: number[] = [];
  for (let k = 0; k < q.stale.length; k++) {
    if (q.stale[k] === 1) continue;
    if (q.reportOnChange[k] === 1) {
      const changed = q.lastChange[k] as number;
      if (q.expectsChange[k] === 1 && Number.isFinite(changed) && now - changed > (q.silenceS[k] as number)) {
        markStale(q, k, changed, STALE_UNCHANGED);
        fresh.push(k);
      }
      continue;
    }
    // judged once the feed's cadence is known (two readings): a first reading says nothing of it
    const arrived = q.lastTime[k] as number;
    const cadence = q.interval[k] as number;
    if (Number.isNaN(cadence)) continue;
    if (now - arrived > Math.max(q.silenceS[k] as number, SILENT_INTERVALS * cadence)) {
      markStale(q, k, arrived, STALE_SILENT);
      fresh.push(k);
    }
  }
  return fresh;
}

/** Samples the running mean of consecutive changes (`jitter`) remembers. */
const JITTER_SAMPLES = 64;
/** Samples the slow running mean of consecutive changes (`slowJitter`) remembers. */
const SLOW_JITTER_SAMPLES = 1440;

/**
 * How many times its usual scatter a channel's recent samples scatter (the running mean of
 * consecutive changes over 64 samples against that over 1,440), NaN until both rest on enough
 * samples (the slow mean on SLOW_JITTER_SAMPLES / 4).
 */
/** A change this many times the slow mean change is a big one (white noise: once in ~15,000). */
const BIG_CHANGE = 5;

/** Big changes (or spikes) among the channel's last 8 readings, 0 until its slow mean is established. */
export function recentBigChanges(q: ChannelQuality, k: number): number {
  if ((q.jitterSamples[k] as number) < SLOW_JITTER_SAMPLES / 4) return 0;
  let bits = q.bigChanges[k] as number;
  let count = 0;
  for (; bits > 0; bits >>= 1) count += bits & 1;
  return count;
}

export function scatterRise(q: ChannelQuality, k: number): number {
  if ((q.jitterSamples[k] as number) < SLOW_JITTER_SAMPLES / 4) return Number.NaN;
  const slow = q.slowJitter[k] as number;
  return slow > 0 ? (q.jitter[k] as number) / slow : Number.NaN;
}
/** sd of white noise per mean absolute change between its samples (E|Δ| = 2σ/√π). */
const SD_PER_MEAN_CHANGE = Math.sqrt(Math.PI) / 2;

/** Median of a channel's recent accepted samples (the spike test's window, full once deviates can say yes). */
function recentMedian(q: ChannelQuality, k: number): number {
  const w = q.options.spikeWindow;
  const window = Array.from(q.recent.subarray(k * w, k * w + w)).sort((a, b) => a - b);
  return window[Math.floor(w / 2)] as number;
}

function deviates(q: ChannelQuality, k: number, value: number): boolean {
  const w = q.options.spikeWindow;
  const count = Math.min(q.recentCount[k] as number, w);
  if (count < w) return false;
  // the robust sd's floor: the sensor's declared resolution and noise, or the channel's own
  // sample-to-sample jitter when larger (a channel declared noiseless still moves with the air:
  // nine samples' MAD alone can be tiny by chance, and every larger step then looks like a spike)
  const floor = Math.max(q.floor[k] as number, SD_PER_MEAN_CHANGE * ((q.jitter[k] as number) || 0));
  // cheap pre-check: close to the last accepted value is never a spike
  if (Math.abs(value - (q.lastValue[k] as number)) <= q.options.spikeSigmas * floor) return false;
  const median = recentMedian(q, k);
  const deviations = Array.from(q.recent.subarray(k * w, k * w + w), (v) => Math.abs(v - median));
  const mad = (deviations.sort((a, b) => a - b)[Math.floor(w / 2)] as number) * 1.4826;
  const scale = Math.max(mad, floor);
  return scale > 0 && Math.abs(value - median) > q.options.spikeSigmas * scale;
}

function pushRecent(q: ChannelQuality, k: number, value: number): void {
  const w = q.options.spikeWindow;
  const i = (q.recentCount[k] as number) % w;
  q.recent[k * w + i] = value;
  q.recentCount[k] = (q.recentCount[k] as number) + 1;
}
