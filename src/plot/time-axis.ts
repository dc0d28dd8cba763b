import type { XEncoding } from './vega-types.js';

/** The drawn time range, epoch ms (Vega's time unit). */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/**
 * Tick label: `YYYY-MM-DD` at midnight UTC, else `HH:MM`, or `HH:MM:SS` off the minute, so a
 * day reads as 2018-10-12, 03:00, 06:00 … and a month as dates.
 */
const TICK_LABEL =
  "utcFormat(datum.value, utcseconds(datum.value) ? '%H:%M:%S' : " +
  "(utchours(datum.value) || utcminutes(datum.value)) ? '%H:%M' : '%Y-%m-%d')";

const TICKS = 12;

/** `2018-10-12 06:00` (UTC), or with seconds when they are not zero. */
export function formatUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(':00.000Z') ? iso.slice(0, 16).replace('T', ' ') : iso.slice(0, 19).replace('T', ' ');
}

export interface TimeAxisOptions {
  /** Tick labels and the range as title (the bottom view); otherwise the axis is hidden. */
  labelled: boolean;
  /** Vertical grid lines at the ticks; default true. */
  grid?: boolean;
}

/**
 * The x encoding every layer uses: field `t` in epoch ms on one UTC scale. Only the
 * bottom view shows labels and the range as its title; the others keep the grid at the same ticks.
 */
export function timeEncoding(range: TimeRange, options: TimeAxisOptions): XEncoding {
  // No explicit domain: every layer's data lies inside the range, so the shared scale's data
  // domain is the range (an explicit domain per layer makes Vega-Lite warn of conflicts).
  const scale = { type: 'utc' as const, nice: false };
  const axis = options.labelled
    ? {
        title: `UTC   ${formatUtc(range.fromMs)} → ${formatUtc(range.toMs)}`,
        labelExpr: TICK_LABEL,
        tickCount: TICKS,
        labelOverlap: true,
        labelFlush: true,
        grid: options.grid ?? true,
      }
    : {
        title: null,
        labels: false,
        ticks: false,
        domain: false,
        tickCount: TICKS,
        grid: options.grid ?? true,
      };
  return { field: 't', type: 'temporal', scale, axis };
}
