/**
 * The live pipeline: every batch of telemetry (from the API or the demo) is written to the store
 * first (so an acknowledged write is durable), then handed to the leak monitor, which runs in a
 * worker thread (monitor-worker.ts) so the request thread only parses, stores and answers. New
 * alarms the monitor raises are stored and broadcast, and each new leak estimate is saved as a
 * `leak-state` analysis and broadcast. Batches run one at a time, in arrival order; an ingest waits
 * (before its store write) while the monitor is more than `backlogSamples` behind, and a feed's is
 * refused with 503 when it has waited `waitMs` (the demo's waits on).
 */
import { fromSIShown, isoFromEpochS, type Station } from '../core/index.js';
import {
  type Alarm,
  crewAboard,
  defaultMonitorOptions,
  historyNeededS,
  type MonitorState,
  type Severity,
  severityRank,
} from '../monitor/index.js';
import { type SampleColumns, type Store, type StoredAlarm, withoutSamples } from '../store/index.js';
import type { LeakState } from './leak-state.js';
import { type BatchDone, type MonitorSnapshot, MonitorWorker, type Origin } from './monitor-worker.js';
import { REFUSALS_EVERY_MS } from './refusals.js';
import { alarmShown } from './utc-times.js';

export type { Origin } from './monitor-worker.js';

/** Least wall time between two published leak states [ms]. */
const LEAK_STATE_EVERY_MS = 1000;
/**
 * Stored telemetry a restart replays into the monitor [s]: what a monitor needs behind it to test
 * as one that has always watched (three days with the defaults), so the resumed monitor is past its
 * first day (when it tests trends only over windows up to a third of its watch), its day-long
 * windows have a day of history before them, and it has learnt the daily cycle from the two days
 * before those windows (with two days replayed it went without for the first ~14 h).
 */
export function resumeSpanS(station: Station): number {
  return historyNeededS(defaultMonitorOptions(station));
}
/** Stored span read per replayed batch [s]. */
const RESUME_SLICE_S = 3600;

export interface PipelineOptions {
  /**
   * Samples the monitor may be behind before an ingest waits: about a second of the monitor's
   * work, so what the routes read from it is at most that stale.
   */
  backlogSamples: number;
  /** Longest a feed's ingest waits for the monitor before it is refused with 503 [ms]. */
  waitMs: number;
}

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = { backlogSamples: 200_000, waitMs: 10_000 };

/** The monitor's side of GET /api/v1/health. */
export interface MonitorStatus {
  /** Samples the monitor has taken since it last started (a new data source). */
  samples: number;
  source: Origin;
  /** Acknowledged samples the monitor has not taken yet, and how long the oldest has waited [s]. */
  lagSamples: number;
  lagS: number;
  /** The lag at which ingest waits. */
  lagLimitSamples: number;
  /** The last batch the monitor could not take (or why it stopped), else null. */
  error: string | null;
  /** The watch a restart took up from the store, else null. */
  resumed: ResumeStatus | null;
}

/** A restart's replay of stored telemetry into the monitor. */
export interface ResumeStatus {
  /** First and last sample time replayed (ISO 8601). */
  from: string;
  to: string;
  /** Samples handed to the monitor so far. */
  samples: number;
  /** The monitor has taken them all. */
  done: boolean;
  /** Why the replay stopped short, else null. */
  error: string | null;
}

/** What became of a batch handed to `Pipeline.ingest`. */
export interface IngestOutcome {
  /** Samples stored. */
  stored: number;
  /** Samples the monitor takes in time order: stored, and later than its channel's last. */
  accepted: number;
  /** Indices into the batch of samples not stored: their channel has their time already. */
  duplicates: Uint32Array;
  /**
   * Indices into the batch of samples stored (history keeps them) but earlier than their channel's
   * last sample the monitor was given, which it rejects: time going backwards.
   */
  backwards: Uint32Array;
}

