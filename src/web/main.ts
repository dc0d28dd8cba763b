/**
 * The flight controller's console: station topology, telemetry and leak-rate charts, alarms with
 * acknowledge/shelve, search-observation logging, the next isolation test as a checklist and the
 * gas-reserve forecast, kept current by the live socket (plan and forecast are refetched, throttled,
 * as the leak estimate moves). Updates only mark what changed; one animation frame redraws it.
 */
import {
  type Alarm,
  connectLive,
  type Dictionary,
  type Forecast,
  getJson,
  getOrReason,
  type Health,
  type LeakState,
  type LiveMessage,
  type OperatorEvent,
  type Plan,
  postJson,
  token,
} from './api.js';
import { ChannelChart, RateChart } from './charts.js';
import { ForecastChart, renderForecastFigures } from './forecast.js';
import { groupLine, renderAlarms, renderEvents } from './panels.js';
import { type PlanView, renderPlan } from './plan.js';
import { SearchPanel } from './search-panel.js';
import { installSyntheticData } from './synthetic.js';
import { drawTopology } from './topology.js';
import './style.css';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const WINDOW_S = 24 * 3600;
const QUANTITIES = ['pressure', 'ppN2', 'temperature'] as const;

let dictionary: Dictionary;
let leak: LeakState | null = null;
let alarms: Alarm[] = [];
let events: OperatorEvent[] = [];
let dataEndS = 0;
let planView: PlanView = null;
let forecast: Forecast | null = null;
const dirty = { topology: false, alarms: false, events: false, plan: false, forecast: false };
let frameRequested = false;
let resized = false;
/** `?synthetic=<points>`: the telemetry charts show that many synthetic points each (bench/dashboard.ts). */
const SYNTHETIC_POINTS = Number(new URLSearchParams(location.search).get('synthetic') ?? 0) || 0;
const alarmTimes = (): number[] => alarms.map((a) => a.time);
const charts = new Map<string, ChannelChart>();
let rateChart: RateChart;
let forecastChart: ForecastChart;
let searchPanel: SearchPanel;

/** Shows a progress bar for work that takes longer than a moment. */
const running = new Map<number, string>();
let nextJob = 0;
function showProgress(): void {
  const texts = [...running.values()];
  $('progress').hidden = texts.length === 0;
  $('progress-text').textContent = texts.join(' · ');
}
async function withProgress<T>(label: string, work: Promise<T>): Promise<T> {
  const job = nextJob++;
  const timer = setTimeout(() => {
    running.set(job, label);
    showProgress();
  }, 300);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    running.delete(job);
    showProgress();
  }
}

function requestFrame(): void {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(() => {
    frameRequested = false;
    if (resized) {
      resized = false;
      for (const chart of charts.values()) chart.resize();
      dirty.topology = true;
      rateChart.resize();
      forecastChart.resize();
      searchPanel.resize();
    }
    for (const chart of charts.values()) chart.redraw();
    rateChart.redraw();
    forecastChart.redraw();
    searchPanel.redraw();
    const holdsLeak = planView !== null && 'plan' in planView ? planView.plan.holdsLeak : null;
    if ((dirty.topology || dirty.plan) && leak !== null) {
      drawTopology($<HTMLElement>('topology') as unknown as SVGSVGElement, leak, holdsLeak);
      $('topology-note').textContent =
        holdsLeak === null
          ? 'hatches open/closed · groups tinted by P(losing gas)'
          : 'hatches open/closed · modules tinted by P(holds the leak) from the plan, relative to the likeliest';
      renderGroups(leak);
    }
    if (dirty.plan || dirty.events) renderPlan($('plan-panel'), planView, events, tick);
    if (dirty.alarms) {
      renderAlarms($('alarms'), alarms, Date.now() / 1000, { acknowledge, shelve });
      const active = alarms.filter((a) => a.acknowledgedAt === null && a.withdrawnAt === null).length;
      $('alarm-count').textContent = `${active} unacknowledged of ${alarms.length}`;
    }
    if (dirty.events) renderEvents($('events'), events);
    dirty.topology = dirty.alarms = dirty.events = dirty.plan = dirty.forecast = false;
  });
}

