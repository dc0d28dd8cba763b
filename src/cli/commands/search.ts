/**
 * `airtight search new|log|show|next`: a Bayesian search map of one module's wall, fed by the
 * crew's observations, persisted in a JSON file, with the next actions ranked by probability of
 * detection per crew-minute. (`airtight search locate` is registered from search-locate.ts.)
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import {
  loadAcousticMap,
  loadSearchState,
  loadStation,
  validateObservation,
  writeSearchState,
} from '../../config/index.js';
import { InputError, type StationModule, UsageError, type WallFeatureKind } from '../../core/index.js';
import { type SearchMapFigure, writeSearchMap } from '../../plot/index.js';
import {
  buildWallGrid,
  cellAt,
  DEFAULT_FEATURE_WEIGHTS,
  DRIFT_TEST_MINUTES,
  featurePrior,
  type GridPanel,
  type PlanStep,
  panelIndex,
  planSearch,
  planSteps as planStepsOf,
  SEARCH_FORMAT,
  type SearchObservation,
  type SearchPosterior,
  type SearchState,
  searchPosterior,
  type WallGrid,
} from '../../search/index.js';
import type { Io } from '../io.js';
import { formatTable } from '../table.js';
import { registerSearchLocate } from './search-locate.js';

const NAMED_ANGLES: Record<string, number> = { zenith: 0, starboard: 90, stbd: 90, nadir: 180, port: 270 };

function positive(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0)
      throw new InvalidArgumentError(`${name} must be a number > 0 (got "${value}")`);
    return n;
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

// ---- loading -----------------------------------------------------------------------------------

interface Loaded {
  state: SearchState;
  module: StationModule;
  grid: WallGrid;
  prior: Float64Array;
}

function findModule(stationName: string, moduleId: string, cwd: string, where: string): StationModule {
  const station = loadStation(stationName, cwd);
  const module = station.modules.find((m) => m.id === moduleId);
  if (module === undefined)
    throw new InputError({
      where,
      problem: `no module with this id in station '${station.id}' (modules: ${station.modules
        .filter((m) => (m.geometry?.sections.length ?? 0) > 0)
        .map((m) => m.id)
        .join(', ')})`,
      value: moduleId,
    });
  return module;
}

function load(path: string, io: Io): Loaded {
  const file = resolve(io.cwd, path);
  const state = loadSearchState(file);
  const module = findModule(state.station, state.module, io.cwd, `${path}: module`);
  const grid = buildWallGrid(module, { cellM: state.cellM });
  const prior = featurePrior(grid, module.geometry?.features ?? [], { weights: state.featureWeights ?? {} });
  return { state, module, grid, prior };
}

// ---- option parsing ----------------------------------------------------------------------------

/** `key=value,key=value` → map; names the option and the offending text. */
function parseSpec(option: string, text: string, keys: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0)
      throw new UsageError(`${option}: expected key=value pairs separated by commas (got "${text}")`);
    const key = trimmed.slice(0, eq).trim();
    if (!keys.includes(key))
      throw new UsageError(`${option}: unknown key '${key}' (keys: ${keys.join(', ')}) (got "${text}")`);
    out.set(key, trimmed.slice(eq + 1).trim());
  }
  return out;
}

function num(option: string, spec: Map<string, string>, key: string, required: true): number;
function num(option: string, spec: Map<string, string>, key: string, required?: false): number | undefined;
function num(option: string, spec: Map<string, string>, key: string, required = false): number | undefined {
  const text = spec.get(key);
  if (text === undefined) {
    if (required) throw new UsageError(`${option}: missing ${key}=…`);
    return undefined;
  }
  const n = Number(text);
  if (text === '' || !Number.isFinite(n))
    throw new UsageError(`${option}: ${key} must be a number (got "${text}")`);
  return n;
}

function angle(option: string, spec: Map<string, string>, key: string): number | undefined {
  const text = spec.get(key);
  if (text !== undefined && text.toLowerCase() in NAMED_ANGLES) return NAMED_ANGLES[text.toLowerCase()];
  return num(option, spec, key);
}

