import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import type { AnalysisFigure } from './index.js';
import { figureToSvg, writeFigure } from './index.js';

const T0 = Date.UTC(2018, 9, 12) / 1000;
const hour = (h: number): number => T0 + 3600 * h;

/** Two panels (pressure; leak rate with a band), two alarms, two segments: 12 h of 1-minute bins. */
function syntheticFigure(): AnalysisFigure {
  const n = 721;
  const t = Float64Array.from({ length: n }, (_, i) => T0 + 60 * i);
  const pressure = t.map((_, i) => 745 + 1.5 * Math.sin((2 * Math.PI * i) / 92));
  const rate = t.map((_, i) => (i < 300 ? 0 : 1));
  return {
    title: 'Synthetic cabin day',
    subtitle: 'two panels, a band, two alarms, two segments',
    panels: [
      { title: 'Cabin pressure', unit: 'mmHg', series: [{ label: 'US Lab', unit: 'mmHg', t, v: pressure }] },
      {
        title: 'Leak rate',
        unit: 'kg/day',
        series: [
          {
            label: 'leak rate',
            unit: 'kg/day',
            t,
            v: rate,
            lo: rate.map((x) => x - 0.4),
            hi: rate.map((x) => x + 0.4),
          },
        ],
      },
    ],
    alarms: [
      { time: hour(5.5), severity: 'WATCH', kind: 'leak-suspected', message: 'CUSUM above its watch level' },
      { time: hour(8), severity: 'WARNING', kind: 'leak-confirmed', message: 'rate > 0.5 kg/day at 90 %' },
    ],
    segments: [
      { from: hour(0), to: hour(6), label: 'all hatches open' },
      { from: hour(6), to: hour(12), label: 'PrK hatch closed' },
    ],
  };
}

/** Width and height from a PNG's IHDR chunk, which follows the 8-byte signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const match = /^<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  expect(match, svg.slice(0, 200)).not.toBeNull();
  return { width: Number(match![1]), height: Number(match![2]) };
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airtight-plot-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('figureToSvg', () => {
  it('draws the titles, units, segment labels and each alarm with its severity and kind', async () => {
    const svg = await figureToSvg(syntheticFigure());
    for (const text of [
      'Synthetic cabin day',
      'two panels, a band, two alarms, two segments',
      'Cabin pressure',
      'Leak rate',
      'mmHg',
      'kg/day',
      'all hatches open',
      'PrK hatch closed',
      'WATCH leak-suspected',
      'WARNING leak-confirmed',
      'UTC',
      '2018-10-12',
    ])
      expect(svg, text).toContain(`>${text}`);
    expect(svg).toContain('stroke="#1795c0"'); // WATCH: Open MCT cyan
    expect(svg).toContain('stroke="#e7a115"'); // WARNING: Open MCT yellow
  });

  it('is about 1,200 px wide and 250 px per panel', async () => {
    const { width, height } = svgSize(await figureToSvg(syntheticFigure()));
    expect(width).toBe(1200);
    expect(height).toBeGreaterThan(2 * 230);
    expect(height).toBeLessThan(2 * 250 + 200);
  });
});

describe('writeFigure', () => {
  it('writes a PNG of the same size as the SVG', async () => {
    const figure = syntheticFigure();
    const path = join(dir, 'figure.png');
    await writeFigure(path, figure);
    const png = await readFile(path);
    expect(pngSize(png)).toEqual(svgSize(await figureToSvg(figure)));
  });

  it('writes an SVG document', async () => {
    const path = join(dir, 'figure.svg');
    await writeFigure(path, syntheticFigure());
    const svg = await readFile(path, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('WARNING leak-confirmed');
  });

  it('writes a self-contained HTML page: scripts inline, nothing loaded from the network', async () => {
    const path = join(dir, 'figure.html');
    await writeFigure(path, syntheticFigure());
    const html = await readFile(path, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]*\ssrc\s*=/i);
    expect(html).not.toMatch(/<link[^>]*\shref\s*=\s*["']?https?:/i);
    expect(html.match(/<script>/g)).toHaveLength(4); // vega, vega-lite, vega-embed, the figure
    expect(html).toContain('vegaEmbed(');
    expect(html).toContain('"Synthetic cabin day"');
    expect(html).toContain('<title>Synthetic cabin day</title>');
  });

  it('refuses an unknown extension with an InputError and writes nothing', async () => {
    const path = join(dir, 'figure.pdf');
    await expect(writeFigure(path, syntheticFigure())).rejects.toThrow(InputError);
    await expect(writeFigure(path, syntheticFigure())).rejects.toThrow(/figure\.pdf.*\.png, \.svg or \.html/);
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });
});
