/**
 * uPlot charts: one telemetry channel per chart (history thinned by the server, live values
 * appended) with alarms marked as vertical lines, and the leak rate with its 90 % band. Charts
 * only mark themselves dirty; the page redraws dirty charts once per animation frame.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const AXIS = {
  stroke: '#8b949e',
  grid: { stroke: '#30363d', width: 1 },
  ticks: { stroke: '#30363d', width: 1 },
};

/** Draws a vertical line at each alarm time inside the x range. */
function alarmMarks(times: () => number[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const { ctx } = u;
        const [lo, hi] = [u.scales.x?.min ?? 0, u.scales.x?.max ?? 0];
        ctx.save();
        ctx.strokeStyle = '#f85149';
        ctx.lineWidth = 1.5 * devicePixelRatio;
        ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio]);
        for (const t of times()) {
          if (t < lo || t > hi) continue;
          const px = Math.round(u.valToPos(t, 'x', true));
          ctx.beginPath();
          ctx.moveTo(px, u.bbox.top);
          ctx.lineTo(px, u.bbox.top + u.bbox.height);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

export class ChannelChart {
  channel = '';
  unit = '';
  time: number[] = [];
  value: number[] = [];
  dirty = false;
  private readonly plot: uPlot;

  constructor(
    readonly element: HTMLElement,
    label: string,
    alarmTimes: () => number[],
  ) {
    this.plot = new uPlot(
      {
        width: Math.max(300, element.clientWidth),
        height: 170,
        legend: { show: true },
        cursor: { drag: { x: true, y: false } },
        axes: [AXIS, { ...AXIS, size: 60 }],
        series: [{}, { label, stroke: '#58a6ff', width: 1.25, points: { show: false } }],
        plugins: [alarmMarks(alarmTimes)],
      },
      [[], []],
      element,
    );
  }

  /** Replaces the data (a thinned history). */
  load(channel: string, unit: string, time: number[], value: number[]): void {
    this.channel = channel;
    this.unit = unit;
    this.time = time;
    this.value = value;
    if (this.plot.series[1]) this.plot.series[1].label = `${channel} [${unit}]`;
    this.dirty = true;
  }

  append(t: number, v: number): void {
    if (this.time.length > 0 && t <= (this.time.at(-1) as number)) return;
    this.time.push(t);
    this.value.push(v);
    this.dirty = true;
  }

  /** Points beyond which the page refetches a thinned history instead of appending. */
  get pointBudget(): number {
    return 8 * Math.max(300, this.element.clientWidth);
  }

  redraw(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.plot.setData([this.time, this.value]);
  }

  resize(): void {
    this.plot.setSize({ width: Math.max(300, this.element.clientWidth), height: 170 });
  }
}

export class RateChart {
  dirty = false;
  private data: uPlot.AlignedData = [[], [], [], []];
  private readonly plot: uPlot;

  constructor(
    readonly element: HTMLElement,
    alarmTimes: () => number[],
  ) {
    this.plot = new uPlot(
      {
        width: Math.max(300, element.clientWidth),
        height: 150,
        axes: [AXIS, { ...AXIS, size: 50 }],
        series: [
          {},
          { label: 'rate kg/day', stroke: '#f0883e', width: 1.5, points: { show: false } },
          { label: '5 %', stroke: '#f0883e55', points: { show: false } },
          { label: '95 %', stroke: '#f0883e55', points: { show: false } },
        ],
        bands: [{ series: [3, 2], fill: '#f0883e33' }],
        // the estimate right after a hatch change can swing far: scale to the 2nd–98th percentiles
        scales: { y: { range: () => robustRange(this.data) } },
        plugins: [alarmMarks(alarmTimes)],
      },
      this.data,
      element,
    );
  }

  set(history: { t: number[]; rate: number[]; low: number[]; high: number[] }): void {
    this.data = [history.t, history.rate, history.low, history.high];
    this.dirty = true;
  }

  redraw(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.plot.setData(this.data);
  }

  resize(): void {
    this.plot.setSize({ width: Math.max(300, this.element.clientWidth), height: 150 });
  }
}

/** y range covering the 2nd to 98th percentile of the band, padded; [-1, 1] with no data. */
function robustRange(data: uPlot.AlignedData): [number, number] {
  const values = [...(data[2] ?? []), ...(data[3] ?? [])].filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v),
  );
  if (values.length === 0) return [-1, 1];
  values.sort((a, b) => a - b);
  const lo = Math.min(0, values[Math.floor(0.02 * (values.length - 1))] as number);
  const hi = Math.max(0, values[Math.ceil(0.98 * (values.length - 1))] as number);
  const pad = 0.1 * (hi - lo || 1);
  return [lo - pad, hi + pad];
}
