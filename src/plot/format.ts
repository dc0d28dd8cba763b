import { extname } from 'node:path';
import { InputError } from '../core/index.js';
import type { PlotFormat } from './figure.js';

const FORMATS: Readonly<Record<string, PlotFormat>> = {
  '.png': 'png',
  '.svg': 'svg',
  '.html': 'html',
  '.htm': 'html',
};

/** The picture format a path asks for, by its extension (any case): .png, .svg, .html or .htm. */
export function plotFormatOf(path: string): PlotFormat {
  const format = FORMATS[extname(path).toLowerCase()];
  if (format === undefined)
    throw new InputError({
      source: path,
      problem: 'a plot file must end in .png, .svg or .html',
      value: extname(path) || '(no extension)',
    });
  return format;
}