function range(option: string, spec: Map<string, string>, key: string): [number, number] | undefined {
  const text = spec.get(key);
  if (text === undefined) return undefined;
  const m = /^(-?[\d.]+)\.\.(-?[\d.]+)$/.exec(text);
  if (m === null || !Number.isFinite(Number(m[1])) || !Number.isFinite(Number(m[2])))
    throw new UsageError(`${option}: ${key} must be a range like 0.5..1.5 (got "${text}")`);
  const [lo, hi] = [Number(m[1]), Number(m[2])];
  if (key === 'angle') {
    // around the wall: lo > hi runs through 0°, as 300..60
    if (Math.abs(lo) > 360 || Math.abs(hi) > 360 || hi - lo > 360)
      throw new UsageError(
        `${option}: angle must be degrees within one turn, each end in -360..360 (got "${text}")`,
      );
  } else if (!(lo < hi))
    throw new UsageError(
      `${option}: ${key} must run from the lower to the higher value, as 0.5..1.5 (got "${text}")`,
    );
  return [lo, hi];
}

function sweepSpec(text: string): Record<string, unknown> {
  const o = '--sweep';
  const s = parseSpec(o, text, ['panel', 'axial', 'angle', 'minutes', 'result', 'speed', 'pfa']);
  const panel = s.get('panel');
  const axial = range(o, s, 'axial');
  const around = range(o, s, 'angle');
  if ((panel === undefined) === (axial === undefined))
    throw new UsageError(`${o}: give either panel=<id>[+<id>…] or axial=<lo>..<hi> (got "${text}")`);
  const result = s.get('result') ?? 'nothing';
  if (result !== 'nothing' && result !== 'heard')
    throw new UsageError(`${o}: result must be nothing or heard (got "${result}")`);
  return {
    kind: 'sweep',
    region:
      panel !== undefined ? { panels: panel.split('+') } : { axialM: axial, angleDeg: around ?? [0, 360] },
    minutes: num(o, s, 'minutes', true),
    result,
    speedMPerMin: num(o, s, 'speed'),
    falseAlarm: num(o, s, 'pfa'),
  };
}

function driftSpec(text: string): Record<string, unknown> {
  const o = '--drift';
  const s = parseSpec(o, text, ['at', 'toward', 'tilt', 'kappa', 'angle', 'radius']);
  const toward = angle(o, s, 'toward');
  if (toward === undefined) throw new UsageError(`${o}: missing toward=<deg|zenith|starboard|nadir|port>`);
  return {
    kind: 'drift',
    fromAxialM: num(o, s, 'at', true),
    towardDeg: toward,
    tiltDeg: num(o, s, 'tilt'),
    kappa: num(o, s, 'kappa'),
    fromAngleDeg: angle(o, s, 'angle'),
    fromRadiusM: num(o, s, 'radius'),
  };
}

function gatheredSpec(text: string): Record<string, unknown> {
  const o = '--gathered';
  const s = parseSpec(o, text, ['at', 'angle', 'spread']);
  const a = angle(o, s, 'angle');
  if (a === undefined) throw new UsageError(`${o}: missing angle=<deg>`);
  return { kind: 'gathered', axialM: num(o, s, 'at', true), angleDeg: a, spreadM: num(o, s, 'spread') };
}

function patchedSpec(text: string): Record<string, unknown> {
  const o = '--patched';
  const s = parseSpec(o, text, ['at', 'angle', 'residual', 'sd', 'radius', 'prior']);
  const a = angle(o, s, 'angle');
  if (a === undefined) throw new UsageError(`${o}: missing angle=<deg>`);
  return {
    kind: 'patched',
    axialM: num(o, s, 'at', true),
    angleDeg: a,
    residualKgPerDay: num(o, s, 'residual', true),
    residualSdKgPerDay: num(o, s, 'sd'),
    radiusM: num(o, s, 'radius'),
    anotherPrior: num(o, s, 'prior'),
  };
}

function acousticOrigin(text: string): [number, number] {
  const parts = text.split(',').map(Number);
  if (parts.length !== 2 || !parts.every(Number.isFinite))
    throw new UsageError(`--acoustic-at: expected <axial m>,<angle deg> such as 1.2,60 (got "${text}")`);
  return [parts[0] as number, parts[1] as number];
}

/**
 * Throws UsageError, naming the option, key and value, for an observation placed off the module:
 * an axial position beyond its length, an angle beyond one turn.
 */
