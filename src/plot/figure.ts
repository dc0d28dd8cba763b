/**
 * The picture `airtight analyze --plot` draws, as plain data: panels stacked on one UTC time axis,
 * alarms as vertical rules across them, hatch-configuration segments as shaded periods.
 * Times are epoch seconds UTC; values are in the unit the series names (display units, not SI).
 */

/** One line on a panel, optionally with a band (e.g. a 90 % interval) drawn behind it. */
export interface PlotSeries {
  /** Legend text, e.g. `US Lab`. */
  label: string;
  /** Display unit of `v`, `lo` and `hi`, e.g. `mmHg`. */
  unit: string;
  /** Sample times, epoch seconds UTC, ascending. */
  t: Float64Array;
  /** Values, one per time; NaN is a missing sample and breaks the line. */
  v: Float64Array;
  /** Lower edge of the band, same length as `t`. */
  lo?: Float64Array;
  /** Upper edge of the band, same length as `t`. */
  hi?: Float64Array;
}

/** One stacked chart with its own y axis in `unit`. */
export interface PlotPanel {
  title: string;
  unit: string;
  series: PlotSeries[];
  /**
   * 'robust': the y axis spans the 2nd to 98th percentile of the bands (or values), with zero,
   * padded by a tenth; lines beyond are clipped at the edge. For estimates whose first minutes after
   * a change swing far (as the dashboard's rate chart). Default: every value.
   */
  yRange?: 'robust';
}

/** Alarm severity, XTCE / Yamcs ladder, least to most severe. */
export type AlarmSeverity = 'WATCH' | 'WARNING' | 'DISTRESS' | 'CRITICAL' | 'SEVERE';

/** An alarm raised at `time` (epoch seconds UTC). */
export interface PlotAlarm {
  time: number;
  severity: AlarmSeverity;
  /** Short machine-ish name shown beside the rule, e.g. `leak-detected`. */
  kind: string;
  /** Full text, shown as a tooltip in HTML. */
  message: string;
}

/** A hatch-configuration period from `from` to `to` (epoch seconds UTC), shaded alternately. */
export interface PlotSegment {
  from: number;
  to: number;
  label: string;
}

export interface AnalysisFigure {
  title: string;
  subtitle?: string;
  /** Further lines under the subtitle (each cut, not wrapped, at the figure's width). */
  notes?: string[];
  panels: PlotPanel[];
  alarms: PlotAlarm[];
  segments: PlotSegment[];
}

export type PlotFormat = 'png' | 'svg' | 'html';
