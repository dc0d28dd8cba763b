/**
 * The current leak state as the dashboard shows it, read from the monitor: the hatch
 * configuration, and per group of modules joined by open hatches its pressure, latest leak rate
 * with its 90 % band, reserve time and severity. Rates in kg/day, pressures in mmHg.
 */
import { isoFromEpochS, paToMmHg } from '../core/index.js';
import { type MonitorState, reserveHours, reserveTimeS } from '../monitor/index.js';
import type { Refusals } from './refusals.js';
import { seriesUtc } from './utc-times.js';

export interface GroupState {
  modules: string[];
  pressureMmHg: number | null;
  rateKgPerDay: number | null;
  rateKgPerDay90: [number, number] | null;
  /** Span of the estimate [h]. */
  windowH: number | null;
  /** Time to the evacuation pressure at the present rate [h]; null when not losing gas. */
  reserveTimeH: number | null;
  severity: string | null;
}

export interface LeakState {
  /** Data time of the state (ISO 8601), null before any data. */
  time: string | null;
  source: 'demo' | 'telemetry';
  hatches: { id: string; between: [string, string]; open: boolean }[];
  modules: { id: string; name: string; volumeM3: number; present: boolean }[];
  groups: GroupState[];
  /** The group losing most gas, when its 90 % band is above zero. */
  leakingGroup: number | null;
  /** The largest group's leak rate at each check, with its 90 % band [kg/day] (the last ones). */
  /** Each check's time `t` [epoch s] (and `tUtc`, the same in ISO 8601) with the rate and its 90 % band [kg/day]. */
  rateHistory: { t: number[]; tUtc: (string | null)[]; rate: number[]; low: number[]; high: number[] };
  samples: number;
  rejected: number;
  /**
   * Why `GET plan` and `GET forecast` would answer 409 (their words), null where they would
   * answer: read from a report of the same data (which the routes then reuse), or, in a state
   * broadcast while data streams in, of data up to `REFUSALS_EVERY_MS` older.
   */
  refusals: Refusals;
}

/** Checks kept in `rateHistory`. */
const RATE_HISTORY = 5000;

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export function leakState(monitor: MonitorState, source: LeakState['source'], refusals: Refusals): LeakState {
  const { station } = monitor;
  const groups: GroupState[] = (monitor.segment?.groups ?? []).map((g) => {
    const model = g.series.model;
    const last = g.history.at(-1);
    const e = g.latest;
    const pressure = last !== undefined && Number.isFinite(last.pressure) ? last.pressure : Number.NaN;
    const reserve =
      e === null
        ? Number.NaN
        : reserveTimeS(pressure, monitor.options.evacuationPa, model.kgPerPa, e.rateKgPerS);
    return {
      modules: [...model.moduleIds],
      pressureMmHg: Number.isFinite(pressure) ? r3(paToMmHg(pressure)) : null,
      rateKgPerDay: e === null ? null : r3(e.rateKgPerS * 86400),
      rateKgPerDay90: e === null ? null : [r3(e.low90 * 86400), r3(e.high90 * 86400)],
      windowH: e === null ? null : r3((e.toS - e.fromS) / 3600),
      reserveTimeH: reserveHours(reserve),
      severity: g.leakSeverity ?? monitor.alarms[g.rapidAlarm]?.severity ?? null,
    };
  });
  const { checks } = monitor.timeline;
  const t = checks.t.slice(-RATE_HISTORY);
  let leaking: number | null = null;
  groups.forEach((g, i) => {
    if (g.rateKgPerDay90 !== null && g.rateKgPerDay90[0] > 0) {
      if (leaking === null || (g.rateKgPerDay ?? 0) > (groups[leaking]?.rateKgPerDay ?? 0)) leaking = i;
    }
  });
  return {
    time: Number.isFinite(monitor.lastS) ? isoFromEpochS(monitor.lastS) : null,
    source,
    hatches: station.hatches.map((h, i) => ({
      id: h.id,
      between: h.between,
      open: monitor.hatchOpen[i] === 1,
    })),
    modules: station.modules.map((m, i) => ({
      id: m.id,
      name: m.name,
      volumeM3: m.volumeM3,
      present: monitor.present[i] === 1,
    })),
    groups,
    leakingGroup: leaking,
    rateHistory: {
      t,
      tUtc: seriesUtc(t),
      rate: checks.rateKgPerS.slice(-RATE_HISTORY).map((x) => r3(x * 86400)),
      low: checks.low.slice(-RATE_HISTORY).map((x) => r3(x * 86400)),
      high: checks.high.slice(-RATE_HISTORY).map((x) => r3(x * 86400)),
    },
    samples: monitor.samples,
    rejected: monitor.rejected,
    refusals,
  };
}
