import { writeFile } from 'node:fs/promises';
import type { AnalysisFigure } from './figure.js';
import { plotFormatOf } from './format.js';
import { renderHtml } from './render-html.js';
import { renderPng } from './render-png.js';
import { renderSvg } from './render-svg.js';
import { figureSpec } from './spec.js';

export type {
  AlarmSeverity,
  AnalysisFigure,
  PlotAlarm,
  PlotFormat,
  PlotPanel,
  PlotSegment,
  PlotSeries,
} from './figure.js';
export { plotFormatOf } from './format.js';
export { gapsBroken } from './gaps.js';

/**
 * Draws the figure to `path` as PNG, SVG or self-contained HTML, chosen by the extension
 * (plotFormatOf). Throws InputError for another extension, before drawing anything.
 */
export async function writeFigure(path: string, figure: AnalysisFigure): Promise<void> {
  const format = plotFormatOf(path);
  const spec = figureSpec(figure);
  if (format === 'html') {
    await writeFile(path, await renderHtml(spec, figure.title));
    return;
  }
  const { svg } = await renderSvg(spec);
  await writeFile(path, format === 'svg' ? svg : await renderPng(svg));
}

/** The figure as an SVG document (about 1,200 px wide, 250 px per panel), e.g. for tests. */
export async function figureToSvg(figure: AnalysisFigure): Promise<string> {
  return (await renderSvg(figureSpec(figure))).svg;
}
export { type SearchMapFigure, searchMapSvg, writeSearchMap } from './search-map.js';
