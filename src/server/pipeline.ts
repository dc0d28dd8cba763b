/**
 * The live pipeline: every batch of telemetry (from the API or the demo) is written to the store
 * first (so an acknowledged write is durable), then fed to the leak monitor; new alarms are stored
 * and broadcast, and each new leak estimate is saved as a `leak-state` analysis and broadcast.
 * Batches run one at a time, in arrival order.
 */
import { fromSI, type Station } from '../core/index.js';
import {
  type Alarm,
  type AnalysisReport,
  analysisSoFar,
  buildReport,
  createMonitor,
  type MonitorState,
  monitorBatch,
} from '../monitor/index.js';
import type { SampleColumns, Store, StoredAlarm } from '../store/index.js';
import { type LeakState, leakState } from './leak-state.js';

export type Origin = 'demo' | 'telemetry';

/** Least wall time between two published leak states [ms]. */
const LEAK_STATE_EVERY_MS = 1000;

export type LiveMessage =
  | { type: 'values'; time: number[]; channel: string[]; value: number[] }
  | { type: 'leak'; state: LeakState }
  | { type: 'alarm'; alarm: StoredAlarm }
  | { type: 'alarm-update'; alarm: StoredAlarm }
  | { type: 'demo'; running: boolean; note: string };

export class Pipeline {
  monitor: MonitorState;
  origin: Origin = 'telemetry';
  private tail: Promise<unknown> = Promise.resolve();
  private alarmsSeen = 0;
  private checksSeen = 0;
  private leakTimer: NodeJS.Timeout | null = null;
  private lastLeakMs = 0;
  private readonly channels: string[];
  private readonly listeners = new Set<(message: LiveMessage) => void>();
  private snapshotOf: {
    monitor: MonitorState;
    samples: number;
    analysis: MonitorState;
    report: AnalysisReport;
  } | null = null;

  constructor(
    readonly station: Station,
    readonly store: Store,
  ) {
    this.monitor = createMonitor(station);
    this.channels = station.sensors.map((s) => s.id);
  }

  /**
   * The analysis of everything seen so far (a finished copy of the live monitor) and its report,
   * made once per new data and shared by the plan and forecast routes.
   */
  snapshot(): { analysis: MonitorState; report: AnalysisReport } {
    const cached = this.snapshotOf;
    if (cached !== null && cached.monitor === this.monitor && cached.samples === this.monitor.samples)
      return cached;
    const analysis = analysisSoFar(this.monitor);
    this.snapshotOf = {
      monitor: this.monitor,
      samples: this.monitor.samples,
      analysis,
      report: buildReport(analysis),
    };
    return this.snapshotOf;
  }

  /**
   * The crew aboard as the monitor has it (a crew_count channel); before one has reported, the
   * demo scenario's crew while the demo feeds the monitor (a report-on-change channel is silent
   * when the demo starts mid-scenario); else undefined (the station's nominal crew).
   */
  crewAboard(analysis: MonitorState, demoCrew: number | undefined): number | undefined {
    if (Number.isFinite(analysis.crewCount)) return analysis.crewCount;
    return this.origin === 'demo' ? demoCrew : undefined;
  }

  subscribe(listener: (message: LiveMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  broadcast(message: LiveMessage): void {
    for (const listener of this.listeners) listener(message);
  }

  /** Starts the monitor afresh (new data source), from the station as it now is. */
  reset(station: Station, origin: Origin): void {
    this.monitor = createMonitor(station);
    this.origin = origin;
    this.alarmsSeen = 0;
    this.checksSeen = 0;
  }

  /** Stores and analyses a batch (values SI, channels index the station's sensors); in order. */
  ingest(batch: SampleColumns, origin: Origin): Promise<number> {
    const run = this.tail.then(() => this.process(batch, origin));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async process(batch: SampleColumns, origin: Origin): Promise<number> {
    if (batch.length === 0) return 0;
    await this.store.appendSamples(this.channels, batch);
    if (origin !== this.origin) {
      this.reset(this.station, origin);
      this.scheduleLeakState();
    }
    monitorBatch(this.monitor, inTimeOrder(batch));
    this.broadcast(this.latestValues(batch));
    const alarms = this.monitor.alarms.slice(this.alarmsSeen);
    this.alarmsSeen = this.monitor.alarms.length;
    for (const alarm of alarms)
      this.broadcast({ type: 'alarm', alarm: await this.store.addAlarm(stored(alarm, origin)) });
    const checks = this.monitor.timeline.checks.t.length;
    if (checks !== this.checksSeen || alarms.length > 0) {
      this.checksSeen = checks;
      this.scheduleLeakState();
    }
    return batch.length;
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
      this.tail = this.tail.then(() => this.publishLeakState()).catch(() => undefined);
    }, wait);
  }

  private async publishLeakState(): Promise<void> {
    this.lastLeakMs = Date.now();
    const state = leakState(this.monitor, this.origin);
    await this.store.saveAnalysis('leak-state', this.monitor.lastS, state);
    this.broadcast({ type: 'leak', state });
  }

  /** Publishes a pending leak state now and stops the timer (before the store closes). */
  async flush(): Promise<void> {
    if (this.leakTimer !== null) {
      clearTimeout(this.leakTimer);
      this.leakTimer = null;
      this.tail = this.tail.then(() => this.publishLeakState()).catch(() => undefined);
    }
    await this.tail;
  }

  /** The leak state now, or the last one saved when the monitor has seen nothing since start. */
  async currentLeakState(): Promise<LeakState | null> {
    if (this.monitor.samples > 0) return leakState(this.monitor, this.origin);
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
      channel: [] as string[],
      value: [] as number[],
    };
    for (const [k, i] of last) {
      const sensor = this.station.sensors[k];
      if (sensor === undefined) continue;
      out.time.push(batch.time[i] as number);
      out.channel.push(sensor.id);
      out.value.push(fromSI(batch.value[i] as number, sensor.unit));
    }
    return out;
  }
}

function stored(alarm: Alarm, origin: Origin) {
  const { time, kind, severity, message, ...rest } = alarm;
  return { time, kind, severity, message, detail: { ...rest, origin } };
}

/** The batch itself when already in time order, else a sorted copy (stable). */
function inTimeOrder(batch: SampleColumns): SampleColumns {
  let sorted = true;
  for (let i = 1; i < batch.length && sorted; i++)
    sorted = (batch.time[i] as number) >= (batch.time[i - 1] as number);
  if (sorted) return batch;
  const order = Array.from({ length: batch.length }, (_, i) => i).sort(
    (a, b) => (batch.time[a] as number) - (batch.time[b] as number) || a - b,
  );
  return {
    time: Float64Array.from(order, (i) => batch.time[i] as number),
    channel: Int32Array.from(order, (i) => batch.channel[i] as number),
    value: Float64Array.from(order, (i) => batch.value[i] as number),
    length: batch.length,
  };
}
