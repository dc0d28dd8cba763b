/**
 * The scenario file's schema (CONTRACT.md §4 plus Airtight's extensions). An event is an object
 * with `at_h` and exactly one action key; `eventSchemas` holds the schema of each action.
 */
import { z } from 'zod';

const id = z.string().min(1);
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

const leakBase = { id, module: id };
const leak = z.union([
  z.strictObject({
    ...leakBase,
    law: z.literal('orifice'),
    cd: z.number().gt(0).max(1),
    diameter_mm: positive,
  }),
  z.strictObject({
    ...leakBase,
    law: z.literal('orifice'),
    cd: z.number().gt(0).max(1),
    rate_kg_day: positive,
  }),
  z.strictObject({ ...leakBase, law: z.literal('crack'), c_kg_s_Pa2: positive }),
  z.strictObject({ ...leakBase, law: z.literal('crack'), rate_kg_day: positive }),
]);

const fault = z.union([
  z.enum(['frozen', 'failed', 'clear']),
  z.strictObject({ kind: z.literal('dropout'), duration_h: positive }),
  z.strictObject({ kind: z.literal('bias'), value: z.number() }),
  z.strictObject({ kind: z.literal('drift'), per_day: z.number() }),
  z.strictObject({ kind: z.literal('noise'), sd: nonNegative }),
  z.strictObject({ kind: z.literal('spike'), value: z.number() }),
  z.strictObject({ kind: z.literal('resolution'), value: nonNegative }),
  z.strictObject({ kind: z.literal('period'), seconds: positive }),
  z.strictObject({ kind: z.literal('report_on_change'), on: z.boolean() }),
]);

/** One schema per action key; the event object is `{ at_h, <key>: …, …extras }`. */
export const eventSchemas = {
  hatch: z.strictObject({ at_h: nonNegative, hatch: id, state: z.enum(['open', 'closed']) }),
  leak: z.strictObject({ at_h: nonNegative, leak }),
  leak_stop: z.strictObject({ at_h: nonNegative, leak_stop: id }),
  leak_change: z.strictObject({
    at_h: nonNegative,
    leak_change: z.strictObject({
      id,
      diameter_mm: positive.optional(),
      cd: z.number().gt(0).max(1).optional(),
      c_kg_s_Pa2: positive.optional(),
      rate_kg_day: positive.optional(),
      ramp_h: nonNegative.default(0),
    }),
  }),
  crew: z.strictObject({
    at_h: nonNegative,
    crew: z.strictObject({
      count: z.number().int().nonnegative().optional(),
      modules: z.array(id).optional(),
    }),
  }),
  generator: z.strictObject({
    at_h: nonNegative,
    generator: id,
    state: z.enum(['on', 'off']).optional(),
    rate_kg_day: nonNegative.optional(),
  }),
  scrubber: z.strictObject({ at_h: nonNegative, scrubber: id, state: z.enum(['on', 'off']) }),
  repress: z.strictObject({
    at_h: nonNegative,
    repress: z.strictObject({
      store: id,
      module: id.optional(),
      flow_kg_h: positive.optional(),
      until_mmHg: positive.optional(),
      mass_kg: positive.optional(),
    }),
  }),
  depress: z.strictObject({
    at_h: nonNegative,
    depress: z.strictObject({
      module: id,
      pump_into: id.optional(),
      pump_to_mmHg: nonNegative.default(258),
      pump_flow_kg_h: positive.default(30),
      vent_to_mmHg: nonNegative.default(0.5),
      vent_diameter_mm: positive.default(25),
    }),
  }),
  equalize: z.strictObject({
    at_h: nonNegative,
    equalize: z.strictObject({ module: id, from: id, valve_diameter_mm: positive.default(10) }),
  }),
  dock: z.strictObject({
    at_h: nonNegative,
    dock: z.union([id, z.strictObject({ vehicle: id, pressure_mmHg: positive.optional() })]),
  }),
  undock: z.strictObject({ at_h: nonNegative, undock: id }),
  sensor: z.strictObject({ at_h: nonNegative, sensor: id, fault }),
  temperature: z.strictObject({
    at_h: nonNegative,
    temperature: z.strictObject({
      modules: z.array(id).optional(),
      delta_K: z.number(),
      ramp_h: nonNegative.default(0),
    }),
  }),
  step_s: z.strictObject({ at_h: nonNegative, step_s: positive }),
  resupply: z.strictObject({ at_h: nonNegative, resupply: z.strictObject({ store: id, mass_kg: positive }) }),
} as const;

export type EventKey = keyof typeof eventSchemas;
export const EVENT_KEYS = Object.keys(eventSchemas) as EventKey[];

export const scenarioFileSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  station: id,
  start: z.iso.datetime({ offset: true }),
  duration_h: positive,
  step_s: positive.default(1),
  seed: z.number().int().nonnegative().default(1),
  truth_period_s: positive.optional(),
  spin_up_h: nonNegative.default(0),
  crew: z
    .strictObject({ count: z.number().int().nonnegative(), modules: z.array(id).default([]) })
    .default({ count: 0, modules: [] }),
  thermal: z
    .strictObject({
      orbital_amplitude_K: nonNegative.default(0),
      orbital_period_min: positive.default(92.6),
      daily_amplitude_K: nonNegative.default(0),
      drift_K: nonNegative.default(0),
      drift_timescale_h: positive.default(12),
      module_spread: z.number().min(0).max(1).default(0),
    })
    .optional(),
  life_support: z
    .strictObject({ random_failures: z.boolean().default(false) })
    .default({ random_failures: false }),
  control: z
    .strictObject({
      pressure: z
        .strictObject({
          store: id,
          module: id.optional(),
          below_mmHg: positive,
          until_mmHg: positive,
          flow_kg_h: positive.optional(),
        })
        .optional(),
      ppO2: z
        .strictObject({ generator: id, setpoint_mmHg: positive, band_mmHg: positive.default(2) })
        .optional(),
    })
    .default({}),
  initial: z
    .strictObject({
      present: z.record(id, z.boolean()).default({}),
      pressure_mmHg: z.record(id, nonNegative).default({}),
    })
    .default({ present: {}, pressure_mmHg: {} }),
  events: z.array(z.record(z.string(), z.unknown())).default([]),
});

export type ScenarioFile = z.output<typeof scenarioFileSchema>;
export type EventFile<K extends EventKey> = z.output<(typeof eventSchemas)[K]>;
