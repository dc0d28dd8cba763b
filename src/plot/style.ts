import type { AlarmSeverity } from './figure.js';

/**
 * Alarm rule colours: Open MCT's five limit colours in severity order, WATCH < WARNING < DISTRESS
 * < CRITICAL < SEVERE as cyan, yellow, orange, red, purple (its light "snow" theme: the line
 * colour where that reads on white, else the label background colour).
 */
export const SEVERITY_COLOURS: Readonly<Record<AlarmSeverity, string>> = {
  WATCH: '#1795c0',
  WARNING: '#e7a115',
  DISTRESS: '#ff9900',
  CRITICAL: '#ff0000',
  SEVERE: '#891bb3',
};

/** Label colours: the same hues, darkened so that text reads on white. */
export const SEVERITY_TEXT_COLOURS: Readonly<Record<AlarmSeverity, string>> = {
  WATCH: '#0f6f8f',
  WARNING: '#946300',
  DISTRESS: '#b35400',
  CRITICAL: '#c00000',
  SEVERE: '#6a1489',
};

/** Dash pattern per severity, longer dashes for worse alarms as Open MCT's limit lines do; px. */
export const SEVERITY_DASHES: Readonly<Record<AlarmSeverity, number[]>> = {
  WATCH: [3, 3],
  WARNING: [6, 3],
  DISTRESS: [9, 3],
  CRITICAL: [12, 3],
  SEVERE: [1, 0],
};

/** Series line colours, dark and away from the alarm hues so a rule is never taken for data. */
export const SERIES_COLOURS: readonly string[] = ['#1f4e79', '#2e7d32', '#5d4037', '#607d8b', '#000000'];

/** Font stack; resvg is given the first of these found on the machine (see fonts.ts). */
export const FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';

/** Layout in CSS px. A panel with its title is about 250 px high; the figure about 1,200 px wide. */
export const LAYOUT = {
  /** Width of every plot area. */
  plotWidth: 1087,
  /** Height of a panel's plot area, without its title. */
  panelHeight: 215,
  /** Space reserved for y tick labels, the same on every panel so the time axes line up. */
  yAxisExtent: 62,
  /** Samples kept per series after thinning, at most (plus one per gap). */
  maxPoints: 2000,
} as const;
