/** The dashboard's view of the server: typed fetches under /api/v1 and the live socket. */

export interface Channel {
  id: string;
  quantity: string;
  unit: string;
  module: string | null;
  hatch: string | null;
}

export interface Dictionary {
  station: { id: string; name: string };
  limits: { nominalMmHg: number; equipmentMmHg: number; crewHealthMmHg: number; evacuationMmHg: number };
  modules: { id: string; name: string; volumeM3: number }[];
  hatches: { id: string; between: [string, string] }[];
  channels: Channel[];
}

export interface GroupState {
  modules: string[];
  pressureMmHg: number | null;
  rateKgPerDay: number | null;
  rateKgPerDay90: [number, number] | null;
  /** Span of the rate's estimate, the monitor's trailing window [h] (absent in states saved before it). */
  windowH?: number | null;
  reserveTimeH: number | null;
  severity: string | null;
}

export interface LeakState {
  time: string | null;
  source: 'demo' | 'telemetry';
  hatches: { id: string; between: [string, string]; open: boolean }[];
  modules: { id: string; name: string; volumeM3: number; present: boolean }[];
  groups: GroupState[];
  leakingGroup: number | null;
  rateHistory: { t: number[]; tUtc: (string | null)[]; rate: number[]; low: number[]; high: number[] };
  /** Why GET plan and GET forecast would answer 409, null where they would answer (absent in states saved before it). */
  refusals?: { plan: string | null; forecast: string | null };
}

export interface Alarm {
  id: number;
  time: number;
  kind: string;
  severity: string;
  message: string;
  detail: {
    modules?: string[];
    channel?: string;
    reserveTimeMin?: number;
    /** Its 90 % interval [min] (the upper end null when the fall could be nil). */
    reserveTimeMin90?: [number, number | null];
    origin?: string;
    /** A standing rapid-depress alarm's latest reading (its severity held while the fall went on). */
    latest?: {
      time: number;
      message: string;
      reserveTimeMin: number;
      reserveTimeMin90?: [number, number | null];
      t1mmS: number;
      updates: number;
    };
  };
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  shelvedUntil: number | null;
  /** When the monitor took the alarm back (a drifting sensor's leak alarm), and why. */
  withdrawnAt: number | null;
  withdrawnReason: string | null;
  /** When the condition ended (a stale channel reporting again), and how: still to be acknowledged. */
  clearedAt: number | null;
  clearedReason: string | null;
}

export interface OperatorEvent {
  id: number;
  time: number;
  kind: string;
  author: string;
  payload: Record<string, unknown>;
}

export interface Health {
  demo: { phase: string; time: string; scenario: string; speed: number } | null;
  monitor: {
    samples: number;
    source: string;
    /** A restart's replay of stored telemetry into the monitor, else null. */
    resumed: { from: string; to: string; samples: number; done: boolean } | null;
  };
}

export interface PlanGroup {
  modules: string[];
  probability: number;
  crewed: boolean;
  thresholdKgPerDay: number;
  thresholdDropMmHg: number;
  dropIfLeakMmHg: number[];
}

export interface PlanTest {
  close: string[];
  crewIn: string[];
  generatorsOff: string[];
  durationH: number;
  decisionRule: { rule: string; groups: PlanGroup[] };
  errorProbability: number;
  informationBits: number;
}

/** GET /api/v1/plan (the JSON of `airtight plan --json`). */
export interface Plan {
  at: string | null;
  posterior: Record<string, number>;
  none: number;
  several: number;
  holdsLeak: Record<string, number>;
  leak: { rateKgPerDay: number; rateKgPerDay90: [number, number] };
  next: PlanTest | null;
  reason: string;
  expectedRemainingTests: number;
  expectedRemainingHours: number;
}

export interface DaysQuantiles {
  p10: number | null;
  p50: number | null;
  p90: number | null;
}

export interface GasForecast {
  initialKg: number;
  floorKg: number;
  netUseKgPerDay: number;
  daysToFloor: DaysQuantiles;
  daysToEmpty: DaysQuantiles;
  breachProbability: number;
  fan: { p10: number[]; p50: number[]; p90: number[] };
}

/** GET /api/v1/forecast. */
export interface Forecast {
  at: string | null;
  start: string;
  horizonDays: number;
  paths: number;
  /** The leak the paths draw: normal, mean the monitor's rate (0 if it reads a gain), sd from its 90 % interval. */
  leak: { meanKgPerDay: number; sdKgPerDay: number; rateKgPerDay90: [number, number]; module: string | null };
  policy: { o2ReserveDays: number; crew: number; n2RepressModule: string | null };
  day: number[];
  o2: GasForecast;
  n2: GasForecast;
}

export type LiveMessage =
  | { type: 'values'; time: number[]; timeUtc: (string | null)[]; channel: string[]; value: number[] }
  | { type: 'leak'; state: LeakState }
  | { type: 'alarm'; alarm: Alarm }
  | { type: 'alarm-update'; alarm: Alarm }
  | { type: 'demo'; running: boolean; note: string }
  | { type: 'dropped'; count: number; total: number };

const TOKEN_KEY = 'airtight.token';

export const token = {
  get: (): string => localStorage.getItem(TOKEN_KEY) ?? '',
  set: (value: string): void => localStorage.setItem(TOKEN_KEY, value),
};

export async function getJson<T>(path: string): Promise<T> {
  const answer = await fetch(`api/v1/${path}`);
  if (!answer.ok) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
  return (await answer.json()) as T;
}

/** A GET that may be refused for a reason (409 …): the value, or the server's one-line reason. */
export async function getOrReason<T>(path: string): Promise<{ value: T } | { reason: string }> {
  const answer = await fetch(`api/v1/${path}`);
  if (answer.ok) return { value: (await answer.json()) as T };
  const text = await answer.text();
  try {
    return { reason: String((JSON.parse(text) as { error?: string }).error ?? `${answer.status}`) };
  } catch {
    return { reason: `${answer.status} ${text}` };
  }
}

/** POSTs with the operator's token; rejects with the server's one-line error. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const answer = await fetch(`api/v1/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token.get()}` },
    body: JSON.stringify(body),
  });
  const json = (await answer.json()) as T & { error?: string };
  if (!answer.ok) throw new Error(json.error ?? `${answer.status}`);
  return json;
}

/** Connects the live socket, reconnecting after a drop; `onStatus` hears up/down. */
export function connectLive(onMessage: (m: LiveMessage) => void, onStatus: (up: boolean) => void): void {
  const url = new URL('api/v1/live', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url);
  socket.onopen = () => onStatus(true);
  socket.onmessage = (event) => onMessage(JSON.parse(event.data as string) as LiveMessage);
  socket.onclose = () => {
    onStatus(false);
    setTimeout(() => connectLive(onMessage, onStatus), 2000);
  };
}