function renderGroups(state: LeakState): void {
  $('data-time').textContent =
    state.time === null ? 'no data yet' : `data ${state.time.slice(0, 19).replace('T', ' ')}Z`;
  const lines = state.groups
    .filter((g) => g.rateKgPerDay !== null)
    .sort((a, b) => (b.rateKgPerDay ?? 0) - (a.rateKgPerDay ?? 0))
    .slice(0, 4)
    .map((g) => groupLine(g, dictionary.limits.evacuationMmHg));
  $('groups').innerHTML = '';
  if (lines.length > 0 && state.time !== null) {
    // which estimate these are: the plan's and the search's leak rates are others (their panels say)
    const head = document.createElement('div');
    head.className = 'groups-head';
    head.textContent = `each group's rate over the monitor's trailing window, data to ${state.time.slice(11, 16)}Z:`;
    $('groups').append(head);
  }
  for (const line of lines) {
    const div = document.createElement('div');
    div.textContent = line;
    $('groups').append(div);
  }
}

function onLeak(state: LeakState): void {
  leak = state;
  if (state.time !== null) dataEndS = Math.max(dataEndS, Date.parse(state.time) / 1000);
  rateChart.set(state.rateHistory);
  leakUpdates++;
  $('demo').textContent = state.source === 'demo' ? 'DEMO data' : 'live telemetry';
  dirty.topology = true;
  requestFrame();
}

function upsertAlarm(alarm: Alarm): void {
  const i = alarms.findIndex((a) => a.id === alarm.id);
  if (i >= 0) alarms[i] = alarm;
  else alarms.unshift(alarm);
  dirty.alarms = true;
  requestFrame();
}

async function acknowledge(alarm: Alarm): Promise<void> {
  try {
    upsertAlarm((await postJson<{ alarm: Alarm }>(`alarms/${alarm.id}/acknowledge`, {})).alarm);
  } catch (error) {
    alert(`Acknowledge failed: ${(error as Error).message}`);
  }
}

async function shelve(alarm: Alarm, minutes: number): Promise<void> {
  try {
    upsertAlarm((await postJson<{ alarm: Alarm }>(`alarms/${alarm.id}/shelve`, { minutes })).alarm);
  } catch (error) {
    alert(`Shelve failed: ${(error as Error).message}`);
  }
}

/** The leak estimate moved since the plan and the forecast were last fetched (counts updates). */
let leakUpdates = 0;
const fetched = {
  plan: { at: -Infinity, updates: -1, busy: false },
  forecast: { at: -Infinity, updates: -1, busy: false },
};

async function loadPlan(): Promise<void> {
  const f = fetched.plan;
  f.busy = true;
  f.at = performance.now();
  f.updates = leakUpdates;
  try {
    const answer = await withProgress('computing the isolation plan', getOrReason<Plan>('plan'));
    planView = 'value' in answer ? { plan: answer.value } : answer;
    if ('value' in answer) {
      // the search map shows the module likeliest to hold the leak (until the operator picks one)
      const holds = Object.entries(answer.value.holdsLeak).sort((a, b) => b[1] - a[1]);
      searchPanel.suggest(holds.map(([id]) => id));
      searchPanel.refresh();
    }
  } catch (error) {
    planView = { reason: `plan not loaded: ${(error as Error).message}` };
  } finally {
    f.busy = false;
  }
  dirty.plan = true;
  requestFrame();
}

async function loadForecast(): Promise<void> {
  const f = fetched.forecast;
  f.busy = true;
  f.at = performance.now();
  f.updates = leakUpdates;
  try {
    const answer = await withProgress('running the reserve forecast', getOrReason<Forecast>('forecast'));
    if ('value' in answer) {
      forecast = answer.value;
      forecastChart.set(forecast);
      renderForecastFigures($<HTMLTableElement>('forecast-days'), $('forecast-note'), forecast);
      $('forecast-status').textContent = '';
      $('forecast-panel').dataset.state = 'forecast';
    } else if (forecast === null) {
      $('forecast-status').textContent = answer.reason;
      $('forecast-panel').dataset.state = 'none';
    }
  } catch (error) {
    $('forecast-status').textContent = `forecast not loaded: ${(error as Error).message}`;
  } finally {
    f.busy = false;
  }
  requestFrame();
}

/**
 * Refetches the plan (every 15 s, 4 s while there is none) and the forecast (15 s / 5 s) when the
 * leak moved, unless the leak state says they would refuse (then its reason shows, unasked; a
 * forecast already drawn stays, as when it is refused).
 */
