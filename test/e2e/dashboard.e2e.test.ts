// End to end in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core; no
// browser downloads): starts the built server with the demo, waits on the dashboard for the demo's
// leak alarm, acknowledges it, logs a search observation through the in-module search panel (checking
// that the server's map of that module and the canvas heat map both change), ticks the first step of
// the next isolation test (checking the plan-step event is stored and the tick survives a reload),
// checks the gas-reserve forecast panel, and saves screenshots in out/e2e/. A second test reads the
// page in a browser far from UTC: chart times in UTC, values with units, every module labelled in
// full, each panel's leak rate saying which estimate it is, and no horizontal scroll at 800 px.
// Skips only when /usr/bin/chromium is absent (.ci/run installs it). AIRTIGHT_E2E_ROOT runs a built
// copy of the package elsewhere (bin/, dist/, stations/ …) instead of this checkout.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page, type Response } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = process.env.AIRTIGHT_E2E_ROOT ?? resolve(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'out/e2e');
const OPERATOR = 'e2e-operator-token';
const dir = mkdtempSync(join(tmpdir(), 'airtight-e2e-'));
const servers: ChildProcess[] = [];
let browser: Browser | null = null;

afterAll(async () => {
  await browser?.close();
  for (const server of servers)
    if (server.exitCode === null) {
      const exited = new Promise((done) => server.once('exit', done));
      server.kill('SIGTERM');
      await exited;
    }
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `airtight serve` on a fresh database (the demo at 4 simulated hours a second unless `args` say); its URL. */
function startServer(db: string, args: string[] = []): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    const server = spawn(
      process.execPath,
      [join(ROOT, 'bin/airtight.js'), 'serve', '--port', '0', '--db', join(dir, db), ...args],
      {
        env: { ...process.env, AIRTIGHT_TOKENS: `${OPERATOR}=operator`, AIRTIGHT_DEMO_SPEED: '14400' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    servers.push(server);
    let out = '';
    let err = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /on (http:\/\/\S+)/.exec(out);
      if (match) resolveUrl((match[1] as string).replace('localhost', '127.0.0.1'));
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    server.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

interface SearchMapAnswer {
  observations: number;
  probability: number[];
  panels: { id: string; probability: number }[];
  next: { action: string }[];
}

/**
 * Brightness of the search map canvas above its middle (starboard side of the unrolled wall) minus
 * below it (port side), and a coarse copy of its pixels, to tell a redrawn map from the old one.
 */
async function canvasSummary(page: Page): Promise<{ tilt: number; pixels: number[] }> {
  return page.evaluate(() => {
    // the page's DOM, typed here as far as used (this file compiles without the DOM library)
    interface Canvas {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        getImageData(
          x: number,
          y: number,
          w: number,
          h: number,
        ): {
          data: Uint8ClampedArray;
          width: number;
          height: number;
        };
      };
    }
    const page = globalThis as unknown as { document: { getElementById(id: string): Canvas } };
    const canvas = page.document.getElementById('search-map');
    const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let tilt = 0;
    const pixels: number[] = [];
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const i = 4 * (y * width + x);
        const light = (data[i] as number) + (data[i + 1] as number) + (data[i + 2] as number);
        tilt += y < height / 2 ? light : -light;
        if (x % 4 === 0 && y % 4 === 0) pixels.push(light);
      }
    return { tilt: tilt / (width * height), pixels };
  });
}

async function launched(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return browser;
}

const skipReason = existsSync(CHROMIUM) ? '' : ` (SKIPPED: ${CHROMIUM} is missing; apt-get install chromium)`;

describe.skipIf(!existsSync(CHROMIUM))(`dashboard in headless Chromium${skipReason}`, () => {
  it('shows the demo leak alarm; the operator acknowledges it and logs a search observation', async () => {
    expect(existsSync(join(ROOT, 'dist/web/index.html')), 'the dashboard is built by npm run build').toBe(
      true,
    );
    mkdirSync(SHOTS, { recursive: true });
    const url = await startServer('e2e.db');
    const page = await (await launched()).newPage({ viewport: { width: 1400, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // and nothing the browser logs as an error (a missing /favicon.ico was a 404 in every console),
    // but the plan's and forecast's 409 before the monitor has a leak estimate, which the panels
    // show as waiting
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      const waiting =
        message.text().includes('409') && /\/api\/v1\/(plan|forecast)/.test(message.location().url);
      if (message.type() === 'error' && !waiting)
        consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    await page.goto(url);
    await page.fill('#token', OPERATOR);
    await page.press('#token', 'Enter');
    await page.locator('#token').dispatchEvent('change');
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, '1-start.png') });

    // zooming a telemetry chart (a drag over its middle fifth) fetches a finer history of that window.
    // On a slow machine the demo may not have stored a sample when the page is first ready; and the
    // chart's span grows with the demo's live values (4 simulated hours a second), so the request is
    // known by the window the chart reports (data-window), not by its length
    await page.waitForFunction(
      "Number(document.querySelector('#chart-pressure')?.dataset.points ?? 0) >= 10",
      null,
      { timeout: 60_000 },
    );
    const histories: Response[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.endsWith('/history')) histories.push(r);
    });
    const plotArea = page.locator('#chart-pressure .u-over');
    const box = await plotArea.boundingBox();
    expect(box).not.toBeNull();
    if (box !== null) {
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
    }
    const shown = await page.waitForFunction(
      "document.querySelector('#chart-pressure')?.dataset.window || false",
      null,
      { timeout: 10_000 },
    );
    const [lo, hi] = String(await shown.jsonValue())
      .split(',')
      .map(Number) as [number, number];
    const zoomRequest = (r: Response): boolean => {
      const u = new URL(r.url());
      return (
        Number(u.searchParams.get('start')) === Math.floor(lo) &&
        Number(u.searchParams.get('end')) === Math.ceil(hi + 1)
      );
    };
    await expect.poll(() => histories.some(zoomRequest), { timeout: 30_000 }).toBe(true);
    const zoomed = await (histories.find(zoomRequest) as Response).json();
    expect(zoomed.time.length).toBeGreaterThan(0);
    expect(zoomed.time[0]).toBeGreaterThanOrEqual(Math.floor(lo));
    expect(zoomed.time.at(-1)).toBeLessThanOrEqual(Math.ceil(hi + 1));
    await page.locator('#chart-pressure').dblclick();

    const alarm = page.locator('#alarms li[data-kind="leak"]').first();
    await alarm.waitFor({ timeout: 60_000 });
    expect(await alarm.textContent()).toMatch(/leak in \S+/);
    await page.screenshot({ path: join(SHOTS, '2-leak-alarm.png') });
    const id = Number(await alarm.getAttribute('data-id'));
    await alarm.locator('button.ack').click();
    await page.locator(`#alarms li[data-id="${id}"].acked`).waitFor({ timeout: 10_000 });

    // the in-module search: PrK's wall, then confetti seen drifting to starboard, logged in the form
    const searchMap = async (): Promise<SearchMapAnswer> =>
      (await (await fetch(`${url}/api/v1/search?module=zvezda-prk`)).json()) as SearchMapAnswer;
    const starboard = (m: SearchMapAnswer): number =>
      m.panels.filter((p) => p.id.endsWith('-stbd')).reduce((sum, p) => sum + p.probability, 0);
    await page.selectOption('#search-module', 'zvezda-prk');
    await page.waitForSelector('#search-map[data-module="zvezda-prk"][data-observations="0"]', {
      timeout: 30_000,
    });
    const before = await searchMap();
    const canvasBefore = await canvasSummary(page);
    expect(before.observations).toBe(0);
    expect(before.next[0]?.action).toBe('drift');
    await page.selectOption('#obs-kind', 'drift');
    await page.fill('#obs-axial', '1.6');
    await page.selectOption('#obs-toward', '90');
    await page.fill('#obs-note', 'confetti drifted to starboard');
    await page.click('#observation button[type="submit"]');
    await page.locator('#obs-result', { hasText: /^logged #\d+$/ }).waitFor({ timeout: 30_000 });
    await page.waitForSelector('#search-map[data-observations="1"]', { timeout: 10_000 });
    await page.locator('#events li[data-kind="search-observation"]').first().waitFor();
    await page.locator('#search-panel').screenshot({ path: join(SHOTS, '3-search-map.png') });
    await page.screenshot({ path: join(SHOTS, '3-acknowledged-and-observed.png'), fullPage: true });
    // the server's map took the observation: mass moved to the starboard panels, no drift test asked
    const after = await searchMap();
    expect(after.observations).toBe(1);
    expect(starboard(after)).toBeGreaterThan(starboard(before) + 0.2);
    expect(after.next[0]?.action).not.toBe('drift');
    // and the canvas shows it: many pixels changed, and the starboard half (above the middle) brightened
    const canvasAfter = await canvasSummary(page);
    const changed = canvasAfter.pixels.filter((v, i) => Math.abs(v - (canvasBefore.pixels[i] ?? 0)) > 30);
    expect(changed.length / canvasAfter.pixels.length).toBeGreaterThan(0.05);
    expect(canvasAfter.tilt).toBeGreaterThan(canvasBefore.tilt + 5);

    // what the browser did is in the store, as the API reports it
    const alarms = (await (await fetch(`${url}/api/v1/alarms`)).json()) as {
      alarms: { id: number; acknowledgedBy: string | null }[];
    };
    expect(alarms.alarms.find((a) => a.id === id)?.acknowledgedBy).toMatch(/^operator-/);
    const events = (await (await fetch(`${url}/api/v1/events?kind=search-observation`)).json()) as {
      events: { payload: Record<string, unknown> }[];
    };
    expect(events.events.map((e) => e.payload)).toEqual([
      {
        module: 'zvezda-prk',
        observation: { kind: 'drift', fromAxialM: 1.6, towardDeg: 90 },
        found: false,
        note: 'confetti drifted to starboard',
      },
    ]);

    // the next isolation test as a checklist (once the leak rate's 90 % interval excludes zero)
    const steps = page.locator('#plan-panel .plan-steps');
    const first = steps.locator('li[data-step="0"]');
    await first.locator('input[type="checkbox"]').waitFor({ timeout: 60_000 });
    const testClose = ((await steps.getAttribute('data-test')) ?? '').split(',');
    const stepText = await first.locator('span').textContent();
    expect(testClose.length).toBeGreaterThan(0);
    expect(await page.locator('#plan-panel .plan-row').count()).toBe(7);
    expect(await page.locator('#topology').getAttribute('data-tint')).toBe('plan');
    await first.locator('input[type="checkbox"]').check();
    await page.locator('#plan-result', { hasText: 'logged' }).waitFor({ timeout: 10_000 });
    await steps.locator('li[data-step="0"].done').waitFor({ timeout: 10_000 });
    const ticks = (await (await fetch(`${url}/api/v1/events?kind=plan-step`)).json()) as {
      events: { payload: Record<string, unknown>; author: string }[];
    };
    expect(ticks.events.map((e) => e.payload)).toEqual([{ step: 0, text: stepText, testClose, done: true }]);
    expect(ticks.events[0]?.author).toMatch(/^operator-/);

    // the reserve forecast: fan chart and days to the floor for both gases
    await page.locator('#forecast-panel[data-state="forecast"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('#chart-forecast canvas').count()).toBe(1);
    for (const gas of ['O2', 'N2'])
      expect(await page.locator(`#forecast-days tr[data-gas="${gas}"]`).textContent()).toMatch(/\d/);
    await page.screenshot({ path: join(SHOTS, '4-plan-and-forecast.png'), fullPage: true });

    // the tick is the server's: after a reload the same test shows its first step ticked
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    await page.locator('#plan-panel .plan-steps li input').first().waitFor({ timeout: 60_000 });
    if ((await steps.getAttribute('data-test')) === testClose.join(','))
      expect(await steps.locator('li[data-step="0"] input').isChecked()).toBe(true);
    else expect(await steps.locator('li.done').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 180_000);

  it('shows UTC times and units, labels each rate and every module, and fits 800 px', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const url = await startServer('legible.db');
    // a browser far from UTC: the charts must not show its local time
    const context = await (await launched()).newContext({
      viewport: { width: 1400, height: 1000 },
      timezoneId: 'America/Los_Angeles',
    });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    for (const quantity of ['pressure', 'temperature'])
      await page.waitForFunction(
        `Number(document.querySelector('#chart-${quantity}')?.dataset.points ?? 0) >= 10`,
        null,
        { timeout: 60_000 },
      );

    // axes (drawn on the canvas; the chart names them in data-axes) and the hover legend: UTC, units
    expect(await page.locator('#chart-rate').getAttribute('data-axes')).toBe('time (UTC) | kg/day');
    expect(await page.locator('#chart-pressure').getAttribute('data-axes')).toBe('time (UTC) | mmHg');
    expect(await page.locator('#chart-temperature').getAttribute('data-axes')).toBe('time (UTC) | °C');
    const legendOnHover = async (id: string): Promise<string> => {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      const box = await page.locator(`#${id} .u-over`).boundingBox();
      if (box === null) return '';
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2);
      return ((await page.locator(`#${id} .u-legend`).textContent()) ?? '').replace(/\s+/g, ' ');
    };
    const stamp = /time \(UTC\):? ?\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ/;
    await expect.poll(() => legendOnHover('chart-pressure'), { timeout: 10_000 }).toMatch(stamp);
    await expect.poll(() => legendOnHover('chart-pressure'), { timeout: 10_000 }).toMatch(/\d mmHg/);
    await expect.poll(() => legendOnHover('chart-temperature'), { timeout: 10_000 }).toMatch(/\d °C/);
    await page.locator('#chart-pressure').screenshot({ path: join(SHOTS, '6-chart-hover-utc.png') });
    await page.mouse.move(1, 1);

    // the station graph: every label whole and at least 10 px as drawn, the graph as tall as its boxes
    const topology = await page.evaluate(() => {
      // the page's DOM, typed here as far as used (this file compiles without the DOM library)
      interface Svg {
        clientWidth: number;
        getAttribute(name: string): string;
        getBBox(): { y: number; height: number };
        querySelectorAll(s: string): { textContent: string }[];
      }
      const doc = globalThis as unknown as {
        document: { getElementById(id: string): Svg };
        getComputedStyle(e: unknown): { fontSize: string };
      };
      const svg = doc.document.getElementById('topology');
      const [, , w, h] = svg.getAttribute('viewBox').split(' ').map(Number) as number[];
      const texts = [...svg.querySelectorAll('text')];
      const font = Number.parseFloat(doc.getComputedStyle(texts[0]).fontSize);
      return {
        labels: texts.map((t) => t.textContent),
        renderedPx: (font * svg.clientWidth) / (w as number),
        contentShare: svg.getBBox().height / (h as number),
      };
    });
    expect(topology.labels.length).toBeGreaterThan(10);
    expect(topology.labels.filter((l) => l.includes('…'))).toEqual([]);
    expect(topology.renderedPx).toBeGreaterThanOrEqual(10);
    expect(topology.contentShare).toBeGreaterThan(0.9);

    // each panel's leak rate says which estimate it is
    await page
      .locator('#groups', { hasText: "each group's rate over the monitor's trailing window" })
      .waitFor();
    expect(await page.locator('#groups').textContent()).toMatch(/kg\/day over the last [\d.]+ h/);
    await page.locator('#search-figures', { hasText: /searching for [\d.]+ kg\/day \(.+\)/ }).waitFor();
    expect(await page.locator('#search-figures').textContent()).not.toContain('now)');
    await page
      .locator('#plan-panel .plan-status', {
        hasText: /^station leak [\d.]+ kg\/day .*every group's rate summed/,
      })
      .waitFor({ timeout: 60_000 });
    await page.locator('#topology-panel').screenshot({ path: join(SHOTS, '6-topology-1400.png') });
    await page.screenshot({ path: join(SHOTS, '6-wide-1400.png'), fullPage: true });

    // 800 px: no horizontal scroll, every select inside its panel
    await page.setViewportSize({ width: 800, height: 1000 });
    await page.waitForTimeout(500);
    const narrow = await page.evaluate(() => {
      // the page's DOM, typed here as far as used
      interface El {
        id: string;
        getBoundingClientRect(): { right: number };
        closest(selector: string): El;
      }
      const doc = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number }; querySelectorAll(s: string): El[] };
        }
      ).document;
      return {
        scrollWidth: doc.documentElement.scrollWidth,
        outside: [...doc.querySelectorAll('select')]
          .filter((s) => s.getBoundingClientRect().right > s.closest('.panel').getBoundingClientRect().right)
          .map((s) => s.id),
      };
    });
    await page.screenshot({ path: join(SHOTS, '6-narrow-800.png'), fullPage: true });
    expect(narrow.scrollWidth).toBeLessThanOrEqual(800);
    expect(narrow.outside).toEqual([]);
    await context.close();
  }, 180_000);

  it('asks for no plan or forecast the server would refuse, and shows why', async () => {
    // a leak-free day from its start, 20 simulated minutes a second: the young monitor has no rate
    // at first (no forecast), then one whose band holds zero (no leak to localize)
    const url = await startServer('quiet.db', ['--demo-scenario', 'quiet-day', '--demo-speed', '1200']);
    const page = await (await launched()).newPage({ viewport: { width: 1400, height: 1000 } });
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) refused.push(`${r.status()} ${r.url()}`);
    });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    // the plan panel says why there is no plan, unasked
    await page.waitForFunction(
      "document.querySelector('#plan-panel .plan-status')?.textContent.includes('no leak to localize yet')",
      null,
      { timeout: 60_000 },
    );
    // once the monitor has a rate, the forecast is asked for and drawn (the refusal lifted)
    await page.waitForSelector('#forecast-panel[data-state="forecast"]', { timeout: 90_000 });
    // its footnote gives the leak the paths draw with the monitor's interval it comes from
    expect(await page.locator('#forecast-note').textContent()).toMatch(
      /leak [\d.]+ ± [\d.]+ kg\/day \(the monitor's 90 %: /,
    );
    await page.screenshot({ path: join(SHOTS, '5-quiet-day.png'), fullPage: true });
    const leak = await page.evaluate(
      async () =>
        ((await (await fetch('api/v1/leak')).json()) as { state: { refusals: { forecast: unknown } } }).state,
    );
    expect(leak.refusals.forecast).toBeNull();
    expect(refused).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 180_000);
});
