/**
 * Resupply manifest files (YAML or JSON) for `airtight forecast`: the crew count over time and the
 * cargo flights with their gas and launch-slip uncertainty. Every problem names file, line, field
 * and value.
 *
 * ```yaml
 * start: 2026-01-01T00:00:00Z            # optional forecast start
 * crew:                                  # optional; default: the station's nominal crew
 *   - { from: 2026-01-01T00:00:00Z, count: 7 }
 * flights:
 *   - { id: progress-ms-33, arrive: 2026-02-14T00:00:00Z, slip_days: { mean: 2, sd: 5 },
 *       failure_probability: 0.03, o2_kg: 20, n2_kg: 22, air_kg: 26 }
 * ```
 */
import { z } from 'zod';
import type { Manifest } from '../forecast/index.js';
import { documentError, readDocument, type SourceDocument } from './document.js';
import { validateDocument } from './validate.js';

const time = z.iso.datetime({ offset: true });
const kg = z.number().nonnegative().default(0);

const flight = z.strictObject({
  id: z.string().min(1),
  arrive: time,
  slip_days: z
    .strictObject({ mean: z.number().default(0), sd: z.number().nonnegative().default(0) })
    .default({ mean: 0, sd: 0 }),
  failure_probability: z.number().min(0).max(1).default(0),
  o2_kg: kg,
  n2_kg: kg,
  air_kg: kg,
  source: z.string().optional(),
});

export const manifestFileSchema = z.strictObject({
  start: time.optional(),
  crew: z.array(z.strictObject({ from: time, count: z.number().int().nonnegative() })).default([]),
  flights: z.array(flight).default([]),
  notes: z.array(z.string()).default([]),
});

const DAY_S = 86400;
const epochS = (iso: string): number => Date.parse(iso) / 1000;

/** Builds a manifest (SI, epoch seconds) from a parsed document. */
export function manifestFromDocument(doc: SourceDocument): Manifest {
  const file = validateDocument(doc, manifestFileSchema);
  const seen = new Set<string>();
  file.flights.forEach((f, i) => {
    if (seen.has(f.id)) throw documentError(doc, ['flights', i, 'id'], 'duplicate flight id', f.id);
    seen.add(f.id);
    if (f.o2_kg + f.n2_kg + f.air_kg <= 0)
      throw documentError(doc, ['flights', i], 'a flight needs o2_kg, n2_kg or air_kg > 0', f.id);
  });
  return {
    ...(file.start !== undefined && { startS: epochS(file.start) }),
    crew: file.crew.map((c) => ({ fromS: epochS(c.from), count: c.count })),
    flights: file.flights.map((f) => ({
      id: f.id,
      arrivalS: epochS(f.arrive),
      slipS: { mean: f.slip_days.mean * DAY_S, sd: f.slip_days.sd * DAY_S },
      failureProbability: f.failure_probability,
      o2Kg: f.o2_kg,
      n2Kg: f.n2_kg,
      airKg: f.air_kg,
    })),
    source: doc.source,
  };
}

/** Reads a manifest file (YAML or JSON). */
export function loadManifest(path: string): Manifest {
  return manifestFromDocument(readDocument(path));
}