function refreshPlanAndForecast(): void {
  const now = performance.now();
  const refusals = leak?.refusals;
  if (
    refusals?.plan != null &&
    !(planView !== null && 'reason' in planView && planView.reason === refusals.plan)
  ) {
    planView = { reason: refusals.plan };
    dirty.plan = true;
    requestFrame();
  }
  if (
    refusals?.forecast != null &&
    forecast === null &&
    $('forecast-status').textContent !== refusals.forecast
  ) {
    $('forecast-status').textContent = refusals.forecast;
    $('forecast-panel').dataset.state = 'none';
  }
  const due = (f: (typeof fetched)['plan'], waitMs: number, refusal: string | null | undefined) =>
    leak !== null && refusal == null && !f.busy && f.updates !== leakUpdates && now - f.at > waitMs;
  if (due(fetched.plan, planView !== null && 'plan' in planView ? 15_000 : 4_000, refusals?.plan))
    void loadPlan();
  if (due(fetched.forecast, forecast !== null ? 15_000 : 5_000, refusals?.forecast)) void loadForecast();
}

/** A ticked (or unticked) step of the next test is logged as a plan-step event. */
function tick(step: number, text: string, testClose: string[], done: boolean, box: HTMLInputElement): void {
  box.disabled = true;
  postJson<{ event: OperatorEvent }>('events', { kind: 'plan-step', step, text, testClose, done })
    .then(({ event }) => {
      events.push(event);
      dirty.events = true;
      $('plan-result').textContent = `step ${step + 1} logged #${event.id}`;
      requestFrame();
    })
    .catch((error: Error) => {
      box.checked = !done;
      box.disabled = false;
      $('plan-result').textContent = `not logged: ${error.message}`;
    });
}

const lastReload = new Map<string, number>();
async function loadHistory(quantity: string): Promise<void> {
  const chart = charts.get(quantity);
  if (SYNTHETIC_POINTS > 0) return;
  const channel = dictionary.channels.find((c) => c.id === $<HTMLSelectElement>(`select-${quantity}`).value);
  if (chart === undefined || channel === undefined || dataEndS === 0) return;
  lastReload.set(quantity, performance.now());
  const size = 2 * Math.max(300, chart.element.clientWidth);
  // zoomed in: a finer history of the window shown, in place of the coarse samples there
  const zoom = chart.channel === channel.id ? chart.shown : null;
  const [start, end] = zoom === null ? [dataEndS - WINDOW_S, dataEndS + 1] : [zoom[0], zoom[1] + 1];
  const h = await withProgress(
    `loading ${channel.id}`,
    getJson<{ unit?: string; time: number[]; value: number[] }>(
      `history?channel=${encodeURIComponent(channel.id)}&start=${Math.floor(start)}&end=${Math.ceil(end)}&size=${size}`,
    ),
  );
  // the operator zoomed again (or out) while this was on its way: that fetch will follow
  if (chart.shown !== zoom) return;
  if (zoom === null) chart.load(channel.id, h.unit ?? channel.unit, h.time, h.value);
  else chart.loadDetail(h.time, h.value, zoom[0], zoom[1]);
  requestFrame();
}

/** A zoom (or a return to all the data) refetches that chart's history a quarter-second later. */
const zoomTimers = new Map<string, ReturnType<typeof setTimeout>>();
function onWindow(quantity: string): void {
  clearTimeout(zoomTimers.get(quantity));
  zoomTimers.set(
    quantity,
    setTimeout(() => void loadHistory(quantity), 250),
  );
}

function onValues(m: Extract<LiveMessage, { type: 'values' }>): void {
  for (let i = 0; i < m.channel.length; i++) {
    const t = m.time[i] as number;
    dataEndS = Math.max(dataEndS, t);
    for (const [quantity, chart] of charts)
      if (chart.channel === m.channel[i]) {
        chart.append(t, m.value[i] as number);
        // past the point budget, ask the server for a thinned window again (at most every 5 s)
        if (
          chart.time.length > chart.pointBudget &&
          performance.now() - (lastReload.get(quantity) ?? 0) > 5000
        )
          void loadHistory(quantity);
      }
  }
  requestFrame();
}

function onMessage(m: LiveMessage): void {
  switch (m.type) {
    case 'values':
      onValues(m);
      break;
    case 'leak':
      onLeak(m.state);
      break;
    case 'alarm':
    case 'alarm-update':
      upsertAlarm(m.alarm);
      break;
    case 'demo':
      $('demo').textContent = m.note;
      break;
    case 'dropped':
      $('drops').hidden = false;
      $('drops').textContent = `${m.total} updates dropped (slow link)`;
      break;
  }
}

