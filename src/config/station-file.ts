/**
 * Station files → the Station model (SI). Validates shape with the schema, then every
 * cross-reference (ids that must exist, hatches joining two different modules, units that fit
 * their quantity), each failure naming file, line, path and value.
 */
import {
  type Composition,
  DEFAULT_COMPOSITION,
  type Dimension,
  degCToK,
  dimensionOf,
  isUnit,
  kgPerDayToKgPerS,
  mmHgToPa,
  type Quantity,
  type Scrubber,
  type Sensor,
  type Station,
  UNIT_NAMES,
  type WallSection,
} from '../core/index.js';
import { documentError, type PathSegment, type SourceDocument } from './document.js';
import { type SectionFile, type StationFile, stationFileSchema } from './station-schema.js';
import { validateDocument } from './validate.js';

/** Default inter-module ventilation through an open hatch: ISS IMV fans move ~140 ft³/min (est.). */
export const DEFAULT_VENTILATION_M3_S = 0.065;

const QUANTITY_DIMENSION: Readonly<Record<Quantity, Dimension>> = {
  pressure: 'pressure',
  temperature: 'temperature',
  ppO2: 'pressure',
  ppN2: 'pressure',
  ppCO2: 'pressure',
  ppH2O: 'pressure',
  hatch: 'state',
  o2_generation: 'mass-rate',
  crew_count: 'count',
  store_pressure: 'pressure',
  store_mass: 'mass',
};

const DEFAULT_UNIT: Readonly<Partial<Record<Quantity, string>>> = { hatch: 'state', crew_count: 'count' };

