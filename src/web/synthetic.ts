/**
 * The page side of the dashboard benchmark (bench/dashboard.ts), installed only with
 * `?synthetic=<points>`: `window.airtightBench` loads that many synthetic samples (1 Hz for a
 * million; fewer are spread over the same 11.6 days) into each telemetry chart (a cabin-pressure-
 * like random walk with a daily wave, seeded) through the charts' own `load`, moves their x window
 * as an operator zooming and panning would, and counts draws per animation frame. The dashboard's
 * live history reloads stay off in this mode.
 */
import type { ChannelChart } from './charts.js';

export interface SyntheticBench {
  /** Loads the points; resolves with the time [ms] from handing them over to every chart drawn. */
  load(): Promise<{ points: number; firstDrawMs: number; startS: number; endS: number }>;
  /** Sets every chart's x window [epoch s] (drawn at the next animation frame). */
  setWindow(lo: number, hi: number): void;
  /** Appends one live sample to every chart (drawn at the next animation frame). */
  append(t: number): void;
  /** Draws per chart so far. */
  draws(): number[];
}

/** Span of the synthetic series [s]: 1,000,000 points are 1 Hz; fewer points are spread over the same days. */
const SPAN_S = 1_000_000;

/** Deterministic samples over SPAN_S seconds ending at `endS`. */
function samples(points: number, endS: number, seed: number): { time: number[]; value: number[] } {
  const step = SPAN_S / points;
  // pushed, not `new Array(points)`: V8 keeps a preallocated array that large as a slow dictionary
  const time: number[] = [];
  const value: number[] = [];
  let state = seed >>> 0;
  let walk = 0;
  for (let i = 0; i < points; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    walk += (state / 2 ** 32 - 0.5) * 0.02;
    time.push(endS - (points - 1 - i) * step);
    value.push(750 + walk + 0.8 * Math.sin((2 * Math.PI * i * step) / 86400) + ((state >>> 8) % 100) / 500);
  }
  return { time, value };
}

export function installSyntheticData(points: number, charts: ChannelChart[], requestFrame: () => void): void {
  const bench: SyntheticBench = {
    load() {
      const endS = Math.floor(Date.now() / 1000);
      const data = charts.map((_, k) => samples(points, endS, 17 + k));
      const before = charts.map((c) => c.draws);
      const started = performance.now();
      charts.forEach((chart, k) => {
        const d = data[k] as { time: number[]; value: number[] };
        chart.load(`SYNTHETIC_${k + 1}`, 'mmHg', d.time, d.value);
      });
      requestFrame();
      return new Promise((resolve) => {
        const wait = (): void => {
          if (charts.every((c, k) => c.draws > (before[k] as number)))
            resolve({
              points,
              firstDrawMs: Math.max(...charts.map((c) => c.drawnAt)) - started,
              startS: endS - (points - 1) * (SPAN_S / points),
              endS,
            });
          else requestAnimationFrame(wait);
        };
        requestAnimationFrame(wait);
      });
    },
    setWindow(lo, hi) {
      for (const chart of charts) chart.setWindow([lo, hi]);
      requestFrame();
    },
    append(t) {
      for (const chart of charts) chart.append(t, 750);
      requestFrame();
    },
    draws: () => charts.map((c) => c.draws),
  };
  (window as unknown as { airtightBench: SyntheticBench }).airtightBench = bench;
}
