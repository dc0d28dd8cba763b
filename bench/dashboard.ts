// Issue 7 §3, the dashboard at 1 million points per channel, in headless Chromium (skipped when
// /usr/bin/chromium or dist/web is missing): the page loads 1,000,000 synthetic samples into each of
// its three telemetry charts (`?synthetic=`, src/web/synthetic.ts, through the charts' own code), then
// zooms and pans them programmatically, changing each chart's window three times and appending a
// live sample in every animation frame. Measured: time to the first draw of the 1M points, frame
// times (between animation frames: what the operator sees), the page's main-thread busy time per frame
// (Chromium's TaskDuration, less noisy than wall time on a shared machine), and draws per chart per
// animation frame (must be ≤ 1: updates coalesce into one redraw per frame). The same page with
// 1,000 points per chart over the same 11.6 days is the baseline: what the page costs without the data.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { loadScenario, packageRoot } from '../src/config/index.js';
import { buildServer } from '../src/server/index.js';
import { SqliteStore } from '../src/store/index.js';
import { median, printTable } from './report.js';

const POINTS = 1_000_000;
const BASELINE_POINTS = 1_000;
const CHROMIUM = '/usr/bin/chromium';

interface Phase {
  name: string;
  /** Visible span at the phase's start and end, as a fraction of the whole series. */
  from: number;
  to: number;
  /** Pan the window from the start of the series to its end (else it stays at the end). */
  pan: boolean;
}

const PHASES: Phase[] = [
  { name: 'whole 1M points in view, live appends', from: 1, to: 1, pan: false },
  { name: 'zooming in, 1M → 1k points in view', from: 1, to: 1e-3, pan: false },
  { name: 'panning, 10k points in view', from: 1e-2, to: 1e-2, pan: true },
];

interface PhaseResult {
  frames: number;
  deltas: number[];
  maxDrawsPerFrame: number;
  framesWithoutDraw: number;
  busyMs: number;
  /** Of which running script (the page's JS: thinning, uPlot) [ms]. */
  scriptMs: number;
}

/** What the page offers the benchmark (src/web/synthetic.ts); typed here without the DOM library. */
interface PageSide {
  airtightBench: {
    load(): Promise<{ firstDrawMs: number; startS: number; endS: number }>;
    setWindow(lo: number, hi: number): void;
    append(t: number): void;
    draws(): number[];
  };
  requestAnimationFrame(callback: (now: number) => void): number;
}

const percentile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};

interface Measured {
  firstDrawMs: number;
  results: PhaseResult[];
}

