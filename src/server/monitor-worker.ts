/**
 * The leak monitor in a worker thread, owned by the pipeline. The request thread stores a batch,
 * acknowledges it, and hands its columns to the worker (transferred, not copied); the worker holds
 * the monitor's state and runs the same `monitorBatch` reducer on its own core, in arrival order,
 * and posts back what the pipeline acts on: each batch's new alarms and whether a check completed,
 * and answers to leak-state and analysis requests (which queue behind the batches posted before
 * them, so they see every acknowledged sample).
 *
 * Back-pressure: `room()` holds an ingest, before its store write, until the monitor is at most
 * `backlog` samples behind; a feed that posts one batch at a time feels this as slower
 * acknowledgements. When the monitor stays behind past the request's deadline, the batch is
 * refused (503 with Retry-After) unstored, so nothing acknowledged goes unanalysed.
 */
import { Worker } from 'node:worker_threads';
import type { Station } from '../core/index.js';
import type { Alarm, AnalysisReport, MonitorState } from '../monitor/index.js';
import type { SampleColumns } from '../store/index.js';
import type { LeakState } from './leak-state.js';
import { HttpError } from './request-errors.js';

export type Origin = 'demo' | 'telemetry';

/** What the plan and forecast routes read of the analysis so far (a finished copy of the monitor). */
export type MonitorAnalysis = Pick<
  MonitorState,
  'station' | 'present' | 'hatchOpen' | 'segments' | 'crewCount'
>;

export interface MonitorSnapshot {
  analysis: MonitorAnalysis;
  report: AnalysisReport;
}

/** Messages to the worker thread. */
export type WorkerRequest =
  | { type: 'reset'; station: Station; origin: Origin }
  | {
      type: 'batch';
      time: Float64Array;
      channel: Int32Array;
      value: Float64Array;
      length: number;
      /** Stored samples replayed at a restart (their outcome is echoed as such). */
      replay: boolean;
    }
  | { type: 'snapshot'; id: number }
  /** `exact`: the refusals from a report of this very data, else one at most `REFUSALS_EVERY_MS` old. */
  | { type: 'leak-state'; id: number; exact: boolean };

/** The worker's answer to each reset and batch, in order. */
export interface BatchDone {
  type: 'done';
  length: number;
  /** Samples the monitor has accepted since its last reset. */
  samples: number;
  origin: Origin;
  alarms: Alarm[];
  /**
   * Alarms raised before and withdrawn, returned to normal or read anew in this batch (each with
   * its `withdrawn`, `cleared` or `latest`), each once.
   */
  updated: Alarm[];
  /** A leak check completed (the leak state changed). */
  checked: boolean;
  /** The batch was stored samples replayed at a restart (false for a reset). */
  replay: boolean;
  error: string | null;
}

export type WorkerReply = BatchDone | { type: 'answer'; id: number; value?: unknown; error?: string };

export interface MonitorWorkerOptions {
  /** Samples the monitor may be behind before an ingest waits. */
  backlog: number;
  /** Called on the request thread with each batch's outcome, in order. */
  onBatch: (done: BatchDone) => void;
}

/** Seconds a refused ingest is told to wait before retrying. */
export const RETRY_AFTER_S = 2;

export class MonitorWorker {
  /** Samples the monitor has accepted since its last reset, as of the last batch it finished. */
  samples = 0;
  /** The last batch the monitor could not take, or why the worker stopped; null when all is well. */
  error: string | null = null;
  private readonly worker: Worker;
  /** Resets and batches posted and not yet done, oldest first: sample count and when posted [ms]. */
  private readonly inFlight: { length: number; atMs: number }[] = [];
  private behind = 0;
  private posted = 0;
  private nextId = 1;
  private readonly requests = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >();
  /** The ingest waiting for room: called with nothing when there is, with the error when not. */
  private roomWaiter: ((error?: HttpError) => void) | null = null;
  private settledWaiters: (() => void)[] = [];
  private snapshotOf: { posted: number; answer: Promise<MonitorSnapshot> } | null = null;
  /** Why the worker is gone (closed, or failed), or null while it runs. */
  private stopped: string | null = null;

  constructor(
    station: Station,
    origin: Origin,
    private readonly options: MonitorWorkerOptions,
  ) {
    this.worker = startWorker();
    this.worker.on('message', (message: WorkerReply) => this.receive(message));
    this.worker.on('error', (error) => this.fail(error.message));
    this.worker.on('exit', (code) => this.fail(`the monitor's worker thread exited (code ${code})`));
    this.reset(station, origin);
    this.holdProcess();
  }

  /** How far the monitor is behind the acknowledged data: samples, and the wait of the oldest [s]. */
  lag(): { samples: number; seconds: number } {
    const oldest = this.inFlight[0];
    return {
      samples: this.behind,
      seconds: oldest === undefined ? 0 : Math.round(performance.now() - oldest.atMs) / 1000,
    };
  }

  /** Starts the monitor afresh on `station` (after the batches posted before). */
  reset(station: Station, origin: Origin): void {
    this.send({ type: 'reset', station, origin }, 0);
  }

  /**
   * Hands a batch to the monitor (`replay`: stored samples replayed at a restart); its arrays are
   * transferred (unusable here afterwards) when whole.
   */
  post(batch: SampleColumns, replay = false): void {
    const taken = new Set<ArrayBufferLike>();
    const time = transferable(batch.time, batch.length, taken);
    const channel = transferable(batch.channel, batch.length, taken);
    const value = transferable(batch.value, batch.length, taken);
    this.send({ type: 'batch', time, channel, value, length: batch.length, replay }, batch.length, [
      time.buffer as ArrayBuffer,
      channel.buffer as ArrayBuffer,
      value.buffer as ArrayBuffer,
    ]);
  }

