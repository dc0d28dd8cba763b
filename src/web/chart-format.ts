/**
 * What the charts print: times in UTC marked "Z" (as the header and the alarms print them, whatever
 * the browser's zone), and values with their unit (the history answer's, shown as people write it).
 */

/** A unit as the screen shows it (`degC` → `°C`); others as the API spells them. */
export function displayUnit(unit: string): string {
  return unit === 'degC' ? '°C' : unit;
}

/** `2020-08-20 11:59:30Z` for an epoch time [s]. */
export function utcStamp(epochS: number): string {
  return `${new Date(epochS * 1000).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** A legend value with its unit (`745.784 mmHg`), `--` where the cursor finds none. */
export function valueWithUnit(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '--';
  const text = String(Number(value.toPrecision(6)));
  return unit === '' ? text : `${text} ${displayUnit(unit)}`;
}

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * Tick labels of a time axis in UTC, for ticks `incrS` seconds apart: `MM-DD` for whole days (and
 * at each UTC midnight), `HH:MM` between, `HH:MM:SS` for ticks under a minute apart.
 */
export function utcTicks(epochS: readonly number[], incrS: number): string[] {
  return epochS.map((t) => {
    const d = new Date(t * 1000);
    const date = `${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
    const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0;
    if (incrS >= 86400 || midnight) return date;
    const hm = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
    return incrS < 60 ? `${hm}:${two(d.getUTCSeconds())}` : hm;
  });
}

/** The label under every time axis. */
export const TIME_AXIS_LABEL = 'time (UTC)';
