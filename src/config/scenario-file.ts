/**
 * Scenario files → the Scenario model (SI, seconds from start). Each event is checked against
 * the station: the hatch, module, leak, store, generator, vehicle or sensor it names must exist,
 * and leaks must be started before they are changed or stopped.
 */
import { dirname } from 'node:path';
import {
  CHOKED_FACTOR,
  GAS_CONSTANT,
  type LeakSpec,
  meanMolarMass,
  mmHgToPa,
  type Scenario,
  type ScenarioEvent,
  type SensorFault,
  type Station,
} from '../core/index.js';
import { documentError, type PathSegment, type SourceDocument } from './document.js';
import {
  EVENT_KEYS,
  type EventFile,
  type EventKey,
  eventSchemas,
  scenarioFileSchema,
} from './scenario-schema.js';
import { validateDocument } from './validate.js';

export type StationResolver = (nameOrPath: string, baseDir: string) => Station;

/** Builds a Scenario from a parsed document; the station is loaded through `loadStation`. */
export function scenarioFromDocument(
  doc: SourceDocument,
  id: string,
  loadStation: StationResolver,
): Scenario {
  const file = validateDocument(doc, scenarioFileSchema);
  const fail = (path: PathSegment[], problem: string, value?: unknown): never => {
    throw documentError(doc, path, problem, value);
  };
  const station = loadStation(file.station, dirname(doc.source));
  const durationS = file.duration_h * 3600;
  const ids = {
    module: new Set(station.modules.map((m) => m.id)),
    hatch: new Map(station.hatches.map((h) => [h.id, h])),
    store: new Set(station.gasStores.map((s) => s.id)),
    generator: new Set(station.generators.map((g) => g.id)),
    scrubber: new Set(station.scrubbers.map((s) => s.id)),
    vehicle: new Set(station.vehicles.map((v) => v.id)),
    sensor: new Set(station.sensors.map((s) => s.id)),
  };
  const known = (kind: keyof typeof ids, value: string, path: PathSegment[]): void => {
    if (!ids[kind].has(value))
      fail(path, `${kind} '${value}' is not defined in station '${station.id}'`, value);
  };

  file.crew.modules.forEach((m, i) => {
    known('module', m, ['crew', 'modules', i]);
  });
  for (const m of Object.keys(file.initial.present)) known('module', m, ['initial', 'present', m]);
  for (const m of Object.keys(file.initial.pressure_mmHg))
    known('module', m, ['initial', 'pressure_mmHg', m]);

  const leaks = new Map<string, LeakSpec>();
  const active = new Set<string>();
  const events: ScenarioEvent[] = [];
  file.events.forEach((raw, i) => {
    const at: PathSegment[] = ['events', i];
    const keys = Object.keys(raw).filter((k): k is EventKey => (EVENT_KEYS as string[]).includes(k));
    if (keys.length !== 1 || keys[0] === undefined) {
      fail(at, `an event needs exactly one of ${EVENT_KEYS.join(', ')}`, Object.keys(raw));
    }
    const key = keys[0] as EventKey;
    const parsed = validateDocument(doc, eventSchemas[key], at);
    if (parsed.at_h * 3600 > durationS)
      fail([...at, 'at_h'], `is after the end of the scenario (duration_h ${file.duration_h})`, parsed.at_h);
    const event = buildEvent(key, parsed, at);
    if (event !== undefined) events.push(event);
  });

  function buildEvent(key: EventKey, e: EventFile<EventKey>, at: PathSegment[]): ScenarioEvent | undefined {
    const atS = e.at_h * 3600;
    switch (key) {
      case 'hatch': {
        const h = e as EventFile<'hatch'>;
        const hatch = ids.hatch.get(h.hatch);
        if (hatch === undefined)
          return fail(
            [...at, 'hatch'],
            `hatch '${h.hatch}' is not defined in station '${station.id}'`,
            h.hatch,
          );
        if (!hatch.closable)
          fail([...at, 'hatch'], `hatch '${h.hatch}' cannot be closed (closable: false)`, h.hatch);
        return { atS, kind: 'hatch', hatch: h.hatch, open: h.state === 'open' };
      }
      case 'leak': {
        const spec = (e as EventFile<'leak'>).leak;
        known('module', spec.module, [...at, 'leak', 'module']);
        if (active.has(spec.id)) fail([...at, 'leak', 'id'], `leak '${spec.id}' is already active`, spec.id);
        const leak = leakSpecOf(spec, station);
        leaks.set(spec.id, leak);
        active.add(spec.id);
        return { atS, kind: 'leak-start', leak };
      }
      case 'leak_stop': {
        const id = (e as EventFile<'leak_stop'>).leak_stop;
        if (!active.has(id)) fail([...at, 'leak_stop'], `no active leak '${id}' to stop`, id);
        active.delete(id);
        return { atS, kind: 'leak-stop', id };
      }
      case 'leak_change': {
        const change = (e as EventFile<'leak_change'>).leak_change;
        const leak = leaks.get(change.id);
        if (leak === undefined || !active.has(change.id))
          return fail([...at, 'leak_change', 'id'], `no active leak '${change.id}' to change`, change.id);
        const rampS = change.ramp_h * 3600;
        if (leak.law === 'crack') {
          if (change.diameter_mm !== undefined || change.cd !== undefined)
            fail(
              [...at, 'leak_change'],
              `leak '${change.id}' is a crack: change c_kg_s_Pa2 or rate_kg_day`,
              change,
            );
          const c =
            change.c_kg_s_Pa2 ??
            (change.rate_kg_day !== undefined ? crackCoefficient(change.rate_kg_day, station) : undefined);
          if (c === undefined) return fail([...at, 'leak_change'], 'needs c_kg_s_Pa2 or rate_kg_day', change);
          leaks.set(change.id, { ...leak, cKgPerSPa2: c });
          return { atS, kind: 'leak-change', id: change.id, cKgPerSPa2: c, rampS };
        }
        if (change.c_kg_s_Pa2 !== undefined)
          fail(
            [...at, 'leak_change'],
            `leak '${change.id}' is an orifice: change diameter_mm, cd or rate_kg_day`,
            change,
          );
        const cd = change.cd ?? leak.dischargeCoefficient;
        const diameterM =
          change.diameter_mm !== undefined
            ? change.diameter_mm / 1000
            : change.rate_kg_day !== undefined
              ? orificeDiameter(change.rate_kg_day, cd, station, leak.module)
              : leak.diameterM;
        leaks.set(change.id, { ...leak, dischargeCoefficient: cd, diameterM });
        return { atS, kind: 'leak-change', id: change.id, diameterM, dischargeCoefficient: cd, rampS };
      }
      case 'crew': {
        const crew = (e as EventFile<'crew'>).crew;
        crew.modules?.forEach((m, j) => {
          known('module', m, [...at, 'crew', 'modules', j]);
        });
        return {
          atS,
          kind: 'crew',
          ...(crew.count !== undefined && { count: crew.count }),
          ...(crew.modules !== undefined && { modules: crew.modules }),
        };
      }
      case 'generator': {
        const g = e as EventFile<'generator'>;
        known('generator', g.generator, [...at, 'generator']);
        if (g.state === undefined && g.rate_kg_day === undefined)
          fail(at, 'a generator event needs state or rate_kg_day', g);
        return {
          atS,
          kind: 'generator',
          id: g.generator,
          ...(g.state !== undefined && { on: g.state === 'on' }),
          ...(g.rate_kg_day !== undefined && { rateKgPerS: g.rate_kg_day / 86400 }),
        };
      }
      case 'scrubber': {
        const s = e as EventFile<'scrubber'>;
        known('scrubber', s.scrubber, [...at, 'scrubber']);
        return { atS, kind: 'scrubber', id: s.scrubber, on: s.state === 'on' };
      }
      case 'repress': {
        const r = (e as EventFile<'repress'>).repress;
        known('store', r.store, [...at, 'repress', 'store']);
        const store = station.gasStores.find((s) => s.id === r.store);
        const module = r.module ?? store?.module ?? '';
        known('module', module, [...at, 'repress', 'module']);
        return {
          atS,
          kind: 'repress',
          store: r.store,
          module,
          flowKgPerS: r.flow_kg_h !== undefined ? r.flow_kg_h / 3600 : (store?.flowKgPerS ?? 0),
          ...(r.until_mmHg !== undefined && { untilPa: mmHgToPa(r.until_mmHg) }),
          ...(r.mass_kg !== undefined && { massKg: r.mass_kg }),
        };
      }
      case 'depress': {
        const d = (e as EventFile<'depress'>).depress;
        known('module', d.module, [...at, 'depress', 'module']);
        if (d.pump_into !== undefined) known('module', d.pump_into, [...at, 'depress', 'pump_into']);
        return {
          atS,
          kind: 'depress',
          module: d.module,
          ...(d.pump_into !== undefined && { pumpInto: d.pump_into }),
          pumpToPa: mmHgToPa(d.pump_to_mmHg),
          pumpFlowKgPerS: d.pump_flow_kg_h / 3600,
          ventToPa: mmHgToPa(d.vent_to_mmHg),
          ventDiameterM: d.vent_diameter_mm / 1000,
        };
      }
      case 'equalize': {
        const q = (e as EventFile<'equalize'>).equalize;
        known('module', q.module, [...at, 'equalize', 'module']);
        known('module', q.from, [...at, 'equalize', 'from']);
        return {
          atS,
          kind: 'equalize',
          module: q.module,
          from: q.from,
          diameterM: q.valve_diameter_mm / 1000,
        };
      }
      case 'dock': {
        const d = (e as EventFile<'dock'>).dock;
        const vehicle = typeof d === 'string' ? d : d.vehicle;
        known('vehicle', vehicle, [...at, 'dock']);
        const pressure = typeof d === 'string' ? undefined : d.pressure_mmHg;
        return {
          atS,
          kind: 'dock',
          vehicle,
          ...(pressure !== undefined && { pressurePa: mmHgToPa(pressure) }),
        };
      }
      case 'undock': {
        const vehicle = (e as EventFile<'undock'>).undock;
        known('vehicle', vehicle, [...at, 'undock']);
        return { atS, kind: 'undock', vehicle };
      }
      case 'sensor': {
        const s = e as EventFile<'sensor'>;
        known('sensor', s.sensor, [...at, 'sensor']);
        return { atS, kind: 'sensor-fault', sensor: s.sensor, fault: faultOf(s.fault) };
      }
      case 'resupply': {
        const r = (e as EventFile<'resupply'>).resupply;
        known('store', r.store, [...at, 'resupply', 'store']);
        return { atS, kind: 'resupply', store: r.store, massKg: r.mass_kg };
      }
      case 'step_s':
        return { atS, kind: 'step', stepS: (e as EventFile<'step_s'>).step_s };
      case 'temperature': {
        const t = (e as EventFile<'temperature'>).temperature;
        const modules = t.modules ?? station.modules.map((m) => m.id);
        t.modules?.forEach((m, j) => {
          known('module', m, [...at, 'temperature', 'modules', j]);
        });
        return { atS, kind: 'temperature', modules, deltaK: t.delta_K, rampS: t.ramp_h * 3600 };
      }
    }
  }

  const control: Scenario['control'] = {};
  if (file.control.pressure !== undefined) {
    const c = file.control.pressure;
    known('store', c.store, ['control', 'pressure', 'store']);
    const store = station.gasStores.find((g) => g.id === c.store);
    const module = c.module ?? store?.module ?? '';
    known('module', module, ['control', 'pressure', 'module']);
    if (c.until_mmHg <= c.below_mmHg)
      fail(['control', 'pressure', 'until_mmHg'], 'must be above below_mmHg', c.until_mmHg);
    control.pressure = {
      store: c.store,
      module,
      belowPa: mmHgToPa(c.below_mmHg),
      untilPa: mmHgToPa(c.until_mmHg),
      flowKgPerS: c.flow_kg_h !== undefined ? c.flow_kg_h / 3600 : (store?.flowKgPerS ?? 0),
    };
  }
  if (file.control.ppO2 !== undefined) {
    const c = file.control.ppO2;
    known('generator', c.generator, ['control', 'ppO2', 'generator']);
    control.ppO2 = {
      generator: c.generator,
      setpointPa: mmHgToPa(c.setpoint_mmHg),
      bandPa: mmHgToPa(c.band_mmHg),
    };
  }
  const thermal = file.thermal;
  return {
    name: file.name ?? id,
    source: doc.source,
    station,
    startMs: Date.parse(file.start),
    durationS,
    stepS: file.step_s,
    seed: file.seed,
    crew: { count: file.crew.count, modules: file.crew.modules },
    thermal: {
      orbitalAmplitudeK: thermal?.orbital_amplitude_K ?? 0,
      orbitalPeriodS: (thermal?.orbital_period_min ?? 92.6) * 60,
      dailyAmplitudeK: thermal?.daily_amplitude_K ?? 0,
      driftSdK: thermal?.drift_K ?? 0,
      driftTimescaleS: (thermal?.drift_timescale_h ?? 12) * 3600,
      moduleSpread: thermal?.module_spread ?? 0,
    },
    lifeSupport: { randomFailures: file.life_support.random_failures },
    initial: {
      present: file.initial.present,
      pressurePa: Object.fromEntries(
        Object.entries(file.initial.pressure_mmHg).map(([m, p]) => [m, mmHgToPa(p)]),
      ),
    },
    events: events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.atS - b.e.atS || a.i - b.i)
      .map(({ e }) => e),
    truthPeriodS: file.truth_period_s ?? Math.max(file.step_s, 60),
    spinUpS: file.spin_up_h * 3600,
    control,
    ...(file.description !== undefined && { description: file.description }),
  };
}

