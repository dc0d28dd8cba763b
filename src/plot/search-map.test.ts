import { describe, expect, it } from 'vitest';
import { searchMapSvg } from './search-map.js';

describe('search map', () => {
  it('draws one rect per cell, the panels (split where they wrap past 0°), the next area and a colour bar', () => {
    const n = 4;
    const svg = searchMapSvg({
      title: 'Leak search: test <&>',
      lengthM: 2,
      axialLoM: Float64Array.from([0, 1, 0, 1]),
      axialHiM: Float64Array.from([1, 2, 1, 2]),
      angleLoDeg: Float64Array.from([0, 0, 180, 180]),
      angleHiDeg: Float64Array.from([180, 180, 360, 360]),
      density: Float64Array.from([0, 1, 2, 4]),
      panels: [
        { id: 'top', axialM: [0, 2], angleDeg: [-90, 90] },
        { id: 'bottom', axialM: [0, 2], angleDeg: [90, 270] },
      ],
      next: { label: 'sweep top', axialM: [0, 1], angleDeg: [-90, 90] },
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Leak search: test &lt;&amp;&gt;');
    const cellRects = svg.match(/<rect [^>]*fill="rgb\(/g) ?? [];
    // 4 cells + 50 colour-bar steps
    expect(cellRects.length).toBe(n + 50);
    // the densest cell is the top colour (viridis yellow), the empty one the bottom (purple)
    expect(svg).toContain('fill="rgb(253,231,37)"');
    expect(svg).toContain('fill="rgb(68,1,84)"');
    // 'top' wraps: two outlines; 'bottom' one; next area (wraps) two red outlines
    expect((svg.match(/stroke="#ffffff" stroke-width="1.5"/g) ?? []).length).toBe(3);
    expect((svg.match(/stroke="#e53935" stroke-width="4"/g) ?? []).length).toBe(2);
    expect(svg).toContain('next: sweep top');
  });
});
