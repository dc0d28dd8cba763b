import type { PlotPanel } from './figure.js';
import { alarmRuleLayers, type Overlay, segmentShadeLayers } from './overlay.js';
import { LAYOUT, SERIES_COLOURS } from './style.js';
import { textWidth } from './text-width.js';
import type { SeriesColumns } from './thin.js';
import { timeEncoding } from './time-axis.js';
import type { LayerSpec, ViewSpec } from './vega-types.js';

/** One drawn sample: series label, time in ms, value and band; null where missing. */
export interface PanelRow {
  s: string;
  t: number;
  v: number | null;
  lo: number | null;
  hi: number | null;
}

const TITLE_SIZE = 13;
/** The title's baseline, px above the plot area. */
const TITLE_BASELINE = 8;

/** A value for the embedded data: null where missing, else 10 significant digits (float noise trimmed). */
const orNull = (x: number | undefined): number | null =>
  x === undefined || Number.isNaN(x) ? null : Number(x.toPrecision(10));

/** The rows of one panel's (already thinned) series, for Vega's inline data. */
export function panelRows(labels: readonly string[], series: readonly SeriesColumns[]): PanelRow[] {
  const rows: PanelRow[] = [];
  series.forEach((columns, k) => {
    const s = labels[k] as string;
    for (let i = 0; i < columns.t.length; i++) {
      rows.push({
        s,
        t: Math.round((columns.t[i] as number) * 1000),
        v: orNull(columns.v[i]),
        lo: orNull(columns.lo?.[i]),
        hi: orNull(columns.hi?.[i]),
      });
    }
  });
  return rows;
}

/**
 * One panel: its title above, a y axis titled with its unit, the bands (translucent, same colour
 * as their line) behind the lines, segment shading behind everything and alarm rules on top. When
 * there is more than one series a legend names them on the title's line, right of the title.
 */
export function panelView(
  panel: PlotPanel,
  dataName: string,
  overlay: Overlay,
  options: { bottom: boolean },
): ViewSpec {
  const labels = panel.series.map((series) => series.label);
  const x = { labelled: options.bottom };
  const yAxis = { title: panel.unit, minExtent: LAYOUT.yAxisExtent, maxExtent: LAYOUT.yAxisExtent };
  const domain = panel.yRange === 'robust' ? robustDomain(panel) : undefined;
  const yScale = domain === undefined ? { zero: false } : { zero: false, domain };
  const color = {
    field: 's',
    type: 'nominal' as const,
    scale: { domain: labels, range: SERIES_COLOURS.slice(0, Math.max(1, labels.length)) },
    legend:
      labels.length > 1
        ? {
            title: null,
            orient: 'none' as const,
            direction: 'horizontal' as const,
            legendX: textWidth({ text: panel.title, fontSize: TITLE_SIZE, fontWeight: 'bold' }) + 24,
            legendY: -TITLE_BASELINE - 14,
            symbolOpacity: 1,
            labelLimit: 400,
          }
        : null,
  };
  const hasBand = panel.series.some((series) => series.lo !== undefined && series.hi !== undefined);
  const bandLayer: LayerSpec = {
    data: { name: dataName },
    mark: { type: 'area', opacity: 0.2, clip: true, invalid: 'break-paths-filter-domains' },
    encoding: {
      x: timeEncoding(overlay.range, x),
      y: { field: 'lo', type: 'quantitative', scale: yScale, axis: yAxis },
      y2: { field: 'hi' },
      color,
    },
  };
  return {
    width: LAYOUT.plotWidth,
    height: LAYOUT.panelHeight,
    layer: [
      ...segmentShadeLayers(overlay, x),
      ...(hasBand ? [bandLayer] : []),
      {
        data: { name: dataName },
        mark: { type: 'line', strokeWidth: 1.3, clip: true, invalid: 'break-paths-filter-domains' },
        encoding: {
          x: timeEncoding(overlay.range, x),
          y: { field: 'v', type: 'quantitative', scale: yScale, axis: yAxis },
          color,
        },
      },
      ...alarmRuleLayers(overlay, x),
      // The title as a mark rather than a view title, so that the legend can share its line.
      {
        data: { values: [{}] },
        mark: {
          type: 'text',
          text: panel.title,
          x: 0,
          y: -TITLE_BASELINE,
          align: 'left',
          baseline: 'alphabetic',
          fontSize: TITLE_SIZE,
          fontWeight: 'bold',
          color: '#000000',
        },
      },
    ],
  };
}

/**
 * The 2nd to 98th percentile of a panel's band edges (its values where a series has no band), with
 * zero, padded by a tenth of the span; undefined with no finite value.
 */
export function robustDomain(panel: PlotPanel): [number, number] | undefined {
  const values: number[] = [];
  for (const series of panel.series)
    for (const column of series.lo !== undefined && series.hi !== undefined
      ? [series.lo, series.hi]
      : [series.v])
      for (const v of column) if (Number.isFinite(v)) values.push(v);
  if (values.length === 0) return undefined;
  values.sort((a, b) => a - b);
  const lo = Math.min(0, values[Math.floor(0.02 * (values.length - 1))] as number);
  const hi = Math.max(0, values[Math.ceil(0.98 * (values.length - 1))] as number);
  const pad = 0.1 * (hi - lo || 1);
  return [lo - pad, hi + pad];
}
