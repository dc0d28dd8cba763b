/**
 * uPlot charts: one telemetry channel per chart (history thinned by the server, live values
 * appended; what is drawn is thinned again to the pixel columns of the window shown, thin.ts, so
 * a million samples draw about as fast as a thousand) with alarms marked as vertical lines, and
 * the leak rate with its 90 % band. Charts only mark themselves dirty (new data, a new x window, a
 * new size); the page redraws dirty charts once per animation frame, each in one uPlot draw.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { displayUnit, TIME_AXIS_LABEL, utcStamp, utcTicks, valueWithUnit } from './chart-format.js';
import { type BlockExtremes, mergeDetail, thinToColumns, updateBlocks } from './thin.js';

const AXIS = {
  stroke: '#8b949e',
  grid: { stroke: '#30363d', width: 1 },
  ticks: { stroke: '#30363d', width: 1 },
  labelSize: 18,
  labelFont: '11px system-ui, sans-serif',
};

/** The x axis of a time chart: ticks and label in UTC, whatever the browser's zone. */
const TIME_AXIS: uPlot.Axis = {
  ...AXIS,
  label: TIME_AXIS_LABEL,
  values: (_u, splits, _axis, _space, incr) => utcTicks(splits, incr),
};

/** The x series of a time chart: the legend's time in UTC, marked Z. */
const TIME_SERIES: uPlot.Series = {
  label: TIME_AXIS_LABEL,
  value: (_u, v) => (v === null ? '--' : utcStamp(v)),
};