export type LiveMessage =
  | { type: 'values'; time: number[]; timeUtc: (string | null)[]; channel: string[]; value: number[] }
  | { type: 'leak'; state: LeakState }
  | { type: 'alarm'; alarm: StoredAlarm }
  | { type: 'alarm-update'; alarm: StoredAlarm }
  | { type: 'demo'; running: boolean; note: string };

export class Pipeline {
  origin: Origin = 'telemetry';
  private readonly monitor: MonitorWorker;
  private readonly options: PipelineOptions;
  /** Store writes of batches, in arrival order. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Store writes of what the monitor found (alarms, leak states), in order. */
  private effects: Promise<unknown> = Promise.resolve();
  /** Samples handed to the monitor since it last started. */
  private fed = 0;
  private leakTimer: NodeJS.Timeout | null = null;
  /** A leak state to follow one whose refusals were read on earlier data. */
  private refusalsTimer: NodeJS.Timeout | null = null;
  private lastLeakMs = 0;
  private readonly channels: string[];
  private readonly listeners = new Set<(message: LiveMessage) => void>();
  private resumeStatus: ResumeStatus | null = null;
  /** Alarms the monitor raised while replaying what a restart resumes, in order. */
  private replayedAlarms: Alarm[] = [];
  /** Each channel's latest sample time handed to the monitor since it last started [epoch s]. */
  private readonly lastTime: Float64Array;

  constructor(
    readonly station: Station,
    readonly store: Store,
    options: Partial<PipelineOptions> = {},
  ) {
    this.options = { ...DEFAULT_PIPELINE_OPTIONS, ...options };
    this.channels = station.sensors.map((s) => s.id);
    this.lastTime = new Float64Array(this.channels.length).fill(Number.NEGATIVE_INFINITY);
    this.monitor = new MonitorWorker(station, this.origin, {
      backlog: this.options.backlogSamples,
      onBatch: (done) => this.monitored(done),
    });
  }

  status(): MonitorStatus {
    const lag = this.monitor.lag();
    return {
      samples: this.monitor.samples,
      source: this.origin,
      lagSamples: lag.samples,
      lagS: lag.seconds,
      lagLimitSamples: this.options.backlogSamples,
      error: this.monitor.error,
      resumed: this.resumeStatus === null ? null : { ...this.resumeStatus },
    };
  }

  /**
   * Takes the watch up where the last run stopped, when it was watching real telemetry (the
   * store's last leak state is telemetry's): the stored samples of the `resumeSpanS` up to that
   * state's time, and of the hour after it (samples acknowledged after the last saved state, as
   * before a crash), are replayed into the monitor, an hour per batch, before any batch ingested
   * meanwhile. Without this a
   * restart would start a fresh monitor, blind to slow leaks for a day. Until the replay is done
   * the leak state read is the one saved before the restart. Resolves to whether a watch is
   * resumed; the replay runs on behind it.
   */
  async resume(): Promise<boolean> {
    const saved = (await this.store.latestAnalysis('leak-state'))?.payload as LeakState | undefined;
    if (saved?.source !== 'telemetry' || saved.time === null || this.fed > 0) return false;
    // from the last sample the saved state had seen, not the store's last: the store keeps the
    // demo's samples beside the telemetry's (at the demo's own times). The last slice runs an hour
    // past it, so what was stored after the last saved state (a crash) is replayed too
    const toS = Date.parse(saved.time) / 1000;
    const fromS = toS - resumeSpanS(this.station);
    const status: ResumeStatus = {
      from: isoFromEpochS(fromS),
      to: isoFromEpochS(toS),
      samples: 0,
      done: false,
      error: null,
    };
    this.resumeStatus = status;
    const run = this.tail.then(async () => {
      try {
        for (let t = fromS; t <= toS; t += RESUME_SLICE_S) {
          const batch = await this.store.readSamples(this.channels, t, t + RESUME_SLICE_S);
          if (batch.length === 0) continue;
          await this.monitor.room(Number.POSITIVE_INFINITY);
          this.fed += batch.length;
          status.samples += batch.length;
          this.goingBack(batch);
          this.monitor.post(batch, true);
        }
        await this.monitor.settled();
        await this.reportReplayedAlarms(fromS);
      } catch (error) {
        status.error = error instanceof Error ? error.message : String(error);
      }
      status.done = true;
      this.scheduleLeakState();
    });
    this.tail = run;
    return true;
  }

