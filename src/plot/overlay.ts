import type { PlotAlarm, PlotSegment } from './figure.js';
import { LAYOUT, SEVERITY_COLOURS, SEVERITY_DASHES, SEVERITY_TEXT_COLOURS } from './style.js';
import { textWidth } from './text-width.js';
import type { TimeAxisOptions, TimeRange } from './time-axis.js';
import { timeEncoding } from './time-axis.js';
import type { LayerSpec } from './vega-types.js';

/** Rows of alarm labels in the strip; an alarm whose label fits in none is drawn unlabelled. */
export const ALARM_LABEL_ROWS = 3;
/** Font size of segment and alarm labels, px. */
export const LABEL_FONT_SIZE = 11;
/** Least gap between two labels on one row, px. */
const LABEL_GAP = 8;

/** One alarm as drawn: time in ms, its label and the strip row it sits on (-1: no label). */
export interface AlarmRow {
  t: number;
  severity: PlotAlarm['severity'];
  kind: string;
  message: string;
  /** `SEVERITY kind`, or '' when no row has room for it. */
  label: string;
  row: number;
  /** Label side: right of the rule, or left of it near the plot's right edge. */
  align: 'left' | 'right';
  colour: string;
  textColour: string;
  dash: number[];
}

/** One segment as drawn, clipped to the range: from `t` to `t2` in ms, every other one shaded. */
export interface SegmentRow {
  t: number;
  t2: number;
  mid: number;
  label: string;
  /** The label, cut with … to the segment's width. */
  text: string;
  shaded: boolean;
}

/** What every view draws over its time axis: segments behind the data, alarm rules in front. */
export interface Overlay {
  range: TimeRange;
  segments: SegmentRow[];
  alarms: AlarmRow[];
}

const pixelOf = (ms: number, range: TimeRange): number =>
  ((ms - range.fromMs) / (range.toMs - range.fromMs)) * LAYOUT.plotWidth;

const SEVERITY_RANK: Readonly<Record<PlotAlarm['severity'], number>> = {
  WATCH: 0,
  WARNING: 1,
  DISTRESS: 2,
  CRITICAL: 3,
  SEVERE: 4,
};

const labelWidth = (text: string): number => textWidth({ text, fontSize: LABEL_FONT_SIZE });

/**
 * Alarms inside the range in time order, each with a label (`SEVERITY kind`, beside its rule, left
 * of it near the right edge) on the first row where it overlaps no other label. Worse alarms are
 * placed first, so when rows run out it is the milder ones that go unlabelled.
 */
export function alarmRows(alarms: readonly PlotAlarm[], range: TimeRange): AlarmRow[] {
  const rows = alarms
    .map((alarm) => ({ alarm, t: alarm.time * 1000 }))
    .filter(({ t }) => t >= range.fromMs && t <= range.toMs)
    .sort((a, b) => a.t - b.t)
    .map(({ alarm, t }, order): AlarmRow & { order: number } => {
      const label = `${alarm.severity} ${alarm.kind}`;
      const fitsRight = pixelOf(t, range) + labelWidth(label) + 3 <= LAYOUT.plotWidth;
      return {
        order,
        t,
        severity: alarm.severity,
        kind: alarm.kind,
        message: alarm.message,
        label,
        row: -1,
        align: fitsRight ? 'left' : 'right',
        colour: SEVERITY_COLOURS[alarm.severity],
        textColour: SEVERITY_TEXT_COLOURS[alarm.severity],
        dash: SEVERITY_DASHES[alarm.severity],
      };
    });
  const taken: [number, number][][] = Array.from({ length: ALARM_LABEL_ROWS }, () => []);
  const worstFirst = [...rows].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.order - b.order,
  );
  for (const row of worstFirst) {
    const x = pixelOf(row.t, range);
    const width = labelWidth(row.label) + 3;
    const start = row.align === 'left' ? x : x - width;
    const end = start + width;
    row.row = taken.findIndex((spans) =>
      spans.every(([a, b]) => end + LABEL_GAP <= a || b + LABEL_GAP <= start),
    );
    taken[row.row]?.push([start, end]);
    if (row.row < 0) row.label = '';
  }
  return rows.map(({ order: _, ...row }) => row);
}

/** Segments in time order clipped to the range, every other one shaded, labels cut to fit. */
export function segmentRows(segments: readonly PlotSegment[], range: TimeRange): SegmentRow[] {
  return [...segments]
    .sort((a, b) => a.from - b.from)
    .map((segment, index) => {
      const t = Math.max(segment.from * 1000, range.fromMs);
      const t2 = Math.min(segment.to * 1000, range.toMs);
      const room = pixelOf(t2, range) - pixelOf(t, range) - LABEL_GAP;
      return {
        t,
        t2,
        mid: (t + t2) / 2,
        label: segment.label,
        text: fitText(segment.label, room),
        shaded: index % 2 === 0,
      };
    })
    .filter((row) => row.t2 > row.t);
}

/** `text`, or its longest head that fits in `room` px followed by …, or '' when none does. */
function fitText(text: string, room: number): string {
  if (labelWidth(text) <= room) return text;
  for (let n = text.length - 1; n > 0; n--) {
    const cut = `${text.slice(0, n)}…`;
    if (labelWidth(cut) <= room) return cut;
  }
  return '';
}

/** The shaded segments, as a bottom layer of a view; none without segments. */
export function segmentShadeLayers(overlay: Overlay, options: TimeAxisOptions): LayerSpec[] {
  if (!overlay.segments.some((row) => row.shaded)) return [];
  return [
    {
      data: { name: 'segments' },
      transform: [{ filter: 'datum.shaded' }],
      mark: { type: 'rect', color: '#000000', opacity: 0.05 },
      encoding: {
        x: timeEncoding(overlay.range, options),
        x2: { field: 't2' },
        tooltip: { field: 'label', type: 'nominal', title: 'hatches' },
      },
    },
  ];
}

/** The alarm rules, coloured and dashed by severity, as a top layer of a view; none without alarms. */
export function alarmRuleLayers(overlay: Overlay, options: TimeAxisOptions): LayerSpec[] {
  if (overlay.alarms.length === 0) return [];
  return [
    {
      data: { name: 'alarms' },
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: {
        x: timeEncoding(overlay.range, options),
        stroke: { field: 'colour', type: 'nominal', scale: null },
        strokeDash: { field: 'dash', type: 'nominal', scale: null },
        tooltip: [
          { field: 'severity', type: 'nominal' },
          { field: 'kind', type: 'nominal' },
          { field: 'message', type: 'nominal' },
          {
            field: 't',
            type: 'temporal',
            title: 'time (UTC)',
            format: '%Y-%m-%d %H:%M:%S',
            formatType: 'utc',
          },
        ],
      },
    },
  ];
}
