import { alarmRuleLayers, LABEL_FONT_SIZE, type Overlay, segmentShadeLayers } from './overlay.js';
import { LAYOUT } from './style.js';
import { timeEncoding } from './time-axis.js';
import type { LayerSpec, ViewSpec } from './vega-types.js';

/** Centre of the segment label row, px from the strip's top. */
const SEGMENT_ROW_Y = 9;
/** Centre of the first alarm label row, and the pitch of the rows below it, px. */
const FIRST_ALARM_ROW_Y = 26;
const ALARM_ROW_PITCH = 14;
const HIDDEN_AXIS = { labelled: false, grid: false };

/**
 * The strip above the panels: segment labels on its top row and alarm labels (`SEVERITY kind`,
 * in the severity's colour) on the rows below, each beside its rule; at the left, the row names.
 */
export function stripView(overlay: Overlay): ViewSpec {
  const hasSegments = overlay.segments.length > 0;
  const hasAlarms = overlay.alarms.length > 0;
  const labelSides = (['left', 'right'] as const).filter((align) =>
    overlay.alarms.some((row) => row.row >= 0 && row.align === align),
  );
  return {
    width: LAYOUT.plotWidth,
    height: stripHeight(overlay),
    view: { stroke: null },
    layer: [
      ...segmentShadeLayers(overlay, HIDDEN_AXIS),
      ...alarmRuleLayers(overlay, HIDDEN_AXIS),
      ...(hasSegments ? [segmentLabelLayer(overlay), rowName('hatches', SEGMENT_ROW_Y)] : []),
      ...labelSides.map((align) => alarmLabelLayer(overlay, align)),
      ...(hasAlarms ? [rowName('alarms', FIRST_ALARM_ROW_Y)] : []),
    ],
  };
}

/** Tall enough for the segment row and the alarm label rows in use, px. */
function stripHeight(overlay: Overlay): number {
  const rows = Math.max(0, ...overlay.alarms.map((alarm) => alarm.row + 1));
  if (overlay.alarms.length === 0) return 2 * SEGMENT_ROW_Y;
  return FIRST_ALARM_ROW_Y + ALARM_ROW_PITCH * (Math.max(rows, 1) - 1) + SEGMENT_ROW_Y;
}

function segmentLabelLayer(overlay: Overlay): LayerSpec {
  return {
    data: { name: 'segments' },
    mark: { type: 'text', baseline: 'middle', align: 'center', fontSize: LABEL_FONT_SIZE, color: '#333333' },
    encoding: {
      x: { ...timeEncoding(overlay.range, HIDDEN_AXIS), field: 'mid' },
      y: { value: SEGMENT_ROW_Y },
      text: { field: 'text' },
    },
  };
}

function alarmLabelLayer(overlay: Overlay, align: 'left' | 'right'): LayerSpec {
  return {
    data: { name: 'alarms' },
    transform: [
      { filter: `datum.row >= 0 && datum.align === '${align}'` },
      { calculate: `${FIRST_ALARM_ROW_Y} + ${ALARM_ROW_PITCH} * datum.row`, as: 'y' },
    ],
    mark: {
      type: 'text',
      baseline: 'middle',
      align,
      dx: align === 'left' ? 3 : -3,
      fontSize: LABEL_FONT_SIZE,
    },
    encoding: {
      x: timeEncoding(overlay.range, HIDDEN_AXIS),
      y: { field: 'y', type: 'quantitative', scale: null },
      text: { field: 'label' },
      color: { field: 'textColour', type: 'nominal', scale: null },
    },
  };
}

/** A row's name in the left margin, where the panels have their y axes. */
function rowName(text: string, y: number): LayerSpec {
  return {
    data: { values: [{}] },
    mark: {
      type: 'text',
      text,
      x: -8,
      y,
      align: 'right',
      baseline: 'middle',
      color: '#666666',
      fontSize: 11,
    },
  };
}
