/**
 * The persisted search state (`airtight search new|log|show|next`): JSON validated with zod, so a
 * hand-edited or damaged file fails with its path, field and value.
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../core/index.js';
import {
  type AcousticMap,
  SEARCH_FORMAT,
  type SearchObservation,
  type SearchState,
} from '../search/index.js';
import { parseDocumentText, readDocument, type SourceDocument } from './document.js';
import { validateDocument } from './validate.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positive = z.number().positive();
const probability = z.number().min(0).max(1);
const range = z.tuple([finite, finite]);
const extras = { time: z.string().optional(), note: z.string().optional() };

const region = z.union([
  z.strictObject({ panels: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ axialM: range, angleDeg: range }),
]);

export const acousticMapSchema = z.strictObject({
  u0M: finite,
  v0M: finite,
  duM: positive,
  dvM: positive,
  nu: z.number().int().positive(),
  nv: z.number().int().positive(),
  logLikelihood: z.array(finite),
});

const observation = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('sweep'),
    region,
    minutes: positive,
    result: z.enum(['nothing', 'heard']),
    speedMPerMin: positive.optional(),
    falseAlarm: probability.optional(),
    ...extras,
  }),
  z.strictObject({
    kind: z.literal('drift'),
    fromAxialM: finite,
    fromAngleDeg: finite.optional(),
    fromRadiusM: z.number().nonnegative().optional(),
    towardDeg: finite,
    tiltDeg: z.number().min(-90).max(90).optional(),
    kappa: positive.optional(),
    ...extras,
  }),
  z.strictObject({
    kind: z.literal('gathered'),
    axialM: finite,
    angleDeg: finite,
    spreadM: positive.optional(),
    elsewhere: probability.optional(),
    ...extras,
  }),
  z.strictObject({
    kind: z.literal('inspect'),
    panel: z.string().min(1),
    result: z.literal('nothing'),
    pod: probability.optional(),
    minutes: positive.optional(),
    ...extras,
  }),
  z.strictObject({
    kind: z.literal('patched'),
    axialM: finite,
    angleDeg: finite,
    radiusM: positive.optional(),
    residualKgPerDay: z.number().nonnegative(),
    residualSdKgPerDay: positive.optional(),
    anotherPrior: z.number().gt(0).lt(1).optional(),
    ...extras,
  }),
  z.strictObject({
    kind: z.literal('acoustic'),
    map: acousticMapSchema,
    weight: positive.optional(),
    ...extras,
  }),
]);

const featureKinds = [
  'weld',
  'seam',
  'hatch-ring',
  'window',
  'penetration',
  'repair',
  'pipe',
  'docking-port',
] as const;

const stateSchema = z.strictObject({
  format: z.literal(SEARCH_FORMAT),
  station: z.string().min(1),
  module: z.string().min(1),
  created: z.string(),
  leakKgPerDay: positive,
  cellM: z.number().min(0.01).max(1),
  featureWeights: z.partialRecord(z.enum(featureKinds), z.number().nonnegative()).optional(),
  observations: z.array(observation),
});

function toState(doc: SourceDocument): SearchState {
  const parsed = validateDocument(doc, stateSchema);
  parsed.observations.forEach((o, i) => {
    if (o.kind === 'acoustic' && o.map.logLikelihood.length !== o.map.nu * o.map.nv)
      throw new InputError({
        source: doc.source,
        where: `observations[${i}].map.logLikelihood`,
        problem: `needs nu·nv = ${o.map.nu * o.map.nv} values`,
        value: o.map.logLikelihood.length,
      });
  });
  return {
    ...parsed,
    observations: parsed.observations.map((o) =>
      o.kind === 'acoustic'
        ? { ...o, map: { ...o.map, logLikelihood: Float64Array.from(o.map.logLikelihood) } }
        : o,
    ) as SearchObservation[],
  } as SearchState;
}

/** Reads and validates a search state file. */
export function loadSearchState(path: string): SearchState {
  return toState(readDocument(path));
}

export function parseSearchState(text: string, source: string): SearchState {
  return toState(parseDocumentText(text, source));
}