  /** Resolves when the monitor has taken every batch acknowledged so far. */
  async settled(): Promise<void> {
    await this.tail;
    await this.monitor.settled();
  }

  /**
   * The analysis of everything acknowledged so far (a finished copy of the live monitor) and its
   * report, made once per new data and shared by the plan and forecast routes.
   */
  snapshot(): Promise<MonitorSnapshot> {
    return this.monitor.snapshot();
  }

  /**
   * The crew aboard as the monitor has it (a crew_count channel); before one has reported, the
   * demo scenario's crew while the demo feeds the monitor (a report-on-change channel is silent
   * when the demo starts mid-scenario); else undefined (the station's nominal crew).
   */
  crewAboard(analysis: Pick<MonitorState, 'crewCount'>, demoCrew: number | undefined): number | undefined {
    return crewAboard(analysis) ?? (this.origin === 'demo' ? demoCrew : undefined);
  }

  subscribe(listener: (message: LiveMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  broadcast(message: LiveMessage): void {
    const shown =
      message.type === 'alarm' || message.type === 'alarm-update'
        ? { ...message, alarm: alarmShown(message.alarm) }
        : message;
    for (const listener of this.listeners) listener(shown);
  }

  /** Starts the monitor afresh (new data source), from the station as it now is. */
  reset(station: Station, origin: Origin): void {
    this.monitor.reset(station, origin);
    this.origin = origin;
    this.fed = 0;
    this.lastTime.fill(Number.NEGATIVE_INFINITY);
  }

  /**
   * Stores a batch and hands what it stored to the monitor (values SI, channels index the station's
   * sensors), in order; resolves once it is stored, to what became of its samples. The batch's
   * arrays go to the monitor's thread: the caller must not use them afterwards.
   */
  ingest(batch: SampleColumns, origin: Origin): Promise<IngestOutcome> {
    // a feed is told to retry; the demo, which has nowhere to retry from, waits its turn
    const deadlineMs = origin === 'demo' ? Number.POSITIVE_INFINITY : performance.now() + this.options.waitMs;
    const run = this.tail.then(() => this.process(batch, origin, deadlineMs));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async process(batch: SampleColumns, origin: Origin, deadlineMs: number): Promise<IngestOutcome> {
    const none = new Uint32Array(0);
    if (batch.length === 0) return { stored: 0, accepted: 0, duplicates: none, backwards: none };
    await this.monitor.room(deadlineMs);
    const { stored, duplicates } = await this.store.appendSamples(this.channels, batch);
    if (origin !== this.origin) {
      this.reset(this.station, origin);
      this.scheduleLeakState();
    }
    // the monitor is given what the store keeps: one value per channel and time, the first
    const fed = duplicates.length === 0 ? batch : withoutSamples(batch, duplicates);
    const back = this.goingBack(fed);
    this.broadcast(this.latestValues(fed));
    this.fed += fed.length;
    this.monitor.post(fed);
    return {
      stored,
      accepted: stored - back.length,
      duplicates,
      backwards: duplicates.length === 0 ? back : batchIndices(back, duplicates),
    };
  }

  /**
   * The samples earlier than their channel's last one in the batches the monitor was handed before
   * (indices into `batch`, which it is handed next), which it will reject as time going backwards:
   * it takes each batch in time order (monitor-worker-entry.ts), so only an earlier batch's times
   * count. Moves each channel's last time on to the batch's latest.
   */
  private goingBack(batch: SampleColumns): Uint32Array {
    const back: number[] = [];
    const before = this.lastTime.slice();
    for (let i = 0; i < batch.length; i++) {
      const k = batch.channel[i] as number;
      const t = batch.time[i] as number;
      if (t < (before[k] as number)) back.push(i);
      else if (t > (this.lastTime[k] as number)) this.lastTime[k] = t;
    }
    return Uint32Array.from(back);
  }

  /**
   * The replay's alarms are not those the monitor raised the first time (it started elsewhere, so
   * it checks at other times and judges with other noise models): of them only what goes beyond
   * the store's alarms since the replay's start is stored and broadcast, an alarm whose severity
   * ranks above every one stored for the same group (or channel) and kind. So a restart repeats
   * nothing the controllers were told, and hides no escalation the resumed monitor holds.
   */
  private async reportReplayedAlarms(fromS: number): Promise<void> {
    const told = new Map<string, number>();
    for (const a of await this.store.listAlarms()) {
      if (a.time < fromS) break;
      const key = alarmKey(a.kind, a.detail as Pick<Alarm, 'modules' | 'channel'>);
      told.set(key, Math.max(told.get(key) ?? -1, severityRank(a.severity as Severity)));
    }
    const news: Alarm[] = [];
    for (const alarm of this.replayedAlarms.splice(0)) {
      const key = alarmKey(alarm.kind, alarm);
      if (severityRank(alarm.severity) <= (told.get(key) ?? -1)) continue;
      told.set(key, severityRank(alarm.severity));
      news.push(alarm);
    }
    if (news.length > 0) this.report(news, 'telemetry');
  }

  /** What the monitor made of a batch: its new alarms are stored and broadcast (a replay's wait). */
  private monitored(done: BatchDone): void {
    if (done.replay) {
      this.replayedAlarms.push(...done.alarms);
      // a withdrawal or return to normal reaches the stored alarm of the same identity, if the
      // first run raised it too
      if (done.updated.length > 0) this.report([], done.origin, done.updated);
      return;
    }
    if (done.alarms.length > 0 || done.updated.length > 0)
      this.report(done.alarms, done.origin, done.updated);
    if (done.checked || done.alarms.length > 0 || done.updated.length > 0) this.scheduleLeakState();
  }

  /**
   * Stores new alarms and broadcasts them, in order; then marks those withdrawn or returned to
   * normal, or with a new reading, and broadcasts the change.
   */
  private report(alarms: Alarm[], origin: Origin, updated: Alarm[] = []): void {
    this.effects = this.effects
      .then(async () => {
        // (an alarm raised and changed within one batch is stored changed)
        for (const alarm of alarms) {
          const added = await this.store.addAlarm(stored(alarm, origin));
          this.broadcast({ type: 'alarm', alarm: (await this.marked(alarm)) ?? added });
        }
        const raised = new Set(alarms);
        for (const alarm of updated) {
          const changed = raised.has(alarm) ? null : await this.marked(alarm);
          if (changed !== null) this.broadcast({ type: 'alarm-update', alarm: changed });
        }
      })
      .catch(() => undefined);
  }

  /**
   * Puts the monitor's marks and latest reading on the stored alarm (the last one it made); null
   * when it has none.
   */
  private async marked(alarm: Alarm): Promise<StoredAlarm | null> {
    let changed: StoredAlarm | null = null;
    if (alarm.withdrawn !== undefined)
      changed = await this.store.markAlarm(alarm, 'withdrawn', alarm.withdrawn.time, alarm.withdrawn.reason);
    if (alarm.cleared !== undefined)
      changed = await this.store.markAlarm(alarm, 'cleared', alarm.cleared.time, alarm.cleared.reason);
    if (alarm.latest !== undefined) changed = await this.store.updateAlarmReading(alarm, { ...alarm.latest });
    return changed;
  }

  /**
   * Saves and broadcasts the leak state at most once per `LEAK_STATE_EVERY_MS` of wall time: a
   * fast feed completes many checks a second, and each state is a few hundred kB of JSON.
   */
  private scheduleLeakState(): void {
    if (this.leakTimer !== null) return;
    const wait = Math.max(0, this.lastLeakMs + LEAK_STATE_EVERY_MS - Date.now());
    this.leakTimer = setTimeout(() => {
      this.leakTimer = null;
      this.effects = this.effects.then(() => this.publishLeakState()).catch(() => undefined);
    }, wait);
  }

  private async publishLeakState(exact = false): Promise<void> {
    this.lastLeakMs = Date.now();
    const { state, lastS, refusalsCurrent } = await this.monitor.leakState(exact);
    if (!Number.isFinite(lastS)) return;
    await this.store.saveAnalysis('leak-state', lastS, state);
    this.broadcast({ type: 'leak', state });
    // refusals read on earlier data: once they may be read again, a current state follows
    if (!refusalsCurrent && this.refusalsTimer === null)
      this.refusalsTimer = setTimeout(() => {
        this.refusalsTimer = null;
        this.scheduleLeakState();
      }, REFUSALS_EVERY_MS);
  }

  /**
   * Lets the monitor take every batch stored, publishes a pending leak state, and stops the
   * monitor's thread (before the store closes); the pipeline takes no more batches.
   */
  async close(): Promise<void> {
    await this.settled();
    await this.effects;
    // the last state saved is current, refusals and all (a publish under way may have asked for more)
    while (this.leakTimer !== null || this.refusalsTimer !== null) {
      for (const timer of [this.leakTimer, this.refusalsTimer]) if (timer !== null) clearTimeout(timer);
      this.leakTimer = this.refusalsTimer = null;
      this.effects = this.effects.then(() => this.publishLeakState(true)).catch(() => undefined);
      await this.effects;
    }
    await this.monitor.close();
  }

  /**
   * The leak state after everything acknowledged, or the last one saved when the monitor has been
   * fed nothing since start or is still replaying what a restart resumes.
   */
  async currentLeakState(): Promise<LeakState | null> {
    if (this.fed > 0 && this.resumeStatus?.done !== false) return (await this.monitor.leakState()).state;
    return ((await this.store.latestAnalysis('leak-state'))?.payload as LeakState | undefined) ?? null;
  }

  /** The last value of each channel in a batch, in the channel's unit. */
  private latestValues(batch: SampleColumns): LiveMessage {
    const last = new Map<number, number>();
    for (let i = 0; i < batch.length; i++) {
      const k = batch.channel[i] as number;
      const j = last.get(k);
      if (j === undefined || (batch.time[i] as number) >= (batch.time[j] as number)) last.set(k, i);
    }
    const out = {
      type: 'values' as const,
      time: [] as number[],
      timeUtc: [] as (string | null)[],
      channel: [] as string[],
      value: [] as number[],
    };
    for (const [k, i] of last) {
      const sensor = this.station.sensors[k];
      if (sensor === undefined) continue;
      out.time.push(batch.time[i] as number);
      out.timeUtc.push(isoFromEpochS(batch.time[i] as number));
      out.channel.push(sensor.id);
      out.value.push(fromSIShown(batch.value[i] as number, sensor.unit));
    }
    return out;
  }
}

/** What an alarm is about: its kind and its group's modules or its channel. */
function alarmKey(kind: string, about: Pick<Alarm, 'modules' | 'channel'>): string {
  return `${kind}|${about.modules !== undefined ? [...about.modules].sort().join(',') : (about.channel ?? '')}`;
}

function stored(alarm: Alarm, origin: Origin) {
  // (withdrawn and cleared are kept in their own columns)
  // (the latest reading is put on by updateAlarmReading, when it comes)
  const { time, kind, severity, message, withdrawn, cleared, latest, ...rest } = alarm;
  return { time, kind, severity, message, detail: { ...rest, origin } };
}

/**
 * Indices into a batch of samples given as indices into the batch without `dropped` (ascending
 * indices into the batch).
 */
function batchIndices(kept: Uint32Array, dropped: Uint32Array): Uint32Array {
  const out = new Uint32Array(kept.length);
  let d = 0;
  for (let j = 0; j < kept.length; j++) {
    // the kept sample j is batch sample j + (dropped samples before it)
    while (d < dropped.length && (dropped[d] as number) <= (kept[j] as number) + d) d++;
    out[j] = (kept[j] as number) + d;
  }
  return out;
}
