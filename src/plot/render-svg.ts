import { type TextItem, textWidth } from './text-width.js';
import type { FigureSpec } from './vega-types.js';

/** Vega's text measurer, which the package exports but does not type. */
interface TextMetrics {
  width: (item: TextItem, text?: unknown) => number;
}

/** An SVG document and what Vega-Lite and Vega reported while making it. */
export interface RenderedSvg {
  svg: string;
  /** Warnings and errors of the compiler and the renderer, e.g. `WARN Dropping …`. */
  warnings: string[];
}

/**
 * Compiles a Vega-Lite spec to Vega and renders it headless to an SVG string (Vega's 'none'
 * renderer, no canvas). Vega and Vega-Lite are loaded on first use, so commands that draw
 * nothing do not pay for them. Text is measured as DejaVu Sans (text-width.ts) for the whole
 * process, so layout matches the PNG. Warnings are collected, never printed.
 */
export async function renderSvg(spec: FigureSpec): Promise<RenderedSvg> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  (vega as unknown as { textMetrics: TextMetrics }).textMetrics.width = textWidth;
  const warnings: string[] = [];
  const logger = vega.logger(vega.Warn, undefined, (_method, level, args) => {
    warnings.push(`${level} ${args.map(String).join(' ')}`);
  });
  const compiled = vegaLite.compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  try {
    return { svg: await view.toSVG(), warnings };
  } finally {
    view.finalize();
  }
}
