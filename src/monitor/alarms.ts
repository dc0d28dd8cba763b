/**
 * Alarms on the XTCE / Open MCT severity ladder, with the evidence behind each.
 */
import { reserveFromDecay } from './fall-fit.js';

export const SEVERITIES = ['WATCH', 'WARNING', 'DISTRESS', 'CRITICAL', 'SEVERE'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type AlarmKind = 'leak' | 'rapid-depress' | 'sensor-fault' | 'stale-data';

export interface Alarm {
  /** Epoch seconds. */
  time: number;
  severity: Severity;
  kind: AlarmKind;
  message: string;
  /** Modules of the group the alarm is about (leak, rapid-depress). */
  modules?: string[];
  /** Channel the alarm is about (sensor-fault, stale-data). */
  channel?: string;
  /** Minutes until the group reaches the evacuation pressure at the present rate. */
  reserveTimeMin?: number;
  /**
   * Its 90 % interval [min], from the rate's (rapid-depress: the rate of fall's; leak: the rate
   * since the onset's, or the window's); the upper end null when the rate could be nil.
   */
  reserveTimeMin90?: [number, number | null];
  /** Seconds for the pressure to fall 1 mmHg (rapid-depress). */
  t1mmS?: number;
  evidence?: {
    statistic?: number;
    threshold?: number;
    windowS?: number;
    /**
     * Which scan test fired: the trend over the window, its change against the history before, or
     * the total pressure's fall beyond the crew's breathing.
     */
    test?: 'trend' | 'change' | 'pressure';
    rateKgPerDay?: number;
    /** How much the leak rate grew at `since` (change test) [kg/day]. */
    changeKgPerDay?: number;
    rateKgPerDay90?: [number, number];
    /** Since when the evidence points to [epoch s]: the onset found to the bin when it stands on its own. */
    since?: number;
    /**
     * A rapid fall's once over: when it was last seen falling [epoch s] (a minute's slope after
     * it stopped or slowed at most), and which it did (slowed: still falling, beyond the watch's reach).
     */
    until?: number;
    slowed?: boolean;
    /** The rate since that onset, which the reserve time uses [kg/day]. */
    rateSinceKgPerDay?: number;
    /**
     * Modules closed off from the group inside the window the evidence spans, and when [epoch s]:
     * the air they lost before is in the window (the leak may be theirs).
     */
    closedOff?: { modules: string[]; atS: number }[];
    /**
     * What the inventory's daily cycle, learnt over the days before the window and taken out
     * of it, read as a leak over the window [kg/day] (set once a group has watched that long).
     */
    dailyCycleKgPerDay?: number;
  };
  /**
   * Set when a later check took a leak alarm back [epoch s]: a sensor named faulty after it had
   * drifted inside its window, and with that sensor left out no window showed a leak any more.
   */
  withdrawn?: { time: number; reason: string };
  /**
   * Set when the condition the alarm is about ended [epoch s]: a stale channel that reports, or
   * changes, again. The alarm stays on the list until acknowledged, as the alarm-management
   * standards keep an alarm that returned to normal unacknowledged (ISA-18.2), but it no longer
   * stands for the present.
   */
  cleared?: { time: number; reason: string };
  /**
   * The latest reading of a standing rapid-depress alarm, updated as the fall goes on while its
   * severity holds (a higher severity raises a new alarm): the rate, T1mm and the reserve time move
   * by the minute in an emergency, and a new alarm for each would flood the console. The alarm's own
   * fields stay as raised.
   */
  latest?: AlarmReading;
}

/** A rapid fall as read at `time` [epoch s]. */
export interface AlarmReading {
  time: number;
  message: string;
  reserveTimeMin: number;
  reserveTimeMin90: [number, number | null];
  t1mmS: number;
  rateKgPerDay: number;
  /** Readings since the alarm was raised. */
  updates: number;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Thresholds of the ladder, by reserve time and rate. */
export interface SeverityPolicy {
  /** A leak whose lower 90 % bound exceeds this is at least WARNING [kg/s]. */
  allowableKgPerS: number;
  /** Reserve times [s] under which a leak is DISTRESS, CRITICAL, SEVERE. */
  distressBelowS: number;
  criticalBelowS: number;
  severeBelowS: number;
}

export const DEFAULT_SEVERITY_POLICY: SeverityPolicy = {
  allowableKgPerS: 0.9 / 86400,
  distressBelowS: 7 * 86400,
  criticalBelowS: 24 * 3600,
  severeBelowS: 10 * 60,
};

export function leakSeverity(policy: SeverityPolicy, lowerKgPerS: number, reserveS: number): Severity {
  if (reserveS < policy.severeBelowS) return 'SEVERE';
  if (reserveS < policy.criticalBelowS) return 'CRITICAL';
  if (reserveS < policy.distressBelowS) return 'DISTRESS';
  if (lowerKgPerS > policy.allowableKgPerS) return 'WARNING';
  return 'WATCH';
}

/** A leak or rapid-depress alarm not withdrawn. */
export function isStandingLeakAlarm(alarm: Alarm): boolean {
  return (alarm.kind === 'leak' || alarm.kind === 'rapid-depress') && alarm.withdrawn === undefined;
}

/** True for a leak or rapid-depress alarm, not withdrawn, about exactly these modules, raised within [fromS, toS]. */
export function isLeakAlarmOf(alarm: Alarm, modules: readonly string[], fromS: number, toS: number): boolean {
  if (!isStandingLeakAlarm(alarm)) return false;
  if (alarm.time < fromS || alarm.time > toS) return false;
  const named = alarm.modules ?? [];
  const inGroup = new Set(modules);
  return named.length === inGroup.size && named.every((m) => inGroup.has(m));
}

/** A reserve time in hours to a tenth, null when infinite (nothing lost, or already below the limit). */
export function reserveHours(seconds: number): number | null {
  return Number.isFinite(seconds) ? Math.round((seconds / 3600) * 10) / 10 : null;
}

/**
 * Reserve time [s]: time for a group at pressure p to reach p_evac losing `rateKgPerS`, with the
 * orifice law (DOMAIN.md §4): τ = p·(kg/Pa)/ṁ, T_res = τ·ln(p/p_evac). Infinite when nothing is lost
 * or the group is already below p_evac (a chamber held at low pressure, not a crewed volume).
 */
export function reserveTimeS(
  pressurePa: number,
  evacuationPa: number,
  kgPerPa: number,
  rateKgPerS: number,
): number {
  if (!(rateKgPerS > 0) || !(pressurePa > evacuationPa)) return Number.POSITIVE_INFINITY;
  return reserveFromDecay(pressurePa, evacuationPa, rateKgPerS / (pressurePa * kgPerPa));
}

/** A group's gas and loss: pressure [Pa], air mass per pascal [kg/Pa], leak rate [kg/s]. */
export interface GroupGas {
  pressurePa: number;
  kgPerPa: number;
  rateKgPerS: number;
}

/**
 * The reserve time [s] of a closed-off group and another joined: their gas at the mixed pressure,
 * the closed-off group's leak scaled there by its law (choked orifice flow ∝ p, a crack's viscous
 * flow ∝ p²; an undetermined law as an orifice, the reserve formula's own), plus the other's own
 * loss (pass 0 unless it is known to lose gas).
 */
export function joinedReserveS(
  leaking: GroupGas & { law?: 'orifice' | 'crack' },
  other: GroupGas,
  evacuationPa: number,
): number {
  const kgPerPa = leaking.kgPerPa + other.kgPerPa;
  const mixedPa = (leaking.kgPerPa * leaking.pressurePa + other.kgPerPa * other.pressurePa) / kgPerPa;
  const ratio = mixedPa / leaking.pressurePa;
  const scaled = leaking.rateKgPerS * (leaking.law === 'crack' ? ratio * ratio : ratio);
  return reserveTimeS(mixedPa, evacuationPa, kgPerPa, scaled + other.rateKgPerS);
}