/** Loads `points` per chart into a fresh dashboard page and runs the phases. */
async function measure(browser: Browser, url: string, points: number, seconds: number): Promise<Measured> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}/?synthetic=${points}`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
  await page.waitForFunction(() => 'airtightBench' in globalThis);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  /** Chromium's main-thread TaskDuration and ScriptDuration so far [ms]. */
  const busy = async (): Promise<{ task: number; script: number }> => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as {
      metrics: { name: string; value: number }[];
    };
    const metric = (name: string): number =>
      1000 * (metrics.find((m) => m.name === name)?.value ?? Number.NaN);
    return { task: metric('TaskDuration'), script: metric('ScriptDuration') };
  };
  const loaded = await page.evaluate(() => (globalThis as unknown as PageSide).airtightBench.load());
  // let the page's own start-up work (plan, forecast, search map fetches) settle before timing frames
  await page.waitForTimeout(1500);
  const results: PhaseResult[] = [];
  for (const phase of PHASES) {
    const busyBefore = await busy();
    const r = await page.evaluate(
      ({ phase, seconds, startS, endS }) => {
        const page = globalThis as unknown as PageSide;
        const bench = page.airtightBench;
        const whole = endS - startS;
        return new Promise<Omit<PhaseResult, 'busyMs' | 'scriptMs'>>((resolve) => {
          const deltas: number[] = [];
          let maxDrawsPerFrame = 0;
          let framesWithoutDraw = 0;
          let last = -1;
          let first = -1;
          let drawsBefore = bench.draws();
          let live = endS;
          const frame = (now: number): void => {
            if (first < 0) first = now;
            else {
              deltas.push(now - last);
              const draws = bench.draws();
              const most = Math.max(...draws.map((d, k) => d - (drawsBefore[k] as number)));
              maxDrawsPerFrame = Math.max(maxDrawsPerFrame, most);
              if (most === 0) framesWithoutDraw++;
              drawsBefore = draws;
            }
            last = now;
            const t = Math.min(1, (now - first) / (1000 * seconds));
            if (t >= 1 && deltas.length > 0) {
              resolve({ frames: deltas.length, deltas, maxDrawsPerFrame, framesWithoutDraw });
              return;
            }
            const span = whole * phase.from * (phase.to / phase.from) ** t;
            // three window changes and a live sample per frame: they must fold into one draw
            for (const jitter of [0.002, 0.001, 0]) {
              const hi = phase.pan ? startS + span + (whole - span) * t : endS;
              bench.setWindow(hi - span * (1 + jitter), hi);
            }
            live += 1;
            bench.append(live);
            page.requestAnimationFrame(frame);
          };
          page.requestAnimationFrame(frame);
        });
      },
      { phase, seconds, startS: loaded.startS, endS: loaded.endS },
    );
    const busyAfter = await busy();
    results.push({
      ...r,
      busyMs: busyAfter.task - busyBefore.task,
      scriptMs: busyAfter.script - busyBefore.script,
    });
  }
  await page.close();
  if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
  return { firstDrawMs: loaded.firstDrawMs, results };
}

export async function benchDashboard(quick: boolean): Promise<void> {
  const web = join(packageRoot(), 'dist/web');
  if (!existsSync(CHROMIUM) || !existsSync(join(web, 'index.html'))) {
    printTable(
      'Dashboard at 1M points per channel (issue 7 §3)',
      'skipped: no /usr/bin/chromium or dist/web',
      [],
    );
    return;
  }
  const seconds = quick ? 2 : 4;
  const dir = mkdtempSync(join(tmpdir(), 'airtight-bench-dashboard-'));
  const store = new SqliteStore(join(dir, 'bench.db'));
  const server = await buildServer({
    station: loadScenario('quiet-day').station,
    store,
    tokens: new Map(),
    webRoot: web,
  });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const { firstDrawMs, results } = await measure(browser, url, POINTS, seconds);
    const baseline = await measure(browser, url, BASELINE_POINTS, seconds);
    const ms = (x: number): string => `${x.toFixed(1)} ms`;
    const frames = (r: PhaseResult): string => `${ms(median(r.deltas))} / ${ms(percentile(r.deltas, 0.95))}`;
    const all = results.flatMap((r) => r.deltas);
    const allBase = baseline.results.flatMap((r) => r.deltas);
    const p95 = percentile(all, 0.95);
    const mostDraws = Math.max(...[...results, ...baseline.results].map((r) => r.maxDrawsPerFrame));
    printTable(
      'Dashboard at 1M points per channel (issue 7 §3)',
      `${POINTS.toLocaleString('en')} synthetic 1 Hz samples in each of the 3 telemetry charts (uPlot, drawn thinned ` +
        'to min/max per pixel column of the window shown; 1400×1000 px page, headless Chromium without GPU), zoomed ' +
        `and panned for ${seconds} s per phase with 3 window changes and a live sample per chart in every frame ` +
        `(a stress: live telemetry is ~1 Hz). Baseline: the same page with ${BASELINE_POINTS.toLocaleString('en')} ` +
        'points per chart over the same days (what the page costs without the data). Frame time: between animation frames (16.7 ms at ' +
        "60 Hz is the floor), median / 95th percentile; busy: Chromium's main-thread TaskDuration per frame, of which ScriptDuration (the rest is mostly rasterising the " +
        'charts in software: no GPU here).',
      [
        {
          measure: 'time to first draw of 3 × 1M points',
          value: ms(firstDrawMs),
          target: `≤ 1,500 ms; ${BASELINE_POINTS.toLocaleString('en')} points: ${ms(baseline.firstDrawMs)}`,
          pass: firstDrawMs <= 1500,
        },
        ...results.flatMap((r, k) => {
          const base = baseline.results[k] as PhaseResult;
          return [
            {
              measure: `${(PHASES[k] as Phase).name}: frame`,
              value: frames(r),
              target: `p95 ≤ 50 ms; baseline ${frames(base)}`,
              pass: percentile(r.deltas, 0.95) <= 50,
            },
            {
              measure: '  main-thread busy per frame (of which script)',
              value: `${ms(r.busyMs / r.frames)} (${ms(r.scriptMs / r.frames)})`,
              target: `baseline ${ms(base.busyMs / base.frames)} (${ms(base.scriptMs / base.frames)})`,
              pass: null,
            },
          ];
        }),
        {
          measure: 'all phases: frame',
          value: `${ms(median(all))} / ${ms(p95)}`,
          target: `smooth: p95 ≤ 50 ms; baseline ${ms(median(allBase))} / ${ms(percentile(allBase, 0.95))}`,
          pass: p95 <= 50,
        },
        {
          measure: 'draws per chart per animation frame, most',
          value: String(mostDraws),
          target: '≤ 1',
          pass: mostDraws <= 1,
        },
        {
          measure: 'frames with no draw (a change waited a frame)',
          value: String(results.reduce((sum, r) => sum + r.framesWithoutDraw, 0)),
          target: 'baseline: 0',
          pass: null,
        },
      ],
    );
  } finally {
    await browser.close();
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
