// Issue 7 §5, the server: sustained telemetry ingest over HTTP into SQLite with the pipeline
// running (the feed in a separate process, bench/server-client.ts; the monitor's lag reported, as
// a backlog that grows without bound is not sustained), thinning one day of 1 Hz data to 2,000
// points, and the dashboard's first paint in headless Chromium (skipped when /usr/bin/chromium or
// dist/web is missing).

import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, packageRoot } from '../src/config/index.js';
import { isoFromEpochS, type Station } from '../src/core/index.js';
import { createMonitor, monitorBatch } from '../src/monitor/index.js';
import { buildServer, Pipeline, resumeSpanS } from '../src/server/index.js';
import {
  advanceSimulation,
  convertToSI,
  createSimulation,
  isFinished,
  SampleBuffer,
} from '../src/sim/index.js';
import { type SampleColumns, SqliteStore } from '../src/store/index.js';
import { median, printTable } from './report.js';

const TOKEN = 'bench-token-1';
const BATCH = 20_000;
/**
 * Samples posted in the ingest run: 100 simulated days of the ISS (about 250,000 samples a day),
 * so that posting lasts over 30 s at up to 800,000 samples/s (bounded: the run stops by itself;
 * at 15 million, a run at 515,000 samples/s ended in 29 s and missed the 30 s it is held to).
 */
const INGEST_SAMPLES = 25_000_000;
/** Days simulated for the ingest run (a little more than INGEST_SAMPLES needs). */
const INGEST_DAYS = 102;

/**
 * ISS telemetry from the quiet-day scenario (run on for days) written to `file` as JSON bodies of
 * BATCH samples in sensor units, one per line; the same samples in SI for the monitor alone.
 */
function telemetryFile(file: string): { si: SampleColumns[]; samples: number; startS: number } {
  const quiet = loadScenario('quiet-day');
  const scenario = { ...quiet, durationS: INGEST_DAYS * 86400 };
  const sim = createSimulation(scenario);
  const units = scenario.station.sensors.map((s) => s.unit);
  const si: SampleColumns[] = [];
  const sensors = scenario.station.sensors;
  const buffer = new SampleBuffer();
  const fd = openSync(file, 'w');
  let items: string[] = [];
  let samples = 0;
  try {
    while (samples < INGEST_SAMPLES && !isFinished(sim)) {
      advanceSimulation(sim, buffer, { steps: 600 });
      const n = Math.min(buffer.length, INGEST_SAMPLES - samples);
      for (let i = 0; i < n; i++) {
        const sensor = sensors[buffer.channel[i] as number];
        if (sensor === undefined) continue;
        items.push(`{"time":${buffer.time[i]},"channel":"${sensor.id}","value":${buffer.value[i]}}`);
        if (items.length === BATCH) {
          writeSync(fd, `[${items.join(',')}]\n`);
          items = [];
        }
      }
      samples += n;
      convertToSI(buffer, units);
      si.push({
        time: buffer.time.slice(0, n),
        channel: buffer.channel.slice(0, n),
        value: buffer.value.slice(0, n),
        length: n,
      });
      buffer.clear();
    }
    if (items.length > 0) writeSync(fd, `[${items.join(',')}]\n`);
  } finally {
    closeSync(fd);
  }
  return { si, samples, startS: scenario.startMs / 1000 };
}

/** CPU time of each thread of this process [s] (Linux /proc; empty elsewhere), by thread id. */
function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  if (!existsSync('/proc/self/task')) return out;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100); // utime + stime, 100 ticks/s
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * CPU [s] of the request thread (this process's main thread), the busiest other thread (the
 * monitor's worker) and the rest (V8's GC helpers, libuv) between two `threadCpu()` readings.
 */
function cpuByRole(before: Map<number, number>, after: Map<number, number>) {
  const used = [...after].map(([tid, s]) => ({ tid, s: s - (before.get(tid) ?? 0) }));
  const main = used.find((u) => u.tid === process.pid)?.s ?? Number.NaN;
  const others = used.filter((u) => u.tid !== process.pid).sort((a, b) => b.s - a.s);
  const monitor = others[0]?.s ?? Number.NaN;
  const rest = others.slice(1).reduce((sum, u) => sum + u.s, 0);
  return { main, monitor, rest };
}

interface FeedResult {
  samples: number;
  requests: number;
  refused: number;
  seconds: number;
  lagSamples: number;
  lagS: number;
  drainS: number;
  cpuS: number;
  /** Seconds from the first post to the acknowledgement of each millionth sample. */
  splits: number[];
}

/** Posts the file's bodies from a separate process (bench/server-client.ts); what it reports. */
function feed(url: string, file: string): Promise<FeedResult> {
  const client = fileURLToPath(new URL('./server-client.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [client, url, TOKEN, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as FeedResult) : reject(new Error(`feed exited ${code}: ${err}`)),
    );
  });
}

