import type { TopLevelSpec } from 'vega-lite';

/** The Vega-Lite spec of a whole figure: views stacked vertically. */
export type FigureSpec = Extract<TopLevelSpec, { vconcat: unknown }>;
/** One stacked view (a panel or the strip). */
export type ViewSpec = Extract<FigureSpec['vconcat'][number], { layer: unknown }>;
/** One layer of a view. */
export type LayerSpec = ViewSpec['layer'][number];
/** An x encoding, shared by every layer so that all views use one time scale. */
export type XEncoding = NonNullable<Extract<LayerSpec, { mark: unknown }>['encoding']>['x'];