/** Validates one observation (e.g. built from command-line options) as the file would. */
export function validateObservation(value: unknown, source: string): SearchObservation {
  const doc = parseDocumentText(JSON.stringify(value), source);
  let parsed: z.output<typeof observation>;
  try {
    parsed = validateDocument(doc, observation);
  } catch (error) {
    // built from options, not a file: the line number means nothing to the user
    if (error instanceof InputError && error.where !== undefined)
      throw new InputError(
        { source, where: error.where.replace(/^line \d+, /, ''), problem: error.problem, value: error.value },
        { cause: error },
      );
    throw error;
  }
  return (
    parsed.kind === 'acoustic'
      ? { ...parsed, map: { ...parsed.map, logLikelihood: Float64Array.from(parsed.map.logLikelihood) } }
      : parsed
  ) as SearchObservation;
}

const locateReportSchema = z.looseObject({
  panel: z.looseObject({ width_m: positive, height_m: positive }),
  best: z.looseObject({ x_m: finite, y_m: finite }),
  covariance_m2: z.tuple([z.tuple([finite, finite]), z.tuple([finite, finite])]),
});

/** Step [m] of the map built from a `search locate --json` report. */
const REPORT_MAP_STEP_M = 0.02;
/** Floor on the fix's variance [m²] (1 cm), so a perfect fix still has a finite width. */
const REPORT_VARIANCE_FLOOR_M2 = 1e-4;

/**
 * Reads an acoustic map for the search: an AcousticMap as JSON (u0M, v0M, duM, dvM, nu, nv,
 * logLikelihood; top level or under `map`), or an `airtight search locate --json` report, whose
 * fix and covariance give a Gaussian log-likelihood −½·dᵀΣ⁻¹d over its panel, in panel metres.
 */
export function loadAcousticMap(path: string): SearchObservation & { kind: 'acoustic' } {
  const doc = readDocument(path);
  const data = doc.data as Record<string, unknown> | null;
  if (data !== null && typeof data === 'object' && 'best' in data && 'covariance_m2' in data)
    return { kind: 'acoustic', map: mapFromReport(validateDocument(doc, locateReportSchema)) };
  const at = data !== null && typeof data === 'object' && 'map' in data ? ['map'] : [];
  const map = validateDocument(doc, acousticMapSchema, at);
  if (map.logLikelihood.length !== map.nu * map.nv)
    throw new InputError({
      source: path,
      where: `${at.join('.') || 'map'}.logLikelihood`,
      problem: `needs nu·nv = ${map.nu * map.nv} values`,
      value: map.logLikelihood.length,
    });
  return { kind: 'acoustic', map: { ...map, logLikelihood: Float64Array.from(map.logLikelihood) } };
}

function mapFromReport(report: z.output<typeof locateReportSchema>): AcousticMap {
  const [[sxx, sxy], [, syy]] = report.covariance_m2;
  const a = sxx + REPORT_VARIANCE_FLOOR_M2;
  const c = syy + REPORT_VARIANCE_FLOOR_M2;
  const det = a * c - sxy * sxy;
  const nu = Math.ceil(report.panel.width_m / REPORT_MAP_STEP_M) + 1;
  const nv = Math.ceil(report.panel.height_m / REPORT_MAP_STEP_M) + 1;
  const logLikelihood = new Float64Array(nu * nv);
  for (let iv = 0; iv < nv; iv++)
    for (let iu = 0; iu < nu; iu++) {
      const dx = iu * REPORT_MAP_STEP_M - report.best.x_m;
      const dy = iv * REPORT_MAP_STEP_M - report.best.y_m;
      logLikelihood[iv * nu + iu] = (-0.5 * (c * dx * dx - 2 * sxy * dx * dy + a * dy * dy)) / det;
    }
  return { u0M: 0, v0M: 0, duM: REPORT_MAP_STEP_M, dvM: REPORT_MAP_STEP_M, nu, nv, logLikelihood };
}

/** The state as pretty JSON (typed arrays as plain arrays). */
export function serializeSearchState(state: SearchState): string {
  return `${JSON.stringify(state, (_key, value) => (value instanceof Float64Array ? Array.from(value) : value), 2)}\n`;
}

export function writeSearchState(path: string, state: SearchState): void {
  try {
    writeFileSync(path, serializeSearchState(state));
  } catch (error) {
    throw new InputError(
      { source: path, problem: `cannot write (${(error as NodeJS.ErrnoException).code ?? 'error'})` },
      { cause: error },
    );
  }
}