  /**
   * Resolves when the monitor is at most `backlog` samples behind; rejects with 503 (Retry-After)
   * if it is not by `deadlineMs` (performance.now() time; Infinity waits as long as it takes), or
   * when the worker has stopped.
   */
  room(deadlineMs: number): Promise<void> {
    if (this.stopped !== null) return Promise.reject(this.unavailable());
    if (this.behind <= this.options.backlog) return Promise.resolve();
    const wait = deadlineMs - performance.now();
    if (wait <= 0) return Promise.reject(this.busy());
    return new Promise((resolve, reject) => {
      const done = (error?: HttpError): void => {
        clearTimeout(timer);
        this.roomWaiter = null;
        if (error === undefined) resolve();
        else reject(error);
      };
      const timer = Number.isFinite(wait) ? setTimeout(() => done(this.busy()), wait) : undefined;
      this.roomWaiter = done;
    });
  }

  /** Resolves when the monitor has taken everything posted (or its worker has stopped). */
  settled(): Promise<void> {
    if (this.inFlight.length === 0 || this.stopped !== null) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /**
   * The leak state after everything posted so far, and the time of its last sample [epoch s]. Its
   * refusals are read from a report of the same data when `exact`, else from one made at most
   * `REFUSALS_EVERY_MS` before while data came in (`refusalsCurrent` says which it got).
   */
  leakState(exact = true): Promise<{ state: LeakState; lastS: number; refusalsCurrent: boolean }> {
    return this.request('leak-state', exact);
  }

  /** The analysis of everything posted so far and its report, made once per new data. */
  snapshot(): Promise<MonitorSnapshot> {
    if (this.snapshotOf?.posted !== this.posted) {
      const answer = this.request<MonitorSnapshot>('snapshot');
      this.snapshotOf = { posted: this.posted, answer };
      answer.catch(() => {
        if (this.snapshotOf?.answer === answer) this.snapshotOf = null;
      });
    }
    return this.snapshotOf.answer;
  }

  /** Stops the worker (what it has not taken is dropped: call `settled()` first). */
  async close(): Promise<void> {
    if (this.stopped !== null) return;
    this.fail('closed');
    this.error = null;
    await this.worker.terminate();
  }

  private send(message: WorkerRequest, length: number, transfer: ArrayBuffer[] = []): void {
    if (this.stopped !== null) throw this.unavailable();
    this.inFlight.push({ length, atMs: performance.now() });
    this.behind += length;
    this.posted++;
    this.worker.postMessage(message, transfer);
    this.holdProcess();
  }

  private request<T>(type: 'leak-state' | 'snapshot', exact = true): Promise<T> {
    if (this.stopped !== null) return Promise.reject(this.unavailable());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.requests.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage(
        (type === 'snapshot' ? { type, id } : { type, id, exact }) satisfies WorkerRequest,
      );
      this.holdProcess();
    });
  }

  private receive(message: WorkerReply): void {
    if (message.type === 'answer') {
      const pending = this.requests.get(message.id);
      this.requests.delete(message.id);
      if (message.error !== undefined) pending?.reject(new Error(`leak monitor: ${message.error}`));
      else pending?.resolve(message.value);
      this.holdProcess();
      return;
    }
    this.inFlight.shift();
    this.behind -= message.length;
    this.samples = message.samples;
    if (message.error !== null) this.error = message.error;
    this.options.onBatch(message);
    if (this.roomWaiter !== null && this.behind <= this.options.backlog) this.roomWaiter();
    if (this.inFlight.length === 0) for (const resolve of this.settledWaiters.splice(0)) resolve();
    this.holdProcess();
  }

  /** The thread keeps the process alive only while it has work (an idle server may exit). */
  private holdProcess(): void {
    if (this.inFlight.length > 0 || this.requests.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  private fail(reason: string): void {
    if (this.stopped !== null) return;
    this.stopped = reason;
    this.error = reason;
    for (const pending of this.requests.values()) pending.reject(this.unavailable());
    this.requests.clear();
    this.roomWaiter?.(this.unavailable());
    for (const resolve of this.settledWaiters.splice(0)) resolve();
  }

  private busy(): HttpError {
    return new HttpError(
      503,
      `the leak monitor is ${this.behind} samples behind (${this.lag().seconds} s); retry later`,
      { 'retry-after': String(RETRY_AFTER_S) },
    );
  }

  private unavailable(): HttpError {
    return new HttpError(503, `the leak monitor is not running (${this.stopped})`, {
      'retry-after': String(RETRY_AFTER_S),
    });
  }
}

/**
 * The worker thread: the compiled entry next to this file in dist/; from the TypeScript sources
 * (vitest) the .ts entry, transpiled in the worker by test/typescript-hooks.mjs.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.js')) return new Worker(new URL('./monitor-worker-entry.js', here));
  const hooks = new URL('../../test/typescript-hooks.mjs', here).href;
  const entry = new URL('./monitor-worker-entry.ts', here).href;
  const boot = `import { register } from 'node:module';
register(${JSON.stringify(hooks)});
await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
}

/** The array itself when it owns its whole buffer (and no other column shares it), else a copy. */
function transferable<T extends Float64Array | Int32Array>(
  array: T,
  n: number,
  taken: Set<ArrayBufferLike>,
): T {
  const whole =
    array.buffer instanceof ArrayBuffer &&
    array.byteOffset === 0 &&
    array.length === n &&
    array.byteLength === array.buffer.byteLength &&
    !taken.has(array.buffer);
  const out = whole ? array : (array.slice(0, n) as T);
  taken.add(out.buffer);
  return out;
}
