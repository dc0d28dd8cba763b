import { describe, expect, it } from 'vitest';
import { AirtightError } from '../core/index.js';
import type { AnalysisFigure, PlotSeries } from './figure.js';
import { renderSvg } from './render-svg.js';
import { figureSpec } from './spec.js';

function series(n: number, label = 'p'): PlotSeries {
  const t = Float64Array.from({ length: n }, (_, i) => 1_600_000_000 + 60 * i);
  return { label, unit: 'mmHg', t, v: t.map((_, i) => 745 + Math.sin(i / 50)) };
}

const figure = (panels: PlotSeries[][], extra: Partial<AnalysisFigure> = {}): AnalysisFigure => ({
  title: 'T',
  panels: panels.map((s, k) => ({ title: `panel ${k}`, unit: 'mmHg', series: s })),
  alarms: [],
  segments: [],
  ...extra,
});

const subtitle = (spec: ReturnType<typeof figureSpec>): string[] => {
  const title = spec.title as { subtitle?: string[] };
  return title.subtitle ?? [];
};

describe('figureSpec', () => {
  it('says in the subtitle when series were thinned, and by how much', () => {
    expect(subtitle(figureSpec(figure([[series(1500)]])))).toEqual([]);
    const note = subtitle(figureSpec(figure([[series(45_000)]])));
    expect(note.join(' ')).toContain('45,000 samples → at most 2,000 per series');
  });

  it("puts a figure's notes under its subtitle, in order", () => {
    const spec = figureSpec(figure([[series(100)]], { subtitle: 'rate 1', notes: ['first note', 'second'] }));
    expect(subtitle(spec)).toEqual(['rate 1', 'first note', 'second']);
  });

  it('says how many alarms had no room for a label', () => {
    const alarms = Array.from({ length: 5 }, (_, k) => ({
      time: 1_600_000_000 + k,
      severity: 'WATCH' as const,
      kind: 'k',
      message: 'm',
    }));
    expect(subtitle(figureSpec(figure([[series(100)]], { alarms })))).toEqual([
      '2 of 5 alarms drawn without a label, for lack of room.',
    ]);
  });

  it('embeds at most 2,000 points per series (plus gap markers)', () => {
    const spec = figureSpec(figure([[series(45_000, 'a'), series(45_000, 'b'), series(45_000, 'c')]]));
    const rows = (spec.datasets as Record<string, { s: string }[]>).panel0!;
    for (const label of ['a', 'b', 'c'])
      expect(rows.filter((row) => row.s === label).length).toBeLessThanOrEqual(2000);
  });

  it('draws no strip without alarms or segments, and one above the panels with them', () => {
    expect(figureSpec(figure([[series(10)]])).vconcat).toHaveLength(1);
    const withAlarm = figure([[series(10)]], {
      alarms: [{ time: 1_600_000_100, severity: 'CRITICAL', kind: 'k', message: 'm' }],
    });
    expect(figureSpec(withAlarm).vconcat).toHaveLength(2);
  });

  it('renders without a warning from Vega-Lite or Vega, with and without bands, alarms, segments', async () => {
    const banded = {
      ...series(3000, 'rate'),
      lo: new Float64Array(3000),
      hi: new Float64Array(3000).fill(2),
    };
    const withGap = series(3000, 'gappy');
    withGap.v.fill(Number.NaN, 100, 200);
    for (const f of [
      figure([[series(10)]]),
      figure([[series(3000), withGap], [banded]], {
        alarms: [{ time: 1_600_060_000, severity: 'SEVERE', kind: 'k', message: 'm' }],
        segments: [{ from: 1_600_000_000, to: 1_600_090_000, label: 'open' }],
      }),
    ]) {
      const { warnings } = await renderSvg(figureSpec(f));
      expect(warnings, f.panels.map((p) => p.title).join()).toEqual([]);
    }
  });

  it('refuses a figure it cannot draw, naming what is wrong', () => {
    expect(() => figureSpec(figure([]))).toThrow(AirtightError);
    const short = { ...series(10), v: new Float64Array(9) };
    expect(() => figureSpec(figure([[short]]))).toThrow(/series 'p': v has 9 samples, t has 10/);
    const empty = { label: 'e', unit: 'mmHg', t: new Float64Array(0), v: new Float64Array(0) };
    expect(() => figureSpec(figure([[empty]]))).toThrow(/no finite time/);
    const psi = { ...series(10), unit: 'psi' };
    expect(() => figureSpec(figure([[psi]]))).toThrow(/panel 'panel 0' \(mmHg\): series 'p' is in psi/);
  });
});
