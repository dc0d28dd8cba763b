/**
 * Times as the API shows them. The store and the monitor count epoch seconds, and the API has
 * always answered them so (the dashboard's charts read them); beside each one it now gives the
 * same instant as an ISO 8601 UTC string under the field's name with `Utc` appended (`time` and
 * `timeUtc`, `acknowledgedAt` and `acknowledgedAtUtc`, a series' `time` and `timeUtc` …), as the
 * contract asks of JSON output. Nothing is renamed or removed.
 */
import { isoFromEpochS } from '../core/index.js';
import type { OperatorEvent, StoredAlarm } from '../store/index.js';

const utc = (epochS: number | null | undefined): string | null =>
  typeof epochS === 'number' && Number.isFinite(epochS) ? isoFromEpochS(epochS) : null;

export type AlarmShown = StoredAlarm & {
  timeUtc: string | null;
  acknowledgedAtUtc: string | null;
  shelvedUntilUtc: string | null;
  withdrawnAtUtc: string | null;
  clearedAtUtc: string | null;
};

/** An alarm with its times also in UTC, the monitor's detail too (its evidence's onset, a fall's latest reading). */
export function alarmShown(alarm: StoredAlarm): AlarmShown {
  return {
    ...alarm,
    timeUtc: utc(alarm.time),
    detail: detailShown(alarm.detail),
    acknowledgedAtUtc: utc(alarm.acknowledgedAt),
    shelvedUntilUtc: utc(alarm.shelvedUntil),
    withdrawnAtUtc: utc(alarm.withdrawnAt),
    clearedAtUtc: utc(alarm.clearedAt),
  };
}

type Detail = Record<string, unknown>;
const isObject = (x: unknown): x is Detail => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The monitor's alarm as raised, its epoch times (the evidence's `since` and `closedOff[].atS`, the latest reading's `time`) joined by UTC ones. */
function detailShown(detail: Detail): Detail {
  const out: Detail = { ...detail };
  const { evidence, latest } = detail;
  if (isObject(evidence)) {
    const shown: Detail = { ...evidence };
    if (typeof evidence.since === 'number') shown.sinceUtc = utc(evidence.since);
    if (Array.isArray(evidence.closedOff))
      shown.closedOff = evidence.closedOff.map((c: unknown) =>
        isObject(c) && typeof c.atS === 'number' ? { ...c, atUtc: utc(c.atS) } : c,
      );
    out.evidence = shown;
  }
  if (isObject(latest) && typeof latest.time === 'number')
    out.latest = { ...latest, timeUtc: utc(latest.time) };
  return out;
}

export type EventShown = OperatorEvent & { timeUtc: string | null; recordedUtc: string | null };

export function eventShown(event: OperatorEvent): EventShown {
  return { ...event, timeUtc: utc(event.time), recordedUtc: utc(event.recorded) };
}

/** A series' epoch times, in UTC. */
export function seriesUtc(times: ArrayLike<number>): (string | null)[] {
  const out = new Array<string | null>(times.length);
  for (let i = 0; i < times.length; i++) out[i] = utc(times[i]);
  return out;
}
