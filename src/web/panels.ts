/** The alarm list (acknowledge, shelve, reserve time) and the operator event log (with plan steps). */
import type { Alarm, Forecast, GroupState, OperatorEvent } from './api.js';
import { describeObservation } from './search-panel.js';
import { gaining, lossProbability } from './topology.js';

const iso = (epochS: number): string => new Date(epochS * 1000).toISOString().slice(0, 19).replace('T', ' ');

/** `reserve 42 min`, `reserve 11.4 h`, `reserve 836.0 d`: minutes up to 2 h, hours up to 2 days. */
export function reserveText(minutes: number | undefined, range?: [number, number | null]): string {
  if (minutes === undefined) return '';
  const [unit, per, digits] =
    minutes >= 2 * 24 * 60 ? ['d', 1440, 1] : minutes >= 120 ? ['h', 60, 1] : ['min', 1, 0];
  const text = (m: number): string => (m / per).toFixed(digits);
  // the 90 % interval in the estimate's unit, rounded outwards
  const out = (m: number, round: (x: number) => number): string =>
    (round((m / per) * 10 ** digits) / 10 ** digits).toFixed(digits);
  const band =
    range === undefined
      ? ''
      : ` (90 %: ${out(range[0], Math.floor)}–${range[1] === null ? 'no end' : out(range[1], Math.ceil)})`;
  return `reserve ${text(minutes)} ${unit}${band}`;
}

/**
 * What an alarm's entry says: its meta line (time, reserve time, state), the message it was raised
 * with, and for a rapid fall read anew since, the latest reading ("now …"), whose reserve time the
 * meta line then gives.
 */
export function alarmText(
  alarm: Alarm,
  nowS: number,
): { meta: string; message: string; latest: string | null } {
  const shelved = alarm.shelvedUntil !== null && alarm.shelvedUntil > nowS;
  const latest = alarm.detail.latest;
  const meta = [
    `${iso(alarm.time)}Z`,
    latest === undefined
      ? reserveText(alarm.detail.reserveTimeMin, alarm.detail.reserveTimeMin90)
      : `${reserveText(latest.reserveTimeMin, latest.reserveTimeMin90)} at ${iso(latest.time).slice(11)}Z`,
    alarm.detail.origin === 'demo' ? 'demo' : '',
    alarm.acknowledgedAt !== null ? `acknowledged by ${alarm.acknowledgedBy}` : '',
    shelved ? `shelved until ${iso(alarm.shelvedUntil as number)}Z` : '',
    alarm.withdrawnAt !== null
      ? `withdrawn at ${iso(alarm.withdrawnAt)}Z: ${alarm.withdrawnReason ?? ''}`
      : '',
    alarm.clearedAt !== null ? `back to normal: ${alarm.clearedReason ?? ''}` : '',
  ]
    .filter((x) => x !== '')
    .join(' · ');
  return {
    meta,
    message: alarm.message,
    latest: latest === undefined ? null : `now (${iso(latest.time).slice(11)}Z): ${latest.message}`,
  };
}

/**
 * A group's line under the station map: its modules, rate over the monitor's trailing window (the
 * latest 5-minute check's) and 90 % band, and where its loss is
 * evident the reserve time to the evacuation pressure (or that it is below it already); P(losing),
 * or for a band wholly below zero what that means.
 */
export function groupLine(g: GroupState, evacuationMmHg: number): string {
  const p = lossProbability(g.rateKgPerDay90, g.rateKgPerDay);
  const name =
    g.modules.length > 3
      ? `${g.modules.slice(0, 3).join(', ')} +${g.modules.length - 3}`
      : g.modules.join(', ');
  const band = g.rateKgPerDay90 === null ? '' : ` (${g.rateKgPerDay90[0]} to ${g.rateKgPerDay90[1]})`;
  // a reserve time only where a loss is evident (a tight group's noise would give years)
  const losing = g.rateKgPerDay90 !== null && g.rateKgPerDay90[0] > 0;
  const below = g.pressureMmHg !== null && g.pressureMmHg <= evacuationMmHg;
  const reserve = !losing
    ? ''
    : below
      ? `, at ${g.pressureMmHg} mmHg: below the evacuation pressure (${evacuationMmHg})`
      : g.reserveTimeH === null
        ? ''
        : `, ${reserveText(g.reserveTimeH * 60)}`;
  const gain = gaining(g.rateKgPerDay90) ? ', gaining gas with none added: a disturbance, not a leak' : '';
  const over = g.windowH == null ? '' : ` over the last ${g.windowH.toFixed(1)} h`;
  return `${name}: ${g.rateKgPerDay} kg/day${over}${band}${reserve}${p === null ? '' : `, P(losing) ${(100 * p).toFixed(0)} %`}${gain}`;
}