type LeakFile = EventFile<'leak'>['leak'];

function leakSpecOf(spec: LeakFile, station: Station): LeakSpec {
  if (spec.law === 'crack') {
    const c = 'c_kg_s_Pa2' in spec ? spec.c_kg_s_Pa2 : crackCoefficient(spec.rate_kg_day, station);
    return { id: spec.id, module: spec.module, law: 'crack', cKgPerSPa2: c };
  }
  const diameterM =
    'diameter_mm' in spec
      ? spec.diameter_mm / 1000
      : orificeDiameter(spec.rate_kg_day, spec.cd, station, spec.module);
  return { id: spec.id, module: spec.module, law: 'orifice', dischargeCoefficient: spec.cd, diameterM };
}

/** c [kg/(s·Pa²)] of a crack losing `rateKgDay` at the station's nominal pressure: ṁ = c·p². */
export function crackCoefficient(rateKgDay: number, station: Station): number {
  return rateKgDay / 86400 / station.nominalPressurePa ** 2;
}

/**
 * Diameter [m] of an orifice losing `rateKgDay` to vacuum at the station's nominal pressure and
 * the module's temperature (choked flow, ṁ = C_d·A·p·Γ·sqrt(M/(R·T))).
 */
export function orificeDiameter(rateKgDay: number, cd: number, station: Station, moduleId: string): number {
  const temperatureK =
    station.modules.find((m) => m.id === moduleId)?.airTemperatureK ?? station.airTemperatureK;
  const molarMass = meanMolarMass(station.composition);
  const perArea =
    cd * station.nominalPressurePa * CHOKED_FACTOR * Math.sqrt(molarMass / (GAS_CONSTANT * temperatureK));
  const area = rateKgDay / 86400 / perArea;
  return Math.sqrt((4 * area) / Math.PI);
}

function faultOf(fault: EventFile<'sensor'>['fault']): SensorFault {
  if (typeof fault === 'string') return { kind: fault };
  switch (fault.kind) {
    case 'dropout':
      return { kind: 'dropout', durationS: fault.duration_h * 3600 };
    case 'bias':
      return { kind: 'bias', value: fault.value };
    case 'drift':
      return { kind: 'drift', perDay: fault.per_day };
    case 'noise':
      return { kind: 'noise', sd: fault.sd };
    case 'spike':
      return { kind: 'spike', value: fault.value };
    case 'resolution':
      return { kind: 'resolution', value: fault.value };
    case 'period':
      return { kind: 'period', seconds: fault.seconds };
    case 'report_on_change':
      return { kind: 'report-on-change', on: fault.on };
  }
}
