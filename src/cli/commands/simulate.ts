/** `airtight simulate`: runs a scenario and writes its telemetry and truth.json (CONTRACT.md §5). */
import { existsSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { builtinNames, loadScenario, resolveNamed } from '../../config/index.js';
import { isoFromEpochS, utcYear } from '../../core/index.js';
import {
  openTelemetryWriter,
  type TelemetryFormat,
  telemetryFileNames,
  writeJsonFile,
} from '../../export/index.js';
import {
  advanceSimulation,
  createSimulation,
  isFinished,
  progress,
  SampleBuffer,
  simulationTruth,
} from '../../sim/index.js';
import { type Io, makeFolder } from '../io.js';
import { startProgress } from '../progress.js';
import { formatNumber } from '../table.js';

export interface SimulateOptions {
  scenario: string;
  out: string;
  format: TelemetryFormat;
  seed?: number;
  /** Write the telemetry gzipped. */
  gzip?: boolean;
  quiet?: boolean;
}

/** Steps advanced between flushes to the files: bounded memory whatever the run's length. */
const STEPS_PER_CHUNK = 3600;

export async function simulateCommand(io: Io, options: SimulateOptions): Promise<void> {
  const scenario = loadScenario(options.scenario, {
    ...(options.seed !== undefined && { seed: options.seed }),
    baseDir: io.cwd,
  });
  const dir = makeFolder(options.out, io.cwd, '--out');
  const channels = scenario.station.sensors.map((s) => s.id);
  // a folder an earlier run wrote (its truth.json) may hold its telemetry in another form
  const earlierRun = existsSync(join(dir, 'truth.json'));
  const writer = openTelemetryWriter(options.format, dir, {
    channels,
    year: utcYear(scenario.startMs / 1000),
    gzip: options.gzip === true,
  });
  const simulation = createSimulation(scenario);
  const buffer = new SampleBuffer();
  const bar = startProgress(io, 'simulating', options);
  const started = performance.now();
  let samples = 0;
  try {
    while (!isFinished(simulation)) {
      advanceSimulation(simulation, buffer, { steps: STEPS_PER_CHUNK });
      samples += buffer.length;
      await writer.write(buffer);
      buffer.clear();
      const simulatedS = simulation.state.timeS;
      bar.update(
        progress(simulation),
        `${isoFromEpochS(scenario.startMs / 1000 + simulatedS).slice(0, 16)}Z`,
      );
    }
  } finally {
    bar.stop();
  }
  const files = await writer.close();
  if (earlierRun) removeEarlierForms(io, dir, channels, files);
  const truth = {
    ...simulationTruth(simulation),
    ...stationFileOf(scenario.station.source, scenario.source),
  };
  const truthPath = join(dir, 'truth.json');
  writeJsonFile(truthPath, truth);
  const seconds = (performance.now() - started) / 1000;
  const lines = [
    `simulated ${scenario.name} on ${scenario.station.id}: ${formatNumber(scenario.durationS / 3600)} h in ${seconds.toFixed(1)} s ` +
      `(${formatNumber(Math.round(scenario.durationS / seconds))}× real time), seed ${scenario.seed}`,
    `wrote ${formatNumber(samples)} samples of ${channels.length} channels to ${files.length === 1 ? files[0] : `${files.length} files in ${dir}`} ` +
      `(${(writer.bytes() / 1e6).toFixed(1)} MB) and ${truthPath}`,
    ...truth.leaks.map((l) => {
      const rates = l.rate_kg_per_day.map(([, r]) => r);
      return `leak ${l.id} in ${l.module} (${l.law}): ${formatNumber(rates[0] ?? 0)} → ${formatNumber(rates.at(-1) ?? 0)} kg/day, ${formatNumber(l.ventedKg)} kg lost`;
    }),
    `gas budget: ${formatNumber(truth.budget.initialKg)} kg at start, ${formatNumber(truth.budget.finalKg)} kg at end; ` +
      `vented ${formatNumber(truth.budget.ventedKg)}, used ${formatNumber(truth.budget.consumedKg)}, added ${formatNumber(truth.budget.addedKg)} kg`,
  ];
  io.out(`${lines.join('\n')}\n`);
}

/**
 * Removes the telemetry an earlier run wrote into the folder in another form (telemetry.csv beside
 * this run's telemetry.csv.gz, <channel>.txt beside its telemetry.csv), as a rerun overwrites the
 * files of its own form: left, `analyze <folder>` would ask which file to read, or read an ISS Live
 * folder of the earlier run's channel files. Says what it removed. Only simulate's own file names,
 * and only in a folder an earlier run wrote (called when it held a truth.json).
 */
function removeEarlierForms(
  io: Io,
  dir: string,
  channels: readonly string[],
  written: readonly string[],
): void {
  const kept = new Set(written.map((path) => basename(path)));
  const stale = telemetryFileNames(channels).filter((name) => !kept.has(name) && existsSync(join(dir, name)));
  for (const name of stale) rmSync(join(dir, name));
  if (stale.length > 0)
    io.err(
      `removed ${stale.length} telemetry file${stale.length === 1 ? '' : 's'} an earlier run wrote in another form: ` +
        `${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}\n`,
    );
}

/**
 * A station read from its own file is named in truth.json by its file's stem, which names no
 * station where the run is analysed: `stationFile` gives the file's absolute path too (built-in
 * stations and stations written inside the scenario file have none).
 */
function stationFileOf(stationSource: string, scenarioSource: string): { stationFile?: string } {
  const path = resolve(stationSource);
  if (!existsSync(path) || path === resolve(scenarioSource)) return {};
  const builtin = builtinNames('station').some((name) => resolveNamed('station', name).path === path);
  return builtin ? {} : { stationFile: path };
}