/** Where uPlot places ticks: on UTC hours and days. */
const utcDate = (epochS: number): Date => uPlot.tzDate(new Date(epochS * 1000), 'Etc/UTC');

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
  /** Every sample held (the thinned history plus live values); only a thinned view is drawn. */
  time: number[] = [];
  value: number[] = [];
  dirty = false;
  /** Draws so far (the dashboard benchmark checks there is at most one per animation frame). */
  draws = 0;
  /** performance.now() of the last draw [ms]. */
  drawnAt = 0;
  /** The x window shown [epoch s]; null follows all the data (live). */
  private window: [number, number] | null = null;
  /** Extremes of `value` per block of samples, for thinning (kept up to date as samples arrive). */
  private blocks: BlockExtremes = { min: [], max: [] };
  private windowDirty = false;
  private sizeDirty = false;
  /** y range of what is drawn (uPlot's own would see no samples in a window between two of them). */
  private yRange: uPlot.Range.MinMax = [0, 1];
  private readonly plot: uPlot;

  /**
   * `requestFrame`: asks the page for an animation frame (after the operator zooms); `onWindow`:
   * told of every window change (the page fetches a finer history for a zoomed window).
   */
  constructor(
    readonly element: HTMLElement,
    label: string,
    alarmTimes: () => number[],
    private readonly requestFrame: () => void = () => undefined,
    private readonly onWindow: (window: [number, number] | null) => void = () => undefined,
  ) {
    this.plot = new uPlot(
      {
        width: Math.max(300, element.clientWidth),
        height: 170,
        legend: { show: true },
        tzDate: utcDate,
        // a drag selects a window and a double click returns to all the data; either is drawn at the
        // next animation frame, not at once by uPlot (one draw per frame)
        cursor: {
          drag: { x: true, y: false, setScale: false },
          bind: { dblclick: () => () => null },
        },
        axes: [TIME_AXIS, { ...AXIS, size: 60, label: () => displayUnit(this.unit) }],
        scales: { y: { range: () => this.yRange } },
        series: [
          TIME_SERIES,
          {
            label,
            stroke: '#58a6ff',
            width: 1.25,
            points: { show: false },
            value: (_u, v) => valueWithUnit(v, this.unit),
          },
        ],
        plugins: [
          alarmMarks(alarmTimes),
          { hooks: { draw: () => this.counted(), setSelect: (u: uPlot) => this.selected(u) } },
        ],
      },
      [[], []],
      element,
    );
    // double click: back to all the data, following live values
    element.addEventListener('dblclick', () => {
      this.setWindow(null);
      this.requestFrame();
    });
  }

  private counted(): void {
    this.draws++;
    this.drawnAt = performance.now();
  }

  private selected(u: uPlot): void {
    if (u.select.width < 2) return;
    const lo = u.posToVal(u.select.left, 'x');
    const hi = u.posToVal(u.select.left + u.select.width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    // no window to zoom into before the chart holds two samples (the demo may still be fast-forwarding)
    if (this.time.length < 2) return;
    this.setWindow([lo, hi]);
    this.requestFrame();
  }

  /** Shows `[lo, hi]` of the x axis [epoch s] at the next redraw (null: all the data). */
  setWindow(window: [number, number] | null): void {
    this.window = window;
    this.windowDirty = true;
    // the window shown, for scripts driving the page ('' when following all the data)
    this.element.dataset.window = window === null ? '' : window.join(',');
    this.onWindow(window);
  }

  /** The x window shown [epoch s]; null when following all the data. */
  get shown(): [number, number] | null {
    return this.window;
  }

  /** Puts a finer history of the window [lo, hi] in place of the samples held there. */
  loadDetail(time: number[], value: number[], lo: number, hi: number): void {
    const merged = mergeDetail(this.time, this.value, { time, value }, lo, hi);
    this.time = merged.time;
    this.value = merged.value;
    this.blocks = { min: [], max: [] };
    this.dirty = true;
  }

  /** Replaces the data (a thinned history). */
  load(channel: string, unit: string, time: number[], value: number[]): void {
    this.channel = channel;
    this.unit = unit;
    this.time = time;
    this.value = value;
    this.blocks = { min: [], max: [] };
    // uPlot writes a series' legend label once: the channel shown is written in place
    const legendLabel = this.element.querySelector('.u-legend .u-series:nth-child(2) .u-label');
    if (legendLabel !== null) legendLabel.textContent = channel;
    // the axes' labels, for scripts driving the page (uPlot draws them on its canvas)
    this.element.dataset.axes = `${TIME_AXIS_LABEL} | ${displayUnit(unit)}`;
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

  /** Draws what changed (data, window, size) in one uPlot commit: one draw. */
  redraw(): void {
    if (!(this.dirty || this.windowDirty || this.sizeDirty)) return;
    const width = Math.max(300, this.element.clientWidth);
    const n = this.time.length;
    const [lo, hi] = this.window ?? [this.time[0] ?? 0, this.time[n - 1] ?? 1];
    const view = thinToColumns(this.time, this.value, lo, hi, width, updateBlocks(this.blocks, this.value));
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of view.value)
      if (Number.isFinite(v)) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    this.yRange = min <= max ? uPlot.rangeNum(min, max, 0.1, true) : [0, 1];
    this.plot.batch(() => {
      if (this.sizeDirty) this.plot.setSize({ width, height: 170 });
      this.plot.setData([view.time, view.value], this.window === null);
      if (this.window !== null) this.plot.setScale('x', { min: lo, max: hi });
    });
    this.dirty = this.windowDirty = this.sizeDirty = false;
    // how many samples the chart holds, for scripts driving the page (a zoom needs two or more)
    this.element.dataset.points = String(n);
  }

  /** Takes the element's new width at the next redraw. */
  resize(): void {
    this.sizeDirty = true;
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
        tzDate: utcDate,
        axes: [TIME_AXIS, { ...AXIS, size: 50, label: 'kg/day' }],
        series: [
          TIME_SERIES,
          { label: 'rate', stroke: '#f0883e', width: 1.5, points: { show: false }, value: perDay },
          { label: '5 %', stroke: '#f0883e55', points: { show: false }, value: perDay },
          { label: '95 %', stroke: '#f0883e55', points: { show: false }, value: perDay },
        ],
        bands: [{ series: [3, 2], fill: '#f0883e33' }],
        // the estimate right after a hatch change can swing far: scale to the 2nd–98th percentiles
        scales: { y: { range: () => robustRange(this.data) } },
        plugins: [alarmMarks(alarmTimes)],
      },
      this.data,
      element,
    );
    element.dataset.axes = `${TIME_AXIS_LABEL} | kg/day`;
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

const perDay = (_u: uPlot, v: number | null): string => valueWithUnit(v, 'kg/day');

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
