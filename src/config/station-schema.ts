/**
 * The station file's schema (CONTRACT.md §2 plus Airtight's extensions). Field names carry their
 * units; every object is strict so that a misspelt field is reported, not ignored.
 */
import { z } from 'zod';
import { QUANTITIES } from '../core/index.js';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'must be an id of letters, digits, _ . : -');
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
const finite = z.number();
const onOff = z.enum(['on', 'off']);
const source = z.string().optional();
const pair = z.tuple([finite, finite]);

const section = z.discriminatedUnion('shape', [
  z.strictObject({ shape: z.literal('cylinder'), length_m: positive, diameter_m: positive }),
  z.strictObject({
    shape: z.literal('cone'),
    length_m: positive,
    diameter_start_m: positive,
    diameter_end_m: positive,
  }),
  z.strictObject({ shape: z.literal('dome'), diameter_m: positive, depth_m: positive }),
  z.strictObject({ shape: z.literal('sphere'), diameter_m: positive }),
]);

const feature = z.strictObject({
  kind: z.enum(['weld', 'seam', 'hatch-ring', 'window', 'penetration', 'repair', 'pipe', 'docking-port']),
  axial_m: z.union([nonNegative, pair]),
  angle_deg: z.union([finite, pair]).optional(),
  diameter_m: positive.optional(),
  weight: nonNegative.optional(),
  note: z.string().optional(),
});

const panel = z.strictObject({
  id,
  name: z.string().optional(),
  axial_m: pair,
  angle_deg: pair,
  kind: z.enum(['rack', 'panel', 'open']).default('panel'),
});

const geometry = z.strictObject({
  sections: z.array(section).min(1),
  features: z.array(feature).default([]),
  panels: z.array(panel).default([]),
  source,
});

const moduleSchema = z.strictObject({
  id,
  name: z.string().optional(),
  volume_m3: positive,
  habitable: z.boolean().default(true),
  present: z.boolean().default(true),
  segment: z.string().optional(),
  parent: id.optional(),
  vehicle: id.optional(),
  pressure_mmHg: nonNegative.optional(),
  air_temperature_degC: z.number().gt(-273.15).optional(),
  leak_prior_weight: nonNegative.optional(),
  launch_year: z.number().int().optional(),
  geometry: geometry.optional(),
  source,
});

const hatch = z.strictObject({
  id,
  between: z.tuple([id, id]),
  closable: z.boolean().default(true),
  state: z.enum(['open', 'closed']).default('open'),
  ventilation_m3_s: nonNegative.optional(),
  seal_leak_kg_s_Pa: nonNegative.default(0),
  diameter_m: positive.optional(),
  opens_into: id.optional(),
  source,
});

const sensor = z.strictObject({
  id,
  quantity: z.enum(QUANTITIES),
  unit: z.string().optional(),
  module: id.optional(),
  hatch: id.optional(),
  store: id.optional(),
  generator: id.optional(),
  noise_sd: nonNegative.default(0),
  resolution: nonNegative.default(0),
  period_s: positive.default(1),
  phase_s: nonNegative.default(0),
  report_on_change: z.boolean().default(false),
  bias: finite.default(0),
  drift_per_day: finite.default(0),
  thermal_gain: finite.default(1),
  thermal_gain_uncertainty: positive.optional(),
  dropout_probability: z.number().min(0).max(1).default(0),
  assumed: z.boolean().default(false),
  description: z.string().optional(),
  source,
});

const gasStore = z.strictObject({
  id,
  gas: z.enum(['o2', 'n2', 'air']),
  mass_kg: nonNegative,
  volume_m3: nonNegative.default(0),
  module: id,
  flow_kg_h: positive.default(3),
  source,
});

const generator = z.strictObject({
  id,
  module: id,
  rate_kg_day: nonNegative,
  max_kg_day: nonNegative.optional(),
  state: onOff.default('on'),
  mtbf_h: positive.optional(),
  mttr_h: positive.optional(),
  source,
});

const scrubberBase = { id, module: id, gas: z.enum(['co2', 'h2o']), state: onOff.default('on'), source };
/** Proportional removal (nominal rate at a reference partial pressure), or a set-point controller. */
const scrubber = z.union([
  z.strictObject({ ...scrubberBase, nominal_kg_day: nonNegative, reference_mmHg: positive }),
  z.strictObject({
    ...scrubberBase,
    capacity_kg_day: nonNegative,
    setpoint_mmHg: nonNegative,
    band_mmHg: positive.default(1),
  }),
]);

/** Reserve-forecast settings (src/forecast); defaults are DOMAIN.md §5's figures. */
const gasBudget = z.strictObject({
  o2_use_kg_person_day: nonNegative.default(0.84),
  o2_use_sd_kg_person_day: nonNegative.default(0.1),
  background_leak_kg_day: nonNegative.default(0),
  reserve_o2_days: nonNegative.default(45),
  reserve_n2_repress_module: id.optional(),
  source,
});

const vehicle = z.strictObject({
  id,
  name: z.string().optional(),
  kind: z.string(),
  crew_seats: z.number().int().nonnegative().default(0),
  source,
});

const composition = z
  .strictObject({
    N2: nonNegative.optional(),
    O2: nonNegative.optional(),
    CO2: nonNegative.optional(),
    H2O: nonNegative.optional(),
  })
  .refine((c) => Math.abs((c.N2 ?? 0) + (c.O2 ?? 0) + (c.CO2 ?? 0) + (c.H2O ?? 0) - 1) <= 1e-3, {
    message: 'mole fractions must sum to 1 (±0.001)',
  });

export const stationFileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  pressure_mmHg: positive,
  air_temperature_degC: z.number().gt(-273.15).default(22),
  composition: composition.optional(),
  limits: z
    .strictObject({
      evacuation_mmHg: positive.default(490),
      equipment_mmHg: positive.default(719),
      crew_health_mmHg: positive.default(527),
    })
    .default({ evacuation_mmHg: 490, equipment_mmHg: 719, crew_health_mmHg: 527 }),
  crew: z.strictObject({ nominal: z.number().int().nonnegative() }).default({ nominal: 0 }),
  modules: z.array(moduleSchema).min(1),
  hatches: z.array(hatch).default([]),
  sensors: z.array(sensor).default([]),
  gas_stores: z.array(gasStore).default([]),
  o2_generators: z.array(generator).default([]),
  scrubbers: z.array(scrubber).default([]),
  vehicles: z.array(vehicle).default([]),
  gas_budget: gasBudget.optional(),
  notes: z.array(z.string()).default([]),
  sources: z.record(z.string(), z.string()).default({}),
});

export type StationFile = z.output<typeof stationFileSchema>;
export type SectionFile = z.output<typeof section>;