/** Chromium's first paint of the dashboard and the dashboard's own ready mark [ms], median of 3. */
async function firstPaint(url: string): Promise<{ paint: number; ready: number } | null> {
  if (!existsSync('/usr/bin/chromium') || !existsSync(join(packageRoot(), 'dist/web/index.html')))
    return null;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const paints: number[] = [];
  const readies: number[] = [];
  try {
    for (let run = 0; run < 4; run++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(url);
      await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
      const marks = await page.evaluate(() => ({
        paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        ready: performance.getEntriesByName('airtight-first-paint')[0]?.startTime ?? Number.NaN,
      }));
      await page.close();
      if (run === 0) continue; // the first load warms the server and the browser's caches
      paints.push(marks.paint);
      readies.push(marks.ready);
    }
  } finally {
    await browser.close();
  }
  return { paint: median(paints), ready: median(readies) };
}

/**
 * A restart: the last resumeSpanS of the posted telemetry in a store of its own (so the server's
 * store and caches, measured above, are left alone), a leak state saying it was being watched,
 * and a new pipeline that takes the watch up, replaying them into its monitor.
 */
async function restartTime(
  station: Station,
  si: readonly SampleColumns[],
  path: string,
): Promise<{ seconds: number; samples: number }> {
  const store = new SqliteStore(path);
  try {
    const channels = station.sensors.map((s) => s.id);
    const last = si.at(-1);
    const endS = (last?.time[last.length - 1] as number) ?? 0;
    for (const batch of si)
      if ((batch.time[batch.length - 1] as number) >= endS - resumeSpanS(station))
        await store.appendSamples(channels, batch);
    await store.saveAnalysis('leak-state', endS, { source: 'telemetry', time: isoFromEpochS(endS) });
    const pipeline = new Pipeline(station, store);
    const started = performance.now();
    if (!(await pipeline.resume())) throw new Error('the restarted pipeline did not resume the watch');
    await pipeline.settled();
    const seconds = (performance.now() - started) / 1000;
    const resumed = pipeline.status().resumed;
    await pipeline.close();
    if (resumed === null || !resumed.done || resumed.error !== null)
      throw new Error(`the replay did not finish: ${JSON.stringify(resumed)}`);
    return { seconds, samples: resumed.samples };
  } finally {
    await store.close();
  }
}