function checkOnWall(o: SearchObservation, lengthM: number, module: string): void {
  const tolerance = 1e-9;
  const axial = (option: string, key: string, value: number | undefined): void => {
    if (value !== undefined && !(value >= -tolerance && value <= lengthM + tolerance))
      throw new UsageError(
        `${option}: ${key} must lie along ${module}, 0 to ${lengthM.toFixed(2)} m (got "${value}")`,
      );
  };
  const degrees = (option: string, key: string, value: number | undefined): void => {
    if (value !== undefined && !(Math.abs(value) <= 360))
      throw new UsageError(`${option}: ${key} must be degrees in -360..360 (got "${value}")`);
  };
  switch (o.kind) {
    case 'sweep':
      if ('axialM' in o.region) {
        const [lo, hi] = o.region.axialM;
        if (!(lo >= -tolerance && hi <= lengthM + tolerance))
          throw new UsageError(
            `--sweep: axial must lie along ${module}, 0 to ${lengthM.toFixed(2)} m (got "${lo}..${hi}")`,
          );
      }
      break;
    case 'drift':
      axial('--drift', 'at', o.fromAxialM);
      degrees('--drift', 'toward', o.towardDeg);
      degrees('--drift', 'angle', o.fromAngleDeg);
      break;
    case 'gathered':
      axial('--gathered', 'at', o.axialM);
      degrees('--gathered', 'angle', o.angleDeg);
      break;
    case 'patched':
      axial('--patched', 'at', o.axialM);
      degrees('--patched', 'angle', o.angleDeg);
      break;
  }
}

const withoutUndefined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

// ---- evaluation --------------------------------------------------------------------------------

interface Evaluation {
  posterior: SearchPosterior;
  panelProbability: { panel: GridPanel; probability: number }[];
  steps: (PlanStep | DriftStep)[];
  pFound: number;
  minutes: number;
}

interface DriftStep {
  kind: 'drift';
  panelId: null;
  panelName: string;
  axialM: [number, number];
  angleDeg: [number, number];
  open: false;
  minutes: number;
  cumulativeMinutes: number;
  pFound: number;
  podPerMinute: number;
}

function evaluate(l: Loaded, budgetMinutes: number): Evaluation {
  const posterior = searchPosterior(l.grid, l.prior, l.state.observations, {
    leakKgPerDay: l.state.leakKgPerDay,
  });
  const panelProbability = l.grid.panels
    .map((panel) => ({
      panel,
      probability: [...panel.cells].reduce((s, c) => s + (posterior.probability[c] ?? 0), 0),
    }))
    .sort((a, b) => b.probability - a.probability);
  const lastPatch = l.state.observations.map((o) => o.kind).lastIndexOf('patched');
  const hasDrift = l.state.observations.some(
    (o, k) => k > lastPatch && (o.kind === 'drift' || o.kind === 'gathered' || o.kind === 'acoustic'),
  );
  const driftMinutes = hasDrift ? 0 : DRIFT_TEST_MINUTES;
  const plan = planSearch(l.grid, posterior.probability, {
    leakKgPerDay: posterior.targetKgPerDay,
    budgetMinutes: Math.max(1, budgetMinutes - driftMinutes),
  });
  const steps: (PlanStep | DriftStep)[] = [];
  if (!hasDrift)
    steps.push({
      kind: 'drift',
      panelId: null,
      panelName: 'release confetti or tea leaves mid-module, film the drift, log it with --drift',
      axialM: [l.grid.lengthM / 2, l.grid.lengthM / 2],
      angleDeg: [0, 360],
      open: false,
      minutes: DRIFT_TEST_MINUTES,
      cumulativeMinutes: DRIFT_TEST_MINUTES,
      pFound: 0,
      podPerMinute: 0,
    });
  for (const step of planStepsOf(l.grid, plan))
    steps.push({ ...step, cumulativeMinutes: step.cumulativeMinutes + driftMinutes });
  return { posterior, panelProbability, steps, pFound: plan.pFound, minutes: plan.minutes + driftMinutes };
}

// ---- commands ----------------------------------------------------------------------------------

interface NewOptions {
  station: string;
  module: string;
  out: string;
  rate: number;
  cell: number;
  weight?: string[];
  force?: boolean;
  json?: boolean;
}

