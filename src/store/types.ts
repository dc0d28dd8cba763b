/**
 * The store's vocabulary: one `Store` interface that the SQLite and PostgreSQL implementations
 * share (and one contract test checks). Times are epoch seconds (UTC); sample values are SI.
 */

/** Columnar samples; `channel[i]` indexes the `channels` names passed beside the batch. */
export interface SampleColumns {
  time: Float64Array;
  channel: Int32Array;
  value: Float64Array;
  length: number;
}

/** A series thinned for display: at most `size` points, each bucket's minimum and maximum kept. */
export interface ThinnedSeries {
  channel: string;
  time: number[];
  value: number[];
  /** `raw`: every sample in range; `minmax`: per-bucket extremes from samples; `rollup`: from 1-minute rollups. */
  source: 'raw' | 'minmax' | 'rollup';
}

export interface HistoryQuery {
  channel: string;
  startS: number;
  endS: number;
  /** Most points wanted (≥ 2). */
  size: number;
}

export type EventKind = 'hatch' | 'repair' | 'search-observation' | 'note' | 'plan-step';
export const EVENT_KINDS: readonly EventKind[] = [
  'hatch',
  'repair',
  'search-observation',
  'note',
  'plan-step',
];

/** Something an operator did or saw: a hatch operation, a repair, a search observation, a note, an isolation-test step done. */
export interface OperatorEvent {
  id: number;
  /** When it happened [epoch s]. */
  time: number;
  kind: EventKind;
  author: string;
  payload: Record<string, unknown>;
  /** When it was recorded [epoch s]. */
  recorded: number;
}

export type NewEvent = Omit<OperatorEvent, 'id'>;

/** An alarm as kept: what the monitor raised plus what operators did about it. */
export interface StoredAlarm {
  id: number;
  time: number;
  kind: string;
  severity: string;
  message: string;
  /** The monitor's alarm as it was raised (modules, channel, reserve time, evidence …). */
  detail: Record<string, unknown>;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  note: string | null;
  shelvedUntil: number | null;
  shelvedBy: string | null;
  /** When the monitor took the alarm back [epoch s, data time], and why (a drifting sensor's leak alarm). */
  withdrawnAt: number | null;
  withdrawnReason: string | null;
  /**
   * When the condition ended [epoch s, data time], and how (a stale channel reporting again): the
   * alarm stays active until acknowledged, marked returned to normal.
   */
  clearedAt: number | null;
  clearedReason: string | null;
}

/** What the monitor may mark on an alarm after raising it: taken back, or returned to normal. */
export type AlarmMark = 'withdrawn' | 'cleared';

export type NewAlarm = Pick<StoredAlarm, 'time' | 'kind' | 'severity' | 'message' | 'detail'>;

/** Results of one kind a store keeps (older ones are removed as new ones are saved). */
export const ANALYSES_KEPT = 100;

/** A result of the pipeline (leak state, isolation plan, search map, forecast …), newest wins. */
export interface AnalysisRecord {
  id: number;
  kind: string;
  time: number;
  payload: unknown;
}

export interface AlarmQuery {
  /** Only alarms not acknowledged, not withdrawn and not shelved at `nowS`. */
  activeAt?: number;
  limit?: number;
}

export interface EventQuery {
  kind?: EventKind;
  startS?: number;
  endS?: number;
  limit?: number;
}

/** What appendSamples stored. */
export interface AppendedSamples {
  /** Samples stored. */
  stored: number;
  /** Indices into the batch of the samples not stored: their channel has their time already. */
  duplicates: Uint32Array;
}

export interface SampleSpan {
  count: number;
  first: number | null;
  last: number | null;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Appends samples (one transaction: when it resolves they are durable). A channel holds one value
   * per time, the first one stored, in the samples and their rollups alike: a sample of a time the
   * channel already has (stored before, or sent earlier in the batch) is not stored, and is
   * reported among the duplicates. Assumes one writer per store (the server).
   */
  appendSamples(channels: readonly string[], batch: SampleColumns): Promise<AppendedSamples>;
  history(query: HistoryQuery): Promise<ThinnedSeries>;
  /**
   * The samples of the named channels with startS ≤ t < endS, in time order (a time's samples in
   * the store's channel order), as columns whose `channel` indexes `channels`; a name the store
   * has never seen reads none. Callers read long spans slice by slice (memory grows with the slice).
   */
  readSamples(channels: readonly string[], startS: number, endS: number): Promise<SampleColumns>;
  /** How many samples are kept for a channel (or all) and their time span. */
  sampleSpan(channel?: string): Promise<SampleSpan>;
  addEvent(event: NewEvent): Promise<OperatorEvent>;
  listEvents(query?: EventQuery): Promise<OperatorEvent[]>;
  /** The same alarm raised again (same time, kind and message, as a replayed feed raises it) is kept once. */
  addAlarm(alarm: NewAlarm): Promise<StoredAlarm>;
  getAlarm(id: number): Promise<StoredAlarm | null>;
  /** Newest first. */
  listAlarms(query?: AlarmQuery): Promise<StoredAlarm[]>;
  /**
   * Acknowledges an alarm not acknowledged yet; one already acknowledged keeps its first
   * acknowledgement (who, when, note) and is returned unchanged. Null when there is no such alarm.
   */
  acknowledgeAlarm(id: number, by: string, atS: number, note?: string): Promise<StoredAlarm | null>;
  shelveAlarm(id: number, by: string, untilS: number): Promise<StoredAlarm | null>;
  /**
   * Marks the alarm of this identity withdrawn or returned to normal by the monitor, at `atS` for
   * `reason`; null when there is no such alarm.
   */
  markAlarm(
    alarm: Pick<NewAlarm, 'time' | 'kind' | 'message'>,
    mark: AlarmMark,
    atS: number,
    reason: string,
  ): Promise<StoredAlarm | null>;
  /**
   * Puts the monitor's latest reading of a standing alarm (a rapid fall's rate, T1mm and reserve
   * time, as `detail.latest`) on the alarm of this identity; null when there is no such alarm.
   */
  updateAlarmReading(
    alarm: Pick<NewAlarm, 'time' | 'kind' | 'message'>,
    latest: Record<string, unknown>,
  ): Promise<StoredAlarm | null>;
  /**
   * Saves a result and keeps the newest ANALYSES_KEPT of its kind (the pipeline saves a leak state
   * of ~156 kB at every check: 288 a day, read back only as the newest).
   */
  saveAnalysis(kind: string, timeS: number, payload: unknown): Promise<AnalysisRecord>;
  latestAnalysis(kind: string): Promise<AnalysisRecord | null>;
  /** The newest results of a kind, newest first, at most `limit`. */
  recentAnalyses(kind: string, limit: number): Promise<AnalysisRecord[]>;
  /** Versions of the migrations applied, in order. */
  migrations(): Promise<number[]>;
  close(): Promise<void>;
}
