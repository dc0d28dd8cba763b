import { describe, expect, it } from 'vitest';
import { findFont } from './fonts.js';
import { renderPng } from './render-png.js';

const svg = (text: string): string =>
  '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="white"/>' +
  `<text x="10" y="28" font-family="DejaVu Sans, sans-serif" font-size="20" fill="black">${text}</text></svg>`;

describe('renderPng', () => {
  it('rasterises at the SVG size', async () => {
    const png = await renderPng(svg('745 mmHg'));
    expect(png.readUInt32BE(16)).toBe(200);
    expect(png.readUInt32BE(20)).toBe(40);
  });

  it.runIf(findFont() !== undefined)('draws text with the system font it finds', async () => {
    const [blank, text] = await Promise.all([renderPng(svg('')), renderPng(svg('745 mmHg'))]);
    // A page with glyphs compresses worse than a white one: the text was drawn.
    expect(text.length).toBeGreaterThan(blank.length + 200);
  });
});