function newCommand(io: Io, options: NewOptions): void {
  const module = findModule(options.station, options.module, io.cwd, '--module');
  const weights: Partial<Record<WallFeatureKind, number>> = {};
  for (const text of options.weight ?? []) {
    const m = /^([a-z-]+)=([\d.]+)$/.exec(text);
    const kind = m?.[1] as WallFeatureKind | undefined;
    if (
      m === null ||
      kind === undefined ||
      !(kind in DEFAULT_FEATURE_WEIGHTS) ||
      !Number.isFinite(Number(m[2]))
    )
      throw new UsageError(
        `--weight: expected <kind>=<number ≥ 0> with kind one of ${Object.keys(DEFAULT_FEATURE_WEIGHTS).join(', ')} (got "${text}")`,
      );
    weights[kind] = Number(m[2]);
  }
  const grid = buildWallGrid(module, { cellM: options.cell });
  const out = resolve(io.cwd, options.out);
  if (existsSync(out) && options.force !== true)
    throw new InputError({ source: options.out, problem: 'already exists (use --force to replace it)' });
  const state: SearchState = {
    format: SEARCH_FORMAT,
    station: options.station,
    module: module.id,
    created: new Date().toISOString(),
    leakKgPerDay: options.rate,
    cellM: options.cell,
    ...(Object.keys(weights).length > 0 ? { featureWeights: weights } : {}),
    observations: [],
  };
  writeSearchState(out, state);
  const area = grid.areaM2.reduce((s, a) => s + a, 0);
  if (options.json) {
    io.out(
      `${JSON.stringify({ file: options.out, module: module.id, cells: grid.cellCount, wallAreaM2: area, panels: grid.panels.map((p) => p.id) }, null, 2)}\n`,
    );
    return;
  }
  io.out(
    `Search for a ${options.rate} kg/day leak in ${module.name} (${module.id}) written to ${options.out}: ` +
      `${grid.cellCount} cells on ${area.toFixed(2)} m² of wall, ${grid.panels.length} panels.\n` +
      `Next: airtight search next ${options.out}\n`,
  );
}

interface LogOptions {
  sweep?: string[];
  drift?: string[];
  gathered?: string[];
  inspect?: string[];
  pod?: number;
  patched?: string[];
  acoustic?: string[];
  acousticAt?: string;
  time?: string;
  note?: string;
  json?: boolean;
}

function logCommand(io: Io, path: string, options: LogOptions): void {
  const l = load(path, io);
  const time = options.time ?? new Date().toISOString();
  if (options.time !== undefined && (!/^\d{4}-\d\d-\d\dT/.test(time) || Number.isNaN(Date.parse(time))))
    throw new UsageError(`--time must be an ISO 8601 time such as 2020-10-14T12:00:00Z (got "${time}")`);
  const raw: Record<string, unknown>[] = [
    ...(options.sweep ?? []).map(sweepSpec),
    ...(options.drift ?? []).map(driftSpec),
    ...(options.gathered ?? []).map(gatheredSpec),
    ...(options.inspect ?? []).map((panel) => ({
      kind: 'inspect',
      panel,
      result: 'nothing',
      pod: options.pod,
    })),
    ...(options.patched ?? []).map(patchedSpec),
  ];
  const added: SearchObservation[] = raw.map((o, i) =>
    validateObservation(
      withoutUndefined({ ...o, time, note: options.note }),
      `observation ${i + 1} (--${o.kind})`,
    ),
  );
  const origin = options.acousticAt === undefined ? undefined : acousticOrigin(options.acousticAt);
  for (const file of options.acoustic ?? []) {
    const obs = loadAcousticMap(resolve(io.cwd, file));
    if (origin !== undefined) {
      // panel (0, 0) at (axial, angle) on the wall: v = angle·radius there
      const radius = l.grid.radiusM[cellAt(l.grid, origin[0], origin[1])] ?? 0;
      obs.map = {
        ...obs.map,
        u0M: obs.map.u0M + origin[0],
        v0M: obs.map.v0M + (origin[1] * Math.PI * radius) / 180,
      };
    }
    added.push({ ...obs, time, ...(options.note ? { note: options.note } : {}) });
  }
  if (added.length === 0)
    throw new UsageError(
      'search log: give at least one of --sweep, --drift, --gathered, --inspect, --patched, --acoustic',
    );
  for (const o of added) {
    checkOnWall(o, l.grid.lengthM, l.module.id);
    if (o.kind === 'inspect') panelIndex(l.grid, o.panel, '--inspect');
    if (o.kind === 'sweep' && 'panels' in o.region)
      for (const id of o.region.panels) panelIndex(l.grid, id, '--sweep panel');
  }
  const state: SearchState = { ...l.state, observations: [...l.state.observations, ...added] };
  writeSearchState(resolve(io.cwd, path), state);
  const e = evaluate({ ...l, state }, 120);
  if (options.json) {
    io.out(
      `${JSON.stringify({ logged: added.map((o) => o.kind), observations: state.observations.length, ...summary(e) }, null, 2)}\n`,
    );
    return;
  }
  io.out(
    `Logged ${added.map((o) => o.kind).join(', ')} (${state.observations.length} observations in ${path}).\n` +
      `${summaryLines(e).join('\n')}\n`,
  );
}