export interface AlarmActions {
  acknowledge(alarm: Alarm): void;
  shelve(alarm: Alarm, minutes: number): void;
}

export function renderAlarms(list: HTMLElement, alarms: Alarm[], nowS: number, actions: AlarmActions): void {
  list.replaceChildren(
    ...alarms.map((alarm) => {
      const item = document.createElement('li');
      item.dataset.severity = alarm.severity;
      item.dataset.kind = alarm.kind;
      item.dataset.id = String(alarm.id);
      const shelved = alarm.shelvedUntil !== null && alarm.shelvedUntil > nowS;
      const withdrawn = alarm.withdrawnAt !== null;
      if (alarm.acknowledgedAt !== null || shelved || withdrawn) item.classList.add('acked');
      if (withdrawn) item.classList.add('withdrawn');
      if (alarm.clearedAt !== null) item.classList.add('cleared');
      const head = document.createElement('div');
      head.innerHTML = '<b></b> <span class="meta"></span>';
      (head.querySelector('b') as HTMLElement).textContent = `${alarm.severity} ${alarm.kind}`;
      const text = alarmText(alarm, nowS);
      (head.querySelector('.meta') as HTMLElement).textContent = text.meta;
      const message = document.createElement('div');
      message.textContent = text.message;
      item.append(head, message);
      if (text.latest !== null) {
        const latest = document.createElement('div');
        latest.className = 'latest';
        latest.textContent = text.latest;
        item.append(latest);
      }
      // a withdrawn alarm asks nothing of the operator
      if (alarm.acknowledgedAt === null && !withdrawn) {
        const ack = document.createElement('button');
        ack.textContent = 'Acknowledge';
        ack.className = 'ack';
        ack.onclick = () => actions.acknowledge(alarm);
        const shelve = document.createElement('button');
        shelve.textContent = 'Shelve 30 min';
        shelve.className = 'shelve';
        shelve.onclick = () => actions.shelve(alarm, 30);
        const buttons = document.createElement('div');
        buttons.append(ack, shelve);
        item.append(buttons);
      }
      return item;
    }),
  );
}

export function renderEvents(list: HTMLElement, events: OperatorEvent[]): void {
  list.replaceChildren(
    ...events
      .slice(-50)
      .reverse()
      .map((e) => {
        const item = document.createElement('li');
        item.dataset.kind = e.kind;
        const p = e.payload;
        const what =
          e.kind === 'search-observation'
            ? `${p.module}${p.place ? ` / ${p.place}` : ''}: ${p.observation ? describeObservation(p.observation as Record<string, unknown>) : p.found ? 'LEAK FOUND' : 'nothing found'}`
            : e.kind === 'hatch'
              ? `hatch ${p.hatch} ${p.state}`
              : e.kind === 'plan-step'
                ? `step ${Number(p.step) + 1} ${p.done === false ? 'unticked' : 'done'}: ${p.text}`
                : String(p.text ?? p.note ?? '');
        item.textContent = `${iso(e.time)}Z ${e.kind} ${what}${p.note && e.kind !== 'note' ? ` (${p.note})` : ''} — ${e.author}`;
        return item;
      }),
  );
}

/** Three significant digits, as a plain number (7.9867 → "7.99", 0.05123 → "0.0512", 12 → "12"). */
const sig3 = (x: number): string => String(Number(x.toPrecision(3)));

/**
 * The forecast's footnote: where it starts, the leak its paths draw with the monitor's 90 %
 * interval it comes from (a band that holds zero says the stores may be falling for no leak at all),
 * the crew and the floors.
 */
export function forecastNote(f: Forecast): string {
  const [low, high] = f.leak.rateKgPerDay90;
  const holdsZero = low <= 0 && high >= 0;
  return (
    `from ${f.start.slice(0, 16).replace('T', ' ')}Z · leak ${sig3(f.leak.meanKgPerDay)} ± ${sig3(f.leak.sdKgPerDay)} kg/day` +
    `${f.leak.module === null ? '' : ` in ${f.leak.module}`} (the monitor's 90 %: ${sig3(low)} to ${sig3(high)}` +
    `${holdsZero ? ', which holds no leak too' : ''}) · crew ${f.policy.crew} · ${f.paths} paths · ` +
    `O2 floor ${f.policy.o2ReserveDays} days of crew use, N2 floor one repress of ${f.policy.n2RepressModule ?? '—'}`
  );
}
