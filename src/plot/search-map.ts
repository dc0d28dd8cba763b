/**
 * The search map: the module's wall unrolled (axial position across, angle around the axis down,
 * 0° = zenith at the top), the posterior as a heat map of probability per m², panel outlines
 * with their ids, and the next recommended area outlined in red. Composed as SVG directly (one
 * rect per cell); PNG through the same resvg rasteriser as the other figures.
 */
import { writeFile } from 'node:fs/promises';
import { InputError } from '../core/index.js';
import { plotFormatOf } from './format.js';
import { renderPng } from './render-png.js';
import { FONT } from './style.js';

export interface SearchMapFigure {
  title: string;
  subtitle?: string;
  lengthM: number;
  /** Per cell: axial and angular edges [m, deg in 0–360] and probability density [1/m²]. */
  axialLoM: Float64Array;
  axialHiM: Float64Array;
  angleLoDeg: Float64Array;
  angleHiDeg: Float64Array;
  density: Float64Array;
  panels: { id: string; axialM: [number, number]; angleDeg: [number, number] }[];
  next?: { label: string; axialM: [number, number]; angleDeg: [number, number] };
  /** Marked points, e.g. patches: axial [m], angle [deg]. */
  marks?: { label: string; axialM: number; angleDeg: number }[];
}

const WIDTH = 1100;
const PLOT = { left: 70, top: 70, width: 900, height: 540 };

// viridis, 6 stops
const STOPS = ['#440154', '#414487', '#2a788e', '#22a884', '#7ad151', '#fde725'];

function colour(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i] as string;
  const b = STOPS[i + 1] as string;
  const ch = (s: string, k: number): number => Number.parseInt(s.slice(1 + 2 * k, 3 + 2 * k), 16);
  const mix = [0, 1, 2].map((k) => Math.round(ch(a, k) + f * (ch(b, k) - ch(a, k))));
  return `rgb(${mix.join(',')})`;
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Angle ranges folded into [0, 360], split where they wrap. */
function angleSpans([a1, a2]: [number, number]): [number, number][] {
  if (a2 - a1 >= 360) return [[0, 360]];
  const lo = ((a1 % 360) + 360) % 360;
  const hi = lo + ((((a2 - a1) % 360) + 360) % 360);
  return hi <= 360
    ? [[lo, hi]]
    : [
        [lo, 360],
        [0, hi - 360],
      ];
}

