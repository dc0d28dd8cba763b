/**
 * The monitor worker's thread (started by monitor-worker.ts): holds the leak monitor's state, runs
 * each batch through the `monitorBatch` reducer in arrival order, and answers each reset and batch
 * with its new alarms and those it withdrew, and each leak-state or snapshot request with what the routes read.
 */
import { parentPort } from 'node:worker_threads';
import {
  analysisSoFar,
  buildReport,
  createMonitor,
  type MonitorState,
  monitorBatch,
} from '../monitor/index.js';
import type { SampleColumns } from '../store/index.js';
import { leakState } from './leak-state.js';
import type { MonitorSnapshot, Origin, WorkerReply, WorkerRequest } from './monitor-worker.js';
import { REFUSALS_EVERY_MS, refusalsOf } from './refusals.js';

const port = parentPort;
if (port === null) throw new Error('monitor-worker-entry.js runs in a worker thread (see monitor-worker.ts)');

let monitor: MonitorState | null = null;
let origin: Origin = 'telemetry';
let alarmsSeen = 0;
let updatesSeen = 0;
let checksSeen = 0;
/** The last snapshot made, of which monitor and data, and when [wall ms]. */
let snapshotOf: { monitor: MonitorState; samples: number; atMs: number; snapshot: MonitorSnapshot } | null =
  null;

const reply = (message: WorkerReply): void => port.postMessage(message);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'reset' || message.type === 'batch') {
    let error: string | null = null;
    let alarms: MonitorState['alarms'] = [];
    let updated: MonitorState['alarms'] = [];
    let checked = false;
    try {
      if (message.type === 'reset') {
        monitor = createMonitor(message.station);
        origin = message.origin;
        alarmsSeen = 0;
        updatesSeen = 0;
        checksSeen = 0;
      } else if (monitor !== null) {
        monitorBatch(monitor, inTimeOrder(message));
        alarms = monitor.alarms.slice(alarmsSeen);
        alarmsSeen = monitor.alarms.length;
        const taken = [...new Set(monitor.updated.slice(updatesSeen))];
        updated = taken.map((i) => monitor?.alarms[i] as MonitorState['alarms'][number]);
        updatesSeen = monitor.updated.length;
        checked = monitor.timeline.checks.t.length !== checksSeen;
        checksSeen = monitor.timeline.checks.t.length;
      }
    } catch (caught) {
      error = messageOf(caught);
    }
    reply({
      type: 'done',
      length: message.type === 'batch' ? message.length : 0,
      samples: monitor?.samples ?? 0,
      origin,
      alarms,
      updated,
      checked,
      replay: message.type === 'batch' && message.replay,
      error,
    });
    return;
  }
  try {
    if (monitor === null) throw new Error('no monitor yet');
    const value = message.type === 'leak-state' ? leakStateNow(monitor, message.exact) : snapshot(monitor);
    reply({ type: 'answer', id: message.id, value });
  } catch (caught) {
    reply({ type: 'answer', id: message.id, error: messageOf(caught) });
  }
});

/**
 * The leak state with what the plan and the forecast would answer, read from the report of this
 * very data (made when `exact`, or when the last one is `REFUSALS_EVERY_MS` old), else from the
 * last report made while data streams in: a report finishes a copy of the monitor, about 0.1 s for
 * a month's watch, and a fast feed asks for a leak state each second.
 */
function leakStateNow(live: MonitorState, exact: boolean) {
  const last = snapshotOf?.monitor === live ? snapshotOf : null;
  const stale =
    !exact && last !== null && last.samples !== live.samples && Date.now() - last.atMs < REFUSALS_EVERY_MS;
  const report = stale && last !== null ? last.snapshot.report : snapshot(live).report;
  return { state: leakState(live, origin, refusalsOf(report)), lastS: live.lastS, refusalsCurrent: !stale };
}

/** The analysis of everything seen so far (a finished copy of the monitor), once per new data. */
function snapshot(live: MonitorState): MonitorSnapshot {
  if (snapshotOf?.monitor === live && snapshotOf.samples === live.samples) return snapshotOf.snapshot;
  const analysis = analysisSoFar(live);
  const { station, present, hatchOpen, segments, crewCount } = analysis;
  snapshotOf = {
    monitor: live,
    samples: live.samples,
    atMs: Date.now(),
    snapshot: {
      // the server draws no plot: the checks kept for one stay in this thread
      analysis: {
        station,
        present,
        hatchOpen,
        segments: segments.map((s) => ({ ...s, checks: [] })),
        crewCount,
      },
      report: buildReport(analysis),
    },
  };
  return snapshotOf.snapshot;
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