function summary(e: Evaluation) {
  return {
    pLeakRemains: round(e.posterior.pLeakRemains),
    leakKgPerDay: e.posterior.targetKgPerDay,
    panels: e.panelProbability.map((p) => ({
      id: p.panel.id,
      name: p.panel.name,
      probability: round(p.probability),
    })),
  };
}

function summaryLines(e: Evaluation): string[] {
  const top = e.panelProbability
    .slice(0, 3)
    .map((p) => `${p.panel.id} ${(100 * p.probability).toFixed(0)} %`);
  return [
    `P(a leak remains to be found) ${(100 * e.posterior.pLeakRemains).toFixed(0)} %; most likely panels: ${top.join(', ')}`,
  ];
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

interface ShowOptions {
  plot?: string;
  json?: boolean;
  budget: number;
}

async function showCommand(io: Io, path: string, options: ShowOptions): Promise<void> {
  const l = load(path, io);
  const e = evaluate(l, options.budget);
  const next = e.steps.find((s) => s.kind !== 'drift') as PlanStep | undefined;
  if (options.plot !== undefined) {
    const density = new Float64Array(l.grid.cellCount);
    for (let i = 0; i < density.length; i++)
      density[i] = (e.posterior.probability[i] ?? 0) / (l.grid.areaM2[i] ?? 1);
    const figure: SearchMapFigure = {
      title: `Leak search: ${l.module.name}`,
      subtitle:
        `${l.state.observations.length} observations; P(leak remains) ${(100 * e.posterior.pLeakRemains).toFixed(0)} %; ` +
        `P(found after the ${e.minutes.toFixed(0)}-min plan) ${(100 * e.pFound).toFixed(0)} %`,
      lengthM: l.grid.lengthM,
      axialLoM: l.grid.axialLoM,
      axialHiM: l.grid.axialHiM,
      angleLoDeg: l.grid.angleLoDeg,
      angleHiDeg: l.grid.angleHiDeg,
      density,
      panels: l.grid.panels.map((p) => ({ id: p.id, axialM: p.axialM, angleDeg: p.angleDeg })),
      ...(next !== undefined
        ? {
            next: {
              label: `${next.kind} ${next.panelId} ${next.axialM[0].toFixed(1)}–${next.axialM[1].toFixed(1)} m, ${next.angleDeg[0].toFixed(0)}–${next.angleDeg[1].toFixed(0)}°`,
              axialM: next.axialM,
              angleDeg: next.angleDeg,
            },
          }
        : {}),
      marks: l.state.observations.flatMap((o) =>
        o.kind === 'patched' ? [{ label: 'patch', axialM: o.axialM, angleDeg: o.angleDeg }] : [],
      ),
    };
    await writeSearchMap(resolve(io.cwd, options.plot), figure);
  }
  if (options.json) {
    io.out(
      `${JSON.stringify(
        {
          station: l.state.station,
          module: l.state.module,
          created: l.state.created,
          observations: l.state.observations.length,
          used: e.posterior.used.length,
          cells: l.grid.cellCount,
          wallAreaM2: round(l.grid.areaM2.reduce((s, a) => s + a, 0)),
          ...summary(e),
          next: next ?? null,
          ...(options.plot !== undefined ? { plot: options.plot } : {}),
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  io.out(
    `${l.module.name} (${l.module.id}): ${l.state.observations.length} observations, searching for a ` +
      `${e.posterior.targetKgPerDay} kg/day leak; P(a leak remains) ${(100 * e.posterior.pLeakRemains).toFixed(0)} %\n\n` +
      `${formatTable(
        ['panel', 'name', 'kind', 'area m²', 'P(leak here)'],
        e.panelProbability.map((p) => [
          p.panel.id,
          p.panel.name,
          p.panel.kind,
          Number(p.panel.areaM2.toFixed(2)),
          `${(100 * p.probability).toFixed(1)} %`,
        ]),
      )}\n` +
      (next !== undefined ? `\nNext: ${describeStep(next)}\n` : '') +
      (options.plot !== undefined ? `Map written to ${options.plot}\n` : ''),
  );
}

function describeStep(s: PlanStep | DriftStep): string {
  if (s.kind === 'drift') return `particle-drift test (${s.minutes} min): ${s.panelName}`;
  return (
    `${s.open ? `open ${s.panelId} (${s.panelName}), then ` : ''}${s.kind === 'sweep' ? 'sweep with the ultrasonic detector' : 'inspect visually'} ` +
    `axial ${s.axialM[0].toFixed(2)}–${s.axialM[1].toFixed(2)} m, angle ${s.angleDeg[0].toFixed(0)}–${s.angleDeg[1].toFixed(0)}° ` +
    `(${s.minutes.toFixed(0)} min)`
  );
}

interface NextOptions {
  json?: boolean;
  budget: number;
}

function nextCommand(io: Io, path: string, options: NextOptions): void {
  const l = load(path, io);
  const e = evaluate(l, options.budget);
  const openFirst = e.steps.find((s): s is PlanStep => s.kind !== 'drift' && s.open);
  if (options.json) {
    io.out(
      `${JSON.stringify(
        {
          module: l.state.module,
          leakKgPerDay: e.posterior.targetKgPerDay,
          pLeakRemains: round(e.posterior.pLeakRemains),
          budgetMinutes: options.budget,
          plannedMinutes: round(e.minutes),
          openFirst: openFirst?.panelId ?? null,
          pFoundAfterPlan: round(e.pFound),
          pFoundAfterPlanOverall: round(e.pFound * e.posterior.pLeakRemains),
          steps: e.steps.map((s, i) => ({
            step: i + 1,
            action: s.kind,
            panel: s.panelId,
            panelName: s.panelName,
            open: s.open,
            axialM: s.axialM.map(round),
            angleDeg: s.angleDeg.map(round),
            minutes: round(s.minutes),
            cumulativeMinutes: round(s.cumulativeMinutes),
            pFound: round(s.pFound),
            podPerMinute: round(s.podPerMinute),
          })),
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const shown = e.steps.slice(0, 15);
  io.out(
    `${formatTable(
      ['#', 'action', 'panel', 'axial m', 'angle °', 'min', 'total min', 'P(found)', 'POD/min'],
      shown.map((s, i) => [
        i + 1,
        s.kind === 'drift' ? 'drift test' : `${s.open ? 'open + ' : ''}${s.kind}`,
        s.panelId ?? '',
        `${s.axialM[0].toFixed(1)}–${s.axialM[1].toFixed(1)}`,
        s.kind === 'drift' ? 'all' : `${s.angleDeg[0].toFixed(0)}–${s.angleDeg[1].toFixed(0)}`,
        Math.round(s.minutes),
        Math.round(s.cumulativeMinutes),
        `${(100 * s.pFound).toFixed(0)} %`,
        s.kind === 'drift' ? '' : `${(100 * s.podPerMinute).toFixed(2)} %`,
      ]),
    )}\n` +
      (e.steps.length > shown.length
        ? `… ${e.steps.length - shown.length} more steps (--json lists all)\n`
        : '') +
      `\nFirst: ${describeStep(e.steps[0] as PlanStep | DriftStep)}\n` +
      (openFirst !== undefined ? `Panel to open: ${openFirst.panelId} (${openFirst.panelName})\n` : '') +
      `P(leak found after this ${Math.round(e.minutes)}-min plan) ${(100 * e.pFound).toFixed(0)} % if a leak remains ` +
      `(P(a leak remains) ${(100 * e.posterior.pLeakRemains).toFixed(0)} %)\n`,
  );
}

// ---- registration ------------------------------------------------------------------------------

export function registerSearchCommands(program: Command, io: Io): void {
  const search = program
    .command('search')
    .description('find a leak inside a module: a Bayesian search map of its wall fed by crew observations');

  search
    .command('new')
    .description('start a search of one module wall; writes the search file')
    .requiredOption('--station <name|file>', 'station (built-in name or file)')
    .requiredOption('--module <id>', 'module to search (needs geometry in the station file), e.g. zvezda-prk')
    .requiredOption('--out <search.json>', 'search file to write')
    .option('--rate <kg/day>', 'leak rate searched for (e.g. from airtight analyze)', positive('--rate'), 1)
    .option('--cell <m>', 'target cell size', positive('--cell'), 0.1)
    .option(
      '--weight <kind=w>',
      'prior weight of a wall feature kind, repeatable (e.g. repair=6, weld=3)',
      collect,
    )
    .option('--force', 'replace an existing search file')
    .option('--json', 'print JSON')
    .action((options: NewOptions) => newCommand(io, options));

  search
    .command('log')
    .description('log observations into a search file (each option adds one; repeat as needed)')
    .argument('<search.json>', 'search file')
    .option(
      '--sweep <spec>',
      'ultrasonic sweep: panel=<id>[+<id>…] or axial=<lo>..<hi>[,angle=<lo>..<hi>], minutes=<min>, result=nothing|heard [,speed=<m/min>][,pfa=<p>]',
      collect,
    )
    .option(
      '--drift <spec>',
      'particle drift seen from the axis: at=<axial m>, toward=<deg|zenith|starboard|nadir|port> [,tilt=<deg, + aft>][,kappa=<k>][,angle=<deg>,radius=<m> when off axis]',
      collect,
    )
    .option(
      '--gathered <spec>',
      'particles gathered at a spot: at=<axial m>, angle=<deg> [,spread=<m>]',
      collect,
    )
    .option('--inspect <panel>', 'panel opened and inspected visually, nothing seen (repeatable)', collect)
    .option('--pod <p>', 'detection probability of --inspect (default 0.5)', Number)
    .option(
      '--patched <spec>',
      'leak found and patched: at=<axial m>, angle=<deg>, residual=<kg/day after> [,sd=<kg/day>][,radius=<m>][,prior=<P another leak>]',
      collect,
    )
    .option(
      '--acoustic <file.json>',
      'acoustic evidence: a likelihood map (u0M, v0M, duM, dvM, nu, nv, logLikelihood) or a `search locate --json` report',
      collect,
    )
    .option(
      '--acoustic-at <axial,angle>',
      "where the sensor panel's (0, 0) sits on the wall (axial m, angle deg); panel x runs along the axis, y around it",
    )
    .option('--time <iso>', 'when it was observed (default: now)')
    .option('--note <text>', 'free text kept with the observation')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      "\nCoordinates are the station file's: axial metres from the module's start, angle in degrees\n" +
        '(0 zenith, 90 starboard, 180 nadir, 270 port). Examples:\n' +
        '  airtight search log s.json --sweep panel=prk-tunnel-stbd,minutes=10,result=nothing\n' +
        '  airtight search log s.json --drift at=1.6,toward=starboard\n' +
        '  airtight search log s.json --gathered at=1.6,angle=95\n' +
        '  airtight search log s.json --inspect prk-aft-nadir\n' +
        '  airtight search log s.json --patched at=1.6,angle=90,residual=0.5',
    )
    .action((file: string, options: LogOptions) => logCommand(io, file, options));

  search
    .command('show')
    .description('the posterior map: probability per panel, the next area; --plot draws the unrolled wall')
    .argument('<search.json>', 'search file')
    .option('--plot <map.png|map.svg>', 'draw the map (wall unrolled, posterior heat map, panels, next area)')
    .option('--budget <min>', 'crew minutes for the plan behind "next"', positive('--budget'), 120)
    .option('--json', 'print JSON')
    .action((file: string, options: ShowOptions) => showCommand(io, file, options));

  search
    .command('next')
    .description('the next search actions ranked by probability of detection per crew-minute')
    .argument('<search.json>', 'search file')
    .option('--budget <min>', 'crew minutes to plan', positive('--budget'), 120)
    .option('--json', 'print JSON')
    .action((file: string, options: NextOptions) => nextCommand(io, file, options));

  registerSearchLocate(search, io);
}
