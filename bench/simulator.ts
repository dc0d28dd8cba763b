// Simulator speed and memory (issue 2 §5): the full ISS model at 1 s steps, ≥ 20,000× real time
// on one core, and flat memory over a 30-day run streamed to a CSV file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../src/config/index.js';
import { utcYear } from '../src/core/index.js';
import { openTelemetryWriter } from '../src/export/index.js';
import { advanceSimulation, createSimulation, isFinished, SampleBuffer } from '../src/sim/index.js';
import { type BenchRow, median, printTable } from './report.js';

const DAY_S = 86400;

function scenarioFile(dir: string, days: number): string {
  const path = join(dir, `iss-${days}d.yaml`);
  writeFileSync(
    path,
    `station: iss
start: 2026-01-01T00:00:00Z
duration_h: ${days * 24}
step_s: 1
seed: 1
crew: { count: 7 }
thermal: { orbital_amplitude_K: 0.05, daily_amplitude_K: 0.55, drift_K: 0.15, drift_timescale_h: 6, module_spread: 0.3 }
life_support: { random_failures: true }
events:
  - { at_h: 1, leak: { id: crack, module: zvezda-ro, law: crack, rate_kg_day: 0.5 } }
  - { at_h: 2, leak: { id: hole, module: us-lab, law: orifice, cd: 0.6, rate_kg_day: 0.3 } }
`,
  );
  return path;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

export async function benchSimulator(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'airtight-bench-'));
  try {
    const day = loadScenario(scenarioFile(dir, 1));
    const runs: number[] = [];
    let samples = 0;
    for (let r = 0; r < 3; r++) {
      const sim = createSimulation(day);
      const buffer = new SampleBuffer();
      const t0 = performance.now();
      samples = 0;
      while (!isFinished(sim)) {
        advanceSimulation(sim, buffer, { steps: 3600 });
        samples += buffer.length;
        buffer.clear();
      }
      runs.push((performance.now() - t0) / 1000);
    }
    const dayS = median(runs);

    const month = loadScenario(scenarioFile(dir, 30));
    const sim = createSimulation(month);
    const buffer = new SampleBuffer();
    const writer = openTelemetryWriter('csv', join(dir, 'out'), {
      channels: month.station.sensors.map((s) => s.id),
      year: utcYear(month.startMs / 1000),
    });
    const heap: number[] = [heapMb()];
    const t0 = performance.now();
    let nextDay = DAY_S;
    while (!isFinished(sim)) {
      advanceSimulation(sim, buffer, { steps: 3600 });
      await writer.write(buffer);
      buffer.clear();
      if (sim.state.step * month.stepS >= nextDay) {
        heap.push(heapMb());
        nextDay += DAY_S;
      }
    }
    await writer.close();
    const monthS = (performance.now() - t0) / 1000;
    const growth = Math.max(...heap.slice(1)) - (heap[1] ?? 0);

    const rows: BenchRow[] = [
      {
        measure: 'one simulated day, ISS at 1 s (median of 3)',
        value: `${dayS.toFixed(2)} s`,
        target: '≤ 4.3 s',
        pass: dayS <= 4.3,
      },
      {
        measure: 'speed vs real time',
        value: `${Math.round(DAY_S / dayS).toLocaleString('en-US')}×`,
        target: '≥ 20,000×',
        pass: DAY_S / dayS >= 20000,
      },
      {
        measure: 'samples per simulated day',
        value: samples.toLocaleString('en-US'),
        target: '',
        pass: null,
      },
      {
        measure: '30 days streamed to CSV (incl. writing)',
        value: `${monthS.toFixed(1)} s (${Math.round((30 * DAY_S) / monthS).toLocaleString('en-US')}×)`,
        target: '',
        pass: null,
      },
      {
        measure: 'heap after day 1 → max over days 2–30',
        value: `${(heap[1] ?? 0).toFixed(1)} → ${Math.max(...heap.slice(1)).toFixed(1)} MB (+${growth.toFixed(1)} MB)`,
        target: 'flat (< 10 MB growth)',
        pass: growth < 10,
      },
    ];
    printTable(
      'Simulator: full ISS model (29 modules, 100 channels, 7 crew, 2 leaks, thermal cycles), one core',
      `node ${process.version}; heap measured after a forced GC at each simulated day boundary`,
      rows,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
