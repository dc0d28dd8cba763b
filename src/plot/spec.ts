import { AirtightError } from '../core/index.js';
import type { AnalysisFigure, PlotPanel, PlotSeries } from './figure.js';
import { alarmRows, type Overlay, segmentRows } from './overlay.js';
import { panelRows, panelView } from './panel.js';
import { stripView } from './strip.js';
import { FONT, LAYOUT } from './style.js';
import type { SeriesColumns } from './thin.js';
import { thinSeries } from './thin.js';
import type { TimeRange } from './time-axis.js';
import type { FigureSpec } from './vega-types.js';

const COLUMNS = LAYOUT.maxPoints / 2;

/**
 * The Vega-Lite spec of a figure: title and subtitle, a strip naming the hatch segments and
 * alarms, then one panel per `figure.panels`, all on one UTC time axis spanning the series.
 * Series longer than 2,000 samples are thinned by min/max per time column (see thin.ts), and the
 * subtitle says so. Throws AirtightError for a figure that cannot be drawn (no panels, no finite
 * time, columns of unequal length, a series in another unit than its panel): those are bugs in
 * the caller, not user input.
 */
export function figureSpec(figure: AnalysisFigure): FigureSpec {
  if (figure.panels.length === 0) throw new AirtightError(`plot '${figure.title}': the figure has no panels`);
  for (const panel of figure.panels) for (const series of panel.series) checkSeries(panel, series);

  const range = timeRange(figure);
  const rangeS = { from: range.fromMs / 1000, to: range.toMs / 1000, columns: COLUMNS };
  let longest = 0;
  const overlay: Overlay = {
    range,
    segments: segmentRows(figure.segments, range),
    alarms: alarmRows(figure.alarms, range),
  };
  const datasets: Record<string, unknown[]> = { segments: overlay.segments, alarms: overlay.alarms };
  const panels = figure.panels.map((panel, index) => {
    const thinned = panel.series.map((series): SeriesColumns => {
      longest = Math.max(longest, series.t.length);
      return thinSeries(series, rangeS);
    });
    const name = `panel${index}`;
    datasets[name] = panelRows(
      panel.series.map((series) => series.label),
      thinned,
    );
    return panelView(panel, name, overlay, { bottom: index === figure.panels.length - 1 });
  });

  const subtitle = [figure.subtitle ?? '', ...(figure.notes ?? [])];
  const unlabelled = overlay.alarms.filter((alarm) => alarm.row < 0).length;
  if (unlabelled > 0)
    subtitle.push(
      `${unlabelled} of ${overlay.alarms.length} alarms drawn without a label, for lack of room.`,
    );
  if (longest > LAYOUT.maxPoints)
    subtitle.push(
      `Lines drawn from the min and max of each of ${COLUMNS.toLocaleString('en-US')} time columns ` +
        `(${longest.toLocaleString('en-US')} samples → at most ${LAYOUT.maxPoints.toLocaleString('en-US')} ` +
        'per series): every spike is kept.',
    );

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: figure.title,
      subtitle: subtitle.filter((line) => line !== ''),
      anchor: 'start',
      fontSize: 18,
      subtitleFontSize: 12,
      subtitleColor: '#555555',
      offset: 10,
      // A long subtitle is cut rather than widening the figure.
      limit: LAYOUT.plotWidth + LAYOUT.yAxisExtent,
    },
    background: 'white',
    padding: { left: 8, right: 24, top: 12, bottom: 8 },
    datasets: datasets as FigureSpec['datasets'],
    spacing: 12,
    vconcat: [
      ...(overlay.segments.length + overlay.alarms.length > 0 ? [stripView(overlay)] : []),
      ...panels,
    ],
    resolve: {
      scale: { x: 'shared', y: 'independent', color: 'independent' },
      legend: { color: 'independent' },
    },
    config: {
      font: FONT,
      view: { stroke: '#c8c8c8' },
      axis: {
        labelFontSize: 11,
        titleFontSize: 12,
        titleFontWeight: 'normal',
        labelColor: '#333333',
        titleColor: '#333333',
        gridColor: '#ececec',
        domainColor: '#888888',
        tickColor: '#888888',
      },
      legend: { labelFontSize: 11, symbolType: 'stroke', symbolStrokeWidth: 2, padding: 4 },
    },
  };
}

/** Every column as long as the times, and the series in its panel's unit (one y axis, one unit). */
function checkSeries(panel: PlotPanel, series: PlotSeries): void {
  if (series.unit !== panel.unit)
    throw new AirtightError(
      `plot panel '${panel.title}' (${panel.unit}): series '${series.label}' is in ${series.unit}`,
    );
  const n = series.t.length;
  for (const [name, column] of [
    ['v', series.v],
    ['lo', series.lo],
    ['hi', series.hi],
  ] as const) {
    if (column !== undefined && column.length !== n)
      throw new AirtightError(
        `plot panel '${panel.title}', series '${series.label}': ${name} has ${column.length} samples, t has ${n}`,
      );
  }
}

/**
 * From the earliest to the latest finite sample time over all series, in ms; segments and alarms
 * count only when there is no sample. A single instant is widened to one minute.
 */
function timeRange(figure: AnalysisFigure): TimeRange {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  const include = (t: number): void => {
    if (Number.isFinite(t)) {
      if (t < from) from = t;
      if (t > to) to = t;
    }
  };
  for (const panel of figure.panels)
    for (const series of panel.series) {
      // Times are ascending, but a leading or trailing NaN time must not hide the ends.
      for (const t of series.t) include(t);
    }
  if (from > to) {
    for (const alarm of figure.alarms) include(alarm.time);
    for (const segment of figure.segments) {
      include(segment.from);
      include(segment.to);
    }
  }
  if (from > to)
    throw new AirtightError(`plot '${figure.title}': no finite time in any series, alarm or segment`);
  if (from === to) {
    from -= 30;
    to += 30;
  }
  return { fromMs: from * 1000, toMs: to * 1000 };
}