/** Builds a Station from a parsed document; `id` is its built-in name or file stem. */
export function stationFromDocument(doc: SourceDocument, id: string): Station {
  const file = validateDocument(doc, stationFileSchema);
  checkReferences(doc, file);
  const nominalPressurePa = mmHgToPa(file.pressure_mmHg);
  const airTemperatureK = degCToK(file.air_temperature_degC);
  return {
    id,
    name: file.name,
    ...(file.description !== undefined && { description: file.description }),
    source: doc.source,
    nominalPressurePa,
    airTemperatureK,
    composition: compositionOf(file),
    modules: file.modules.map((m) => ({
      id: m.id,
      name: m.name ?? m.id,
      volumeM3: m.volume_m3,
      habitable: m.habitable,
      present: m.present,
      ...(m.segment !== undefined && { segment: m.segment }),
      ...(m.parent !== undefined && { parent: m.parent }),
      ...(m.vehicle !== undefined && { vehicle: m.vehicle }),
      ...(m.pressure_mmHg !== undefined && { initialPressurePa: mmHgToPa(m.pressure_mmHg) }),
      ...(m.air_temperature_degC !== undefined && { airTemperatureK: degCToK(m.air_temperature_degC) }),
      ...(m.leak_prior_weight !== undefined && { leakPriorWeight: m.leak_prior_weight }),
      ...(m.launch_year !== undefined && { launchYear: m.launch_year }),
      ...(m.geometry !== undefined && {
        geometry: {
          sections: m.geometry.sections.map(sectionOf),
          features: m.geometry.features.map((f) => ({
            kind: f.kind,
            axialM: f.axial_m,
            ...(f.angle_deg !== undefined && { angleDeg: f.angle_deg }),
            ...(f.diameter_m !== undefined && { diameterM: f.diameter_m }),
            ...(f.weight !== undefined && { weight: f.weight }),
            ...(f.note !== undefined && { note: f.note }),
          })),
          panels: m.geometry.panels.map((p) => ({
            id: p.id,
            ...(p.name !== undefined && { name: p.name }),
            axialM: p.axial_m,
            angleDeg: p.angle_deg,
            kind: p.kind,
          })),
          ...(m.geometry.source !== undefined && { source: m.geometry.source }),
        },
      }),
      ...(m.source !== undefined && { source: m.source }),
    })),
    hatches: file.hatches.map((h) => ({
      id: h.id,
      between: h.between,
      closable: h.closable,
      initiallyOpen: h.state === 'open',
      ventilationM3PerS: h.ventilation_m3_s ?? DEFAULT_VENTILATION_M3_S,
      sealConductanceKgPerSPa: h.seal_leak_kg_s_Pa,
      ...(h.diameter_m !== undefined && { diameterM: h.diameter_m }),
      ...(h.opens_into !== undefined && { opensInto: h.opens_into }),
      ...(h.source !== undefined && { source: h.source }),
    })),
    sensors: file.sensors.map((s): Sensor => {
      const unit = s.unit ?? DEFAULT_UNIT[s.quantity] ?? '';
      return {
        id: s.id,
        quantity: s.quantity,
        unit,
        ...(s.module !== undefined && { module: s.module }),
        ...(s.hatch !== undefined && { hatch: s.hatch }),
        ...(s.store !== undefined && { store: s.store }),
        ...(s.generator !== undefined && { generator: s.generator }),
        noiseSd: s.noise_sd,
        resolution: s.resolution,
        periodS: s.period_s,
        phaseS: s.phase_s,
        reportOnChange: s.report_on_change,
        bias: s.bias,
        driftPerDay: s.drift_per_day,
        thermalGain: s.thermal_gain,
        ...(s.thermal_gain_uncertainty !== undefined && {
          thermalGainUncertainty: s.thermal_gain_uncertainty,
        }),
        dropoutProbability: s.dropout_probability,
        assumed: s.assumed,
        ...(s.description !== undefined && { description: s.description }),
        ...(s.source !== undefined && { source: s.source }),
      };
    }),
    gasStores: file.gas_stores.map((g) => ({
      id: g.id,
      gas: g.gas,
      massKg: g.mass_kg,
      volumeM3: g.volume_m3,
      module: g.module,
      flowKgPerS: g.flow_kg_h / 3600,
      ...(g.source !== undefined && { source: g.source }),
    })),
    generators: file.o2_generators.map((g) => ({
      id: g.id,
      module: g.module,
      rateKgPerS: kgPerDayToKgPerS(g.rate_kg_day),
      maxKgPerS: kgPerDayToKgPerS(g.max_kg_day ?? g.rate_kg_day),
      initiallyOn: g.state === 'on',
      ...(g.mtbf_h !== undefined && { mtbfS: g.mtbf_h * 3600 }),
      ...(g.mttr_h !== undefined && { mttrS: g.mttr_h * 3600 }),
      ...(g.source !== undefined && { source: g.source }),
    })),
    scrubbers: file.scrubbers.map((s): Scrubber => {
      const base = {
        id: s.id,
        module: s.module,
        gas: s.gas,
        initiallyOn: s.state === 'on',
        ...(s.source !== undefined && { source: s.source }),
      };
      return 'nominal_kg_day' in s
        ? {
            ...base,
            mode: 'proportional',
            nominalKgPerS: kgPerDayToKgPerS(s.nominal_kg_day),
            referencePa: mmHgToPa(s.reference_mmHg),
          }
        : {
            ...base,
            mode: 'setpoint',
            capacityKgPerS: kgPerDayToKgPerS(s.capacity_kg_day),
            setpointPa: mmHgToPa(s.setpoint_mmHg),
            bandPa: mmHgToPa(s.band_mmHg),
          };
    }),
    vehicles: file.vehicles.map((v) => ({
      id: v.id,
      name: v.name ?? v.id,
      kind: v.kind,
      crewSeats: v.crew_seats,
      ...(v.source !== undefined && { source: v.source }),
    })),
    crew: { nominal: file.crew.nominal },
    limits: {
      evacuationPa: mmHgToPa(file.limits.evacuation_mmHg),
      equipmentPa: mmHgToPa(file.limits.equipment_mmHg),
      crewHealthPa: mmHgToPa(file.limits.crew_health_mmHg),
    },
    notes: file.notes,
    ...(file.gas_budget !== undefined && {
      gasBudget: {
        o2PerPersonKgPerS: kgPerDayToKgPerS(file.gas_budget.o2_use_kg_person_day),
        o2PerPersonSdKgPerS: kgPerDayToKgPerS(file.gas_budget.o2_use_sd_kg_person_day),
        backgroundLeakKgPerS: kgPerDayToKgPerS(file.gas_budget.background_leak_kg_day),
        reserveO2S: file.gas_budget.reserve_o2_days * 86400,
        ...(file.gas_budget.reserve_n2_repress_module !== undefined && {
          reserveN2Module: file.gas_budget.reserve_n2_repress_module,
        }),
        ...(file.gas_budget.source !== undefined && { source: file.gas_budget.source }),
      },
    }),
  };
}

function compositionOf(file: StationFile): Composition {
  const c = file.composition;
  if (c === undefined) return DEFAULT_COMPOSITION;
  const total = (c.N2 ?? 0) + (c.O2 ?? 0) + (c.CO2 ?? 0) + (c.H2O ?? 0);
  return {
    n2: (c.N2 ?? 0) / total,
    o2: (c.O2 ?? 0) / total,
    co2: (c.CO2 ?? 0) / total,
    h2o: (c.H2O ?? 0) / total,
  };
}

function sectionOf(s: SectionFile): WallSection {
  switch (s.shape) {
    case 'cylinder':
      return { shape: 'cylinder', lengthM: s.length_m, diameterM: s.diameter_m };
    case 'cone':
      return {
        shape: 'cone',
        lengthM: s.length_m,
        diameterStartM: s.diameter_start_m,
        diameterEndM: s.diameter_end_m,
      };
    case 'dome':
      return { shape: 'dome', diameterM: s.diameter_m, depthM: s.depth_m };
    case 'sphere':
      return { shape: 'sphere', diameterM: s.diameter_m };
  }
}

/** Axial length [m] of a chain of wall sections. */
function sectionLength(s: SectionFile): number {
  if (s.shape === 'dome') return s.depth_m;
  if (s.shape === 'sphere') return s.diameter_m;
  return s.length_m;
}