export async function benchServer(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'airtight-bench-server-'));
  const store = new SqliteStore(join(dir, 'bench.db'));
  const station = loadScenario('quiet-day').station;
  const server = await buildServer({
    station,
    store,
    tokens: new Map([[TOKEN, 'admin']]),
    webRoot: join(packageRoot(), 'dist/web'),
  });
  try {
    const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const file = join(dir, 'bodies.jsonl');
    const { si, samples, startS } = telemetryFile(file);
    // the feed in its own process, one request at a time (a feed keeps its batches in time order);
    // the monitor's lag sampled meanwhile, and this process's CPU (request thread + monitor thread)
    const pipeline = server.context.pipeline;
    let maxLag = 0;
    const sampler = setInterval(() => {
      maxLag = Math.max(maxLag, pipeline.status().lagSamples);
    }, 100);
    const threadsBefore = threadCpu();
    const fed = await feed(url, file);
    clearInterval(sampler);
    await pipeline.settled();
    const cpu = cpuByRole(threadsBefore, threadCpu());
    const rate = fed.samples / fed.seconds;
    const perMillion = fed.splits
      .map((s, i) => `${Math.round(1e6 / (s - (fed.splits[i - 1] ?? 0)) / 1000)}k`)
      .join(', ');
    const throughRate = fed.samples / (fed.seconds + fed.drainS);
    const monitored = pipeline.status().samples;
    const limit = pipeline.status().lagLimitSamples;
    const bounded = fed.lagSamples <= limit + BATCH && maxLag <= limit + BATCH;
    // the leak monitor alone on the same samples (already in SI), to show where the time goes
    const monitor = createMonitor(station);
    const monitorStarted = performance.now();
    const monitorCpu = process.cpuUsage();
    for (const batch of si) monitorBatch(monitor, batch);
    const monitorRate = samples / ((performance.now() - monitorStarted) / 1000);
    const { user, system } = process.cpuUsage(monitorCpu);
    const monitorCpuUs = (user + system) / samples;

    // one day of 1 Hz data for one channel, thinned to 2,000 points
    const t0 = startS + (INGEST_DAYS + 8) * 86400; // after the posted days
    const day = {
      time: new Float64Array(86400),
      channel: new Int32Array(86400),
      value: new Float64Array(86400),
      length: 86400,
    };
    for (let i = 0; i < 86400; i++) {
      day.time[i] = t0 + i;
      day.value[i] = 101_000 + 30 * Math.sin(i / 5000) + ((i * 7919) % 13);
    }
    await store.appendSamples(['BENCH_DAY'], day);
    const direct: number[] = [];
    for (let run = 0; run < 21; run++) {
      const tick = performance.now();
      await store.history({ channel: 'BENCH_DAY', startS: t0, endS: t0 + 86400, size: 2000 });
      direct.push(performance.now() - tick);
    }
    const channel = station.sensors[0]?.id as string;
    await store.appendSamples([channel], day);
    const viaHttp: number[] = [];
    for (let run = 0; run < 21; run++) {
      const tick = performance.now();
      const answer = await fetch(
        `${url}/api/v1/history?channel=${channel}&start=${t0}&end=${t0 + 86400}&size=2000`,
      );
      const body = (await answer.json()) as { time: number[] };
      if (body.time.length > 2000 || body.time.length < 1000)
        throw new Error(`thinned to ${body.time.length} points`);
      viaHttp.push(performance.now() - tick);
    }
    const paint = await firstPaint(url);
    const restart = await restartTime(station, si, join(dir, 'restart.db'));
    const ms = (x: number): string => `${x.toFixed(1)} ms`;
    printTable(
      'Server (issue 7 §5)',
      `${samples.toLocaleString('en')} simulated ISS samples (quiet-day run on for ${(samples / 250_000).toFixed(0)} days) ` +
        `posted as JSON arrays of ${BATCH.toLocaleString('en')} over HTTP by a separate process, one request at a time, ` +
        `for ${fed.seconds.toFixed(1)} s, into SQLite (WAL, synchronous=FULL); the leak monitor runs in its worker thread ` +
        `on all of them (${monitored.toLocaleString('en')} samples through it; ${fed.refused} batches refused with 503). ` +
        `Rate per million samples, in order: ${perMillion}. ` +
        `An ingest waits while the monitor is over ${limit.toLocaleString('en')} samples behind. ` +
        `Load average after the run ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores (a shared machine slows the wall-clock rates). ` +
        'Thinning: median of 21; first paint: median of 3 after a warm-up load.',
      [
        {
          measure: 'sustained ingest over HTTP into SQLite, monitor keeping up, samples/s',
          value: Math.round(rate).toLocaleString('en'),
          target: '≥ 100,000 for ≥ 30 s',
          pass: rate >= 100_000 && fed.seconds >= 30 && bounded,
        },
        {
          measure: "ingest rate bound by CPU time alone (samples / busiest server thread's CPU s)",
          value: Math.round(fed.samples / Math.max(cpu.main, cpu.monitor)).toLocaleString('en'),
          target: 'each thread on a core of its own',
          pass: null,
        },
        {
          measure: 'through the monitor (until its lag is 0), samples/s',
          value: Math.round(throughRate).toLocaleString('en'),
          target: '',
          pass: null,
        },
        {
          measure: 'the leak monitor alone on the same data, samples/s (CPU per sample)',
          value: `${Math.round(monitorRate).toLocaleString('en')} (${monitorCpuUs.toFixed(2)} µs)`,
          target: 'ceiling of the above',
          pass: null,
        },
        {
          measure: 'monitor lag at end (at the last acknowledgement)',
          value: `${fed.lagSamples.toLocaleString('en')} samples, ${fed.lagS.toFixed(2)} s (max ${maxLag.toLocaleString('en')})`,
          target: `≤ ${(limit + BATCH).toLocaleString('en')} (bounded)`,
          pass: bounded,
        },
        {
          measure: 'CPU per sample: request thread; monitor thread; other threads; feed process',
          value: [cpu.main, cpu.monitor, cpu.rest, fed.cpuS]
            .map((s) => `${((1e6 * s) / fed.samples).toFixed(2)} µs`)
            .join('; '),
          target: '',
          pass: null,
        },
        {
          measure: `restart: the last ${resumeSpanS(station) / 86400} days of stored telemetry replayed into a new monitor`,
          value: `${restart.seconds.toFixed(1)} s (${restart.samples.toLocaleString('en')} samples, ${Math.round(restart.samples / restart.seconds).toLocaleString('en')}/s)`,
          target: 'the monitor past its first day, its daily cycle learnt, at once',
          pass: null,
        },
        {
          measure: 'one day at 1 Hz → 2,000 points, store',
          value: ms(median(direct)),
          target: '≤ 50 ms',
          pass: median(direct) <= 50,
        },
        {
          measure: 'same, GET /api/v1/history (HTTP + JSON)',
          value: ms(median(viaHttp)),
          target: '≤ 50 ms',
          pass: median(viaHttp) <= 50,
        },
        paint === null
          ? {
              measure: 'dashboard first paint',
              value: 'skipped (no /usr/bin/chromium or dist/web)',
              target: '≤ 1.5 s',
              pass: null,
            }
          : {
              measure: 'dashboard first contentful paint',
              value: ms(paint.paint),
              target: '≤ 1,500 ms',
              pass: paint.paint <= 1500,
            },
        ...(paint === null
          ? []
          : [
              {
                measure: 'dashboard ready (charts, topology, alarms drawn)',
                value: ms(paint.ready),
                target: '≤ 1,500 ms',
                pass: paint.ready <= 1500,
              },
            ]),
      ],
    );
  } finally {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
