import { findFont } from './fonts.js';

/**
 * Rasterises an SVG document to PNG at its own size (1 SVG px = 1 image px) with resvg, whose
 * prebuilt binary ships inside its npm platform package. Text uses a known system sans-serif
 * (fonts.ts); when none is found resvg scans the system fonts, and with no font at all the PNG is
 * still written, without text.
 */
export async function renderPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const font = findFont();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'original' },
    logLevel: 'off',
    font:
      font === undefined
        ? { loadSystemFonts: true }
        : {
            loadSystemFonts: false,
            fontFiles: font.files,
            defaultFontFamily: font.family,
            sansSerifFamily: font.family,
          },
  });
  return resvg.render().asPng();
}