async function pollHealth(): Promise<void> {
  const health = await getJson<Health>('health');
  const demo = health.demo;
  if (demo !== null && (demo.phase === 'fast-forward' || demo.phase === 'warm-up')) {
    running.set(-1, `demo ${demo.scenario}: ${demo.phase} at ${demo.time.slice(0, 16)}Z`);
  } else running.delete(-1);
  if (demo !== null && demo.phase === 'live') $('demo').classList.add('live');
  const resumed = health.monitor.resumed;
  if (resumed !== null && !resumed.done)
    running.set(
      -2,
      `resuming the watch: replaying stored telemetry from ${resumed.from.slice(0, 16)}Z to ${resumed.to.slice(0, 16)}Z (${resumed.samples.toLocaleString('en-US')} samples)`,
    );
  else running.delete(-2);
  showProgress();
}

async function start(): Promise<void> {
  $<HTMLInputElement>('token').value = token.get();
  $<HTMLInputElement>('token').addEventListener('change', (e) =>
    token.set((e.target as HTMLInputElement).value.trim()),
  );
  dictionary = await withProgress('loading the station', getJson<Dictionary>('dictionary'));
  $('station').textContent = dictionary.station.name;
  rateChart = new RateChart($('chart-rate'), alarmTimes);
  forecastChart = new ForecastChart($('chart-forecast'));
  for (const quantity of QUANTITIES) {
    const select = $<HTMLSelectElement>(`select-${quantity}`);
    for (const c of dictionary.channels.filter((ch) => ch.quantity === quantity)) {
      const option = document.createElement('option');
      option.value = c.id;
      option.textContent = `${c.id}${c.module ? ` (${c.module})` : ''}`;
      select.append(option);
    }
    charts.set(
      quantity,
      new ChannelChart($(`chart-${quantity}`), quantity, alarmTimes, requestFrame, () => onWindow(quantity)),
    );
    select.addEventListener('change', () => void loadHistory(quantity));
  }
  searchPanel = new SearchPanel($('search-panel'), {
    withProgress,
    requestFrame,
    dataTime: () => leak?.time ?? null,
    onEvent: (event) => {
      events.push(event);
      dirty.events = true;
      requestFrame();
    },
  });
  const searchModules = searchPanel.start();
  const [leakAnswer, alarmAnswer, eventAnswer] = await withProgress(
    'loading state',
    Promise.all([
      getJson<{ state: LeakState | null }>('leak'),
      getJson<{ alarms: Alarm[] }>('alarms'),
      getJson<{ events: OperatorEvent[] }>('events?limit=500'),
    ]),
  );
  alarms = alarmAnswer.alarms;
  events = eventAnswer.events;
  dirty.alarms = dirty.events = true;
  if (leakAnswer.state !== null) onLeak(leakAnswer.state);
  // the search map starts on the module losing gas (the plan's likeliest module takes over when it comes)
  await searchModules;
  searchPanel.suggest(leakAnswer.state?.groups[leakAnswer.state.leakingGroup ?? -1]?.modules ?? []);
  dirty.plan = true;
  refreshPlanAndForecast();
  await Promise.all(QUANTITIES.map((q) => loadHistory(q)));
  requestFrame();
  requestAnimationFrame(() => {
    performance.mark('airtight-first-paint');
    document.body.dataset.ready = '1';
  });
  connectLive(onMessage, (up) => {
    $('link').textContent = up ? 'live' : 'reconnecting…';
    $('link').className = `badge ${up ? 'live' : 'bad'}`;
  });
  // the window slides with the data: refetch each chart's thinned history every 10 s (live values
  // fill in between), and at once for a chart with no data yet (the demo still warming up)
  setInterval(() => {
    for (const q of QUANTITIES)
      if (charts.get(q)?.time.length === 0 || performance.now() - (lastReload.get(q) ?? 0) > 10_000)
        void loadHistory(q);
    refreshPlanAndForecast();
    void pollHealth().catch(() => undefined);
  }, 2000);
  void pollHealth().catch(() => undefined);
  // resizing, too, waits for the next animation frame
  window.addEventListener('resize', () => {
    resized = true;
    requestFrame();
  });
  if (SYNTHETIC_POINTS > 0) installSyntheticData(SYNTHETIC_POINTS, [...charts.values()], requestFrame);
}

void start();