export function searchMapSvg(figure: SearchMapFigure): string {
  const sx = (m: number): number => PLOT.left + (m / figure.lengthM) * PLOT.width;
  const sy = (deg: number): number => PLOT.top + (deg / 360) * PLOT.height;
  let max = 0;
  for (const d of figure.density) if (d > max) max = d;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${PLOT.top + PLOT.height + 70}" font-family="${FONT}" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="26" font-size="17" font-weight="bold">${escapeXml(figure.title)}</text>`,
  );
  if (figure.subtitle !== undefined)
    parts.push(`<text x="${PLOT.left}" y="48" fill="#444">${escapeXml(figure.subtitle)}</text>`);
  for (let i = 0; i < figure.density.length; i++) {
    const x = sx(figure.axialLoM[i] as number);
    const y = sy(figure.angleLoDeg[i] as number);
    const w = sx(figure.axialHiM[i] as number) - x;
    const h = sy(figure.angleHiDeg[i] as number) - y;
    const t = max > 0 ? Math.sqrt((figure.density[i] as number) / max) : 0;
    parts.push(
      `<rect x="${x.toFixed(2)}" y="${y.toFixed(2)}" width="${(w + 0.3).toFixed(2)}" height="${(h + 0.3).toFixed(2)}" fill="${colour(t)}"/>`,
    );
  }
  for (const panel of figure.panels) {
    for (const [a1, a2] of angleSpans(panel.angleDeg)) {
      const x = sx(panel.axialM[0]);
      const y = sy(a1);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(sx(panel.axialM[1]) - x).toFixed(1)}" height="${(sy(a2) - y).toFixed(1)}" fill="none" stroke="#ffffff" stroke-width="1.5"/>`,
      );
    }
    const [a1] = angleSpans(panel.angleDeg)[0] as [number, number];
    parts.push(
      `<text x="${(sx(panel.axialM[0]) + 4).toFixed(1)}" y="${(sy(a1) + 14).toFixed(1)}" fill="#ffffff" font-size="11">${escapeXml(panel.id)}</text>`,
    );
  }
  if (figure.next !== undefined) {
    for (const [a1, a2] of angleSpans(figure.next.angleDeg)) {
      const x = sx(figure.next.axialM[0]);
      const y = sy(a1);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(sx(figure.next.axialM[1]) - x).toFixed(1)}" height="${(sy(a2) - y).toFixed(1)}" fill="none" stroke="#e53935" stroke-width="4"/>`,
      );
    }
  }
  for (const mark of figure.marks ?? []) {
    const deg = ((mark.angleDeg % 360) + 360) % 360;
    parts.push(
      `<circle cx="${sx(mark.axialM).toFixed(1)}" cy="${sy(deg).toFixed(1)}" r="6" fill="none" stroke="#ffffff" stroke-width="2.5"/>`,
      `<text x="${(sx(mark.axialM) + 9).toFixed(1)}" y="${(sy(deg) + 4).toFixed(1)}" fill="#ffffff">${escapeXml(mark.label)}</text>`,
    );
  }
  // axes
  const bottom = PLOT.top + PLOT.height;
  for (let m = 0; m <= figure.lengthM + 1e-9; m += figure.lengthM > 5 ? 1 : 0.5)
    parts.push(
      `<text x="${sx(m).toFixed(1)}" y="${bottom + 18}" text-anchor="middle">${m.toFixed(1)}</text>`,
    );
  parts.push(
    `<text x="${PLOT.left + PLOT.width / 2}" y="${bottom + 40}" text-anchor="middle">axial position (m)</text>`,
  );
  for (const [deg, name] of [
    [0, '0° zenith'],
    [90, '90° stbd'],
    [180, '180° nadir'],
    [270, '270° port'],
    [360, '360°'],
  ] as const)
    parts.push(
      `<text x="${PLOT.left - 6}" y="${sy(deg) + 4}" text-anchor="end" font-size="10">${name}</text>`,
    );
  // colour bar
  const barX = PLOT.left + PLOT.width + 30;
  for (let k = 0; k < 50; k++)
    parts.push(
      `<rect x="${barX}" y="${(PLOT.top + (PLOT.height * k) / 50).toFixed(1)}" width="18" height="${(PLOT.height / 50 + 0.5).toFixed(1)}" fill="${colour(1 - k / 50)}"/>`,
    );
  parts.push(
    `<text x="${barX + 24}" y="${PLOT.top + 10}">${(max).toPrecision(2)}</text>`,
    `<text x="${barX + 24}" y="${PLOT.top + PLOT.height}">0</text>`,
    `<text x="${barX - 10}" y="${PLOT.top - 10}" font-size="11">per m² (√ scale)</text>`,
  );
  if (figure.next !== undefined)
    parts.push(
      `<rect x="${PLOT.left}" y="${bottom + 50}" width="14" height="10" fill="none" stroke="#e53935" stroke-width="3"/>`,
      `<text x="${PLOT.left + 20}" y="${bottom + 59}">next: ${escapeXml(figure.next.label)}</text>`,
    );
  parts.push('</svg>');
  return parts.join('\n');
}

/** Writes the search map as SVG or PNG, chosen by the extension. */
export async function writeSearchMap(path: string, figure: SearchMapFigure): Promise<void> {
  const format = plotFormatOf(path);
  if (format === 'html')
    throw new InputError({ source: path, problem: 'the search map is drawn as .svg or .png' });
  const svg = searchMapSvg(figure);
  await writeFile(path, format === 'svg' ? svg : await renderPng(svg));
}