function checkReferences(doc: SourceDocument, file: StationFile): void {
  const fail = (path: PathSegment[], problem: string, value?: unknown): never => {
    throw documentError(doc, path, problem, value);
  };
  const unique = <T extends { id: string }>(items: T[], list: string): Set<string> => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) fail([list, i, 'id'], `duplicate id in ${list}`, item.id);
      seen.add(item.id);
    });
    return seen;
  };
  const modules = unique(file.modules, 'modules');
  const hatches = unique(file.hatches, 'hatches');
  unique(file.sensors, 'sensors');
  const stores = unique(file.gas_stores, 'gas_stores');
  const generators = unique(file.o2_generators, 'o2_generators');
  unique(file.scrubbers, 'scrubbers');
  const vehicles = unique(file.vehicles, 'vehicles');
  const known = (set: Set<string>, kind: string, value: string, path: PathSegment[]): void => {
    if (!set.has(value)) fail(path, `${kind} '${value}' is not defined in this station`, value);
  };

  file.modules.forEach((m, i) => {
    if (m.vehicle !== undefined) known(vehicles, 'vehicle', m.vehicle, ['modules', i, 'vehicle']);
    if (m.geometry !== undefined) {
      const length = m.geometry.sections.reduce((sum, s) => sum + sectionLength(s), 0);
      const inside = (a: number): boolean => a >= -1e-9 && a <= length + 1e-9;
      m.geometry.features.forEach((f, j) => {
        const ends = typeof f.axial_m === 'number' ? [f.axial_m] : f.axial_m;
        if (!ends.every(inside))
          fail(
            ['modules', i, 'geometry', 'features', j, 'axial_m'],
            `must lie within the module's ${length.toFixed(2)} m length`,
            f.axial_m,
          );
      });
      m.geometry.panels.forEach((p, j) => {
        if (!p.axial_m.every(inside) || p.axial_m[0] >= p.axial_m[1])
          fail(
            ['modules', i, 'geometry', 'panels', j, 'axial_m'],
            `must be an increasing range within the module's ${length.toFixed(2)} m length`,
            p.axial_m,
          );
        if (p.angle_deg[0] >= p.angle_deg[1])
          fail(
            ['modules', i, 'geometry', 'panels', j, 'angle_deg'],
            'must be an increasing range of angles',
            p.angle_deg,
          );
      });
    }
  });

  file.hatches.forEach((h, i) => {
    h.between.forEach((m, j) => {
      known(modules, 'module', m, ['hatches', i, 'between', j]);
    });
    if (h.between[0] === h.between[1])
      fail(['hatches', i, 'between'], `hatch joins module '${h.between[0]}' to itself`, h.between);
    if (h.opens_into !== undefined && !h.between.includes(h.opens_into))
      fail(['hatches', i, 'opens_into'], 'must be one of the two modules the hatch joins', h.opens_into);
  });

  file.sensors.forEach((s, i) => {
    const at = (field: string): PathSegment[] => ['sensors', i, field];
    if (s.module !== undefined) known(modules, 'module', s.module, at('module'));
    if (s.hatch !== undefined) known(hatches, 'hatch', s.hatch, at('hatch'));
    if (s.store !== undefined) known(stores, 'gas store', s.store, at('store'));
    if (s.generator !== undefined) known(generators, 'O2 generator', s.generator, at('generator'));
    const needs = (field: 'module' | 'hatch' | 'store'): void => {
      if (s[field] === undefined) fail(['sensors', i], `a ${s.quantity} sensor needs '${field}'`, s.id);
    };
    switch (s.quantity) {
      case 'hatch':
        needs('hatch');
        break;
      case 'store_pressure':
      case 'store_mass':
        needs('store');
        break;
      case 'o2_generation':
        if (s.generator === undefined && s.module === undefined)
          fail(['sensors', i], "an o2_generation sensor needs 'generator' or 'module'", s.id);
        break;
      case 'crew_count':
        break;
      default:
        needs('module');
    }
    const unit = s.unit ?? DEFAULT_UNIT[s.quantity];
    if (unit === undefined) fail(at('unit'), `missing: a ${s.quantity} sensor needs a unit`);
    else if (!isUnit(unit)) fail(at('unit'), `unknown unit; known units are ${UNIT_NAMES.join(', ')}`, unit);
    else if (dimensionOf(unit) !== QUANTITY_DIMENSION[s.quantity])
      fail(
        at('unit'),
        `is not a unit of ${QUANTITY_DIMENSION[s.quantity]}, as a ${s.quantity} sensor needs`,
        unit,
      );
  });

  file.gas_stores.forEach((g, i) => {
    known(modules, 'module', g.module, ['gas_stores', i, 'module']);
  });
  file.o2_generators.forEach((g, i) => {
    known(modules, 'module', g.module, ['o2_generators', i, 'module']);
  });
  file.scrubbers.forEach((s, i) => {
    known(modules, 'module', s.module, ['scrubbers', i, 'module']);
  });
  const repress = file.gas_budget?.reserve_n2_repress_module;
  if (repress !== undefined) known(modules, 'module', repress, ['gas_budget', 'reserve_n2_repress_module']);
}
