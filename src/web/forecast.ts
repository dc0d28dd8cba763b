/**
 * The gas-reserve panel: a uPlot fan of the O2 and N2 stores over the coming days (median line,
 * 10–90 % band, the reserve floor dashed) and the days to each floor (p10 / p50 / p90).
 */
import uPlot from 'uplot';
import type { DaysQuantiles, Forecast, GasForecast } from './api.js';
import { valueWithUnit } from './chart-format.js';
import { forecastNote } from './panels.js';

const AXIS = {
  stroke: '#8b949e',
  grid: { stroke: '#30363d', width: 1 },
  ticks: { stroke: '#30363d', width: 1 },
};
const O2 = '#58a6ff';
const N2 = '#3fb950';
const HEIGHT = 200;

const line = (label: string, stroke: string, dash?: number[]): uPlot.Series => ({
  label,
  stroke,
  value: (_u, v) => valueWithUnit(v, 'kg'),
  width: 1.5,
  points: { show: false },
  ...(dash !== undefined && { dash }),
});

export class ForecastChart {
  dirty = false;
  private data: uPlot.AlignedData = [[], [], [], [], [], [], [], [], []];
  private readonly plot: uPlot;

  constructor(readonly element: HTMLElement) {
    this.plot = new uPlot(
      {
        width: Math.max(300, element.clientWidth),
        height: HEIGHT,
        axes: [
          { ...AXIS, label: 'days from now' },
          { ...AXIS, size: 50, label: 'kg' },
        ],
        scales: { x: { time: false } },
        series: [
          { label: 'days from now', value: (_u, v) => valueWithUnit(v, 'd') },
          line('O2 p50', O2),
          line('O2 p10', `${O2}55`),
          line('O2 p90', `${O2}55`),
          line('O2 floor', O2, [6, 4]),
          line('N2 p50', N2),
          line('N2 p10', `${N2}55`),
          line('N2 p90', `${N2}55`),
          line('N2 floor', N2, [6, 4]),
        ],
        bands: [
          { series: [3, 2], fill: `${O2}33` },
          { series: [7, 6], fill: `${N2}33` },
        ],
      },
      this.data,
      element,
    );
  }

  set(f: Forecast): void {
    const floor = (g: GasForecast) => f.day.map(() => g.floorKg);
    this.data = [
      f.day,
      f.o2.fan.p50,
      f.o2.fan.p10,
      f.o2.fan.p90,
      floor(f.o2),
      f.n2.fan.p50,
      f.n2.fan.p10,
      f.n2.fan.p90,
      floor(f.n2),
    ];
    this.dirty = true;
  }

  redraw(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.plot.setData(this.data);
  }

  resize(): void {
    this.plot.setSize({ width: Math.max(300, this.element.clientWidth), height: HEIGHT });
  }
}

const days = (d: number | null, horizon: number): string => (d === null ? `>${horizon}` : d.toFixed(1));
const quantiles = (q: DaysQuantiles, horizon: number): string =>
  `${days(q.p10, horizon)} / ${days(q.p50, horizon)} / ${days(q.p90, horizon)}`;

/** The days-to-floor table and a one-line summary of what the forecast assumed. */
export function renderForecastFigures(table: HTMLTableElement, note: HTMLElement, f: Forecast): void {
  const row = (name: string, g: GasForecast): HTMLTableRowElement => {
    const tr = document.createElement('tr');
    tr.dataset.gas = name;
    const below = g.initialKg < g.floorKg;
    if (below || g.breachProbability > 0.5) tr.className = 'breach';
    for (const text of [
      name,
      g.initialKg.toFixed(1),
      g.floorKg.toFixed(1),
      below ? 'below the floor now' : quantiles(g.daysToFloor, f.horizonDays),
      quantiles(g.daysToEmpty, f.horizonDays),
      `${(100 * g.breachProbability).toFixed(1)} %`,
    ]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  };
  const head = document.createElement('tr');
  for (const text of [
    'gas',
    'stores kg',
    'floor kg',
    'days to floor p10/p50/p90',
    'days to empty',
    `P(floor ≤ ${f.horizonDays} d)`,
  ]) {
    const th = document.createElement('th');
    th.textContent = text;
    head.append(th);
  }
  table.replaceChildren(head, row('O2', f.o2), row('N2', f.n2));
  note.textContent = forecastNote(f);
}
