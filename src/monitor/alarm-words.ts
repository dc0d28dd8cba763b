/**
 * How alarms tell their numbers: reserve times in hours or days with their 90 % intervals,
 * modules in a few words.
 */
import { mmHgToPa } from '../core/index.js';

/** A reserve time for a message: hours below two days, then days; infinite: no loss to the limit. */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'no loss to the evacuation pressure';
  const [unitS, digits, unit] = durationUnit(seconds);
  return `${round(seconds / unitS, digits)} ${unit}`;
}

/** The unit a duration is told in: hours (to a tenth) below two days, else days. */
function durationUnit(seconds: number): [unitS: number, digits: number, unit: string] {
  return seconds < 2 * 86400 ? [3600, 1, 'h'] : [86400, 0, 'days'];
}

/**
 * A leak alarm's reserve time in words, in the unit `durationText` chooses, with its 90 % interval
 * rounded outwards in that unit: "5.5 h to 490 mmHg (90 %: 5.3 to 5.7 h)", "26 days … (22 to no end)".
 */
export function reserveWords(
  reserveS: number,
  [lowS, highS]: [number, number],
  evacuationPa: number,
): string {
  const [unitS, digits, unit] = durationUnit(reserveS);
  const scale = 10 ** digits;
  const low = Math.floor((lowS / unitS) * scale) / scale;
  const high = Number.isFinite(highS) ? `${Math.ceil((highS / unitS) * scale) / scale} ${unit}` : 'no end';
  return (
    `reserve ${durationText(reserveS)} to ${round(evacuationPa / mmHgToPa(1), 0)} mmHg ` +
    `(90 %: ${low} to ${high})`
  );
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A group's modules in a few words: up to four by name, else three and how many more. */
export function describeModules(ids: string[]): string {
  return ids.length <= 4
    ? ids.join(', ')
    : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more modules`;
}

/** A reserve time's 90 % interval in minutes, as alarms carry it (null: no upper end, the fall could be nil). */
export function reserveInterval([low, high]: [number, number]): [number, number | null] {
  // rounded outwards: a tenth of a minute rounded in would shrink a tight interval to its estimate
  return [Math.floor(low / 6) / 10, Number.isFinite(high) ? Math.ceil(high / 6) / 10 : null];
}
