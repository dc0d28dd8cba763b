/**
 * The hatch configurations an isolation test may use: the station reduced to what a test plan
 * needs (present modules, their volumes, sensors, life support and return vehicles; hatches), and
 * every way of closing up to a few hatches that splits it into groups the crew can live with.
 *
 * A configuration is acceptable when
 * - only closable hatches that are open in the baseline are closed (the others stay as they are);
 * - every return vehicle with seats sits in, or one hatch away from, a group with life support (an
 *   O2 source — generator or O2/air store — and CO2 removal) and a habitable module: that is where
 *   its crew stays, so everyone keeps access to their way home (the safe haven);
 * - the seats of those groups hold the whole crew.
 * Closures that split nothing (a hatch on a loop) are dropped: of the sets giving one partition,
 * the one with the fewest hatches is kept.
 */
import { connectedGroups, GAS_CONSTANT, meanMolarMass, type Station, unitScale } from '../core/index.js';

export interface PlanningModule {
  id: string;
  volumeM3: number;
  habitable: boolean;
  /** Seats of the return vehicle this module belongs to (0 if none), and its id. */
  seats: number;
  vehicle?: string;
  o2Source: boolean;
  co2Removal: boolean;
  /** Ids of the O2 generators in the module. */
  generators: string[];
  /** Whether ppN2 is measured here (the group's inventory is then nitrogen, blind to O2). */
  ppN2: boolean;
  /** Kilograms of air per pascal of the module's pressure. */
  kgPerPa: number;
  /** Variance of the module's best 1-minute pressure reading [Pa²]; null when it has no sensor. */
  binVariancePa2: number | null;
}

export interface PlanningHatch {
  id: string;
  a: number;
  b: number;
  closable: boolean;
  open: boolean;
}

export interface PlanningStation {
  modules: PlanningModule[];
  hatches: PlanningHatch[];
  crew: number;
  pressurePa: number;
  /** Lowest pressure allowed where the crew stays, and in a group closed off [Pa]. */
  crewFloorPa: number;
  closedOffFloorPa: number;
}

export interface HatchConfiguration {
  /** Hatch ids closed for the test (beyond those closed in the baseline). */
  close: string[];
  /** Group index of each planning module. */
  groupOf: Int32Array;
  /** Module indices of each group. */
  groups: number[][];
  /** Whether the crew stays in each group. */
  crewed: boolean[];
  /** Whether O2 generation and CO2 removal end up in more than one group. */
  splitsLifeSupport: boolean;
}

const BIN_S = 60;

/** The modules a station file marks present and the hatches it marks open: a plan's baseline. */
export function asIsConfiguration(station: Station): { present: Set<string>; open: Set<string> } {
  return {
    present: new Set(station.modules.filter((m) => m.present).map((m) => m.id)),
    open: new Set(station.hatches.filter((h) => h.initiallyOpen).map((h) => h.id)),
  };
}

/**
 * The hatches a plan's baseline has open after telemetry: those the station file marks open and
 * those the telemetry shows open now (`hatchOpen`, per station hatch: a hatch opened since the file
 * was written; one closed only for a test is open in the baseline the tests return to).
 */
export function openHatches(station: Station, hatchOpen: ArrayLike<number>): Set<string> {
  return new Set(station.hatches.filter((h, i) => h.initiallyOpen || hatchOpen[i] === 1).map((h) => h.id));
}

/** The modules a monitor's presence flags (1 = docked) mark present. */
export function presentModules(station: Station, present: ArrayLike<number>): Set<string> {
  return new Set(station.modules.filter((_, i) => present[i] === 1).map((m) => m.id));
}

/** The station as a test plan sees it, with the given modules present and hatches open. */
export function planningStation(
  station: Station,
  present: ReadonlySet<string>,
  openHatches: ReadonlySet<string>,
  crew: number = station.crew.nominal,
): PlanningStation {
  const airMolarMass = meanMolarMass(station.composition);
  const modules = station.modules
    .filter((m) => present.has(m.id))
    .map((m): PlanningModule => {
      const temperature = m.airTemperatureK ?? station.airTemperatureK;
      const readings = station.sensors
        .filter((s) => s.module === m.id && s.quantity === 'pressure')
        .map((s) => {
          const scale = unitScale(s.unit);
          const perSample = (s.noiseSd * scale) ** 2 + (s.resolution * scale) ** 2 / 12;
          return perSample / Math.max(1, BIN_S / s.periodS);
        });
      return {
        id: m.id,
        volumeM3: m.volumeM3,
        habitable: m.habitable && m.vehicle === undefined,
        seats: station.vehicles.find((v) => v.id === m.vehicle)?.crewSeats ?? 0,
        ...(m.vehicle !== undefined && { vehicle: m.vehicle }),
        o2Source:
          station.generators.some((g) => g.module === m.id) ||
          station.gasStores.some((s) => s.module === m.id && (s.gas === 'o2' || s.gas === 'air')),
        co2Removal: station.scrubbers.some((s) => s.module === m.id && s.gas === 'co2'),
        generators: station.generators.filter((g) => g.module === m.id).map((g) => g.id),
        ppN2: station.sensors.some((s) => s.module === m.id && s.quantity === 'ppN2'),
        kgPerPa: (m.volumeM3 * airMolarMass) / (GAS_CONSTANT * temperature),
        binVariancePa2: readings.length === 0 ? null : Math.min(...readings),
      };
    });
  const index = new Map(modules.map((m, i) => [m.id, i]));
  const hatches = station.hatches.flatMap((h): PlanningHatch[] => {
    const a = index.get(h.between[0]);
    const b = index.get(h.between[1]);
    if (a === undefined || b === undefined) return [];
    return [{ id: h.id, a, b, closable: h.closable, open: openHatches.has(h.id) }];
  });
  return {
    modules,
    hatches,
    crew,
    pressurePa: station.nominalPressurePa,
    crewFloorPa: station.limits.crewHealthPa,
    closedOffFloorPa: station.limits.evacuationPa,
  };
}

/** Groups of the station with the baseline's open hatches less `closed`. */
export function configurationOf(ps: PlanningStation, closed: ReadonlySet<string>): HatchConfiguration | null {
  const n = ps.modules.length;
  const ends = new Int32Array(ps.hatches.length * 2);
  const open = new Uint8Array(ps.hatches.length);
  ps.hatches.forEach((h, i) => {
    ends[2 * i] = h.a;
    ends[2 * i + 1] = h.b;
    open[i] = h.open && !closed.has(h.id) ? 1 : 0;
  });
  const topology = connectedGroups(new Uint8Array(n).fill(1), ends, open);
  const groups = topology.groups.map((g) => [...g.modules]);
  const splitsLifeSupport =
    groups.filter((members) =>
      members.some((i) => {
        const m = ps.modules[i] as PlanningModule;
        return m.co2Removal || m.generators.length > 0;
      }),
    ).length > 1;
  const liveable = groups.map((members) => {
    const ms = members.map((i) => ps.modules[i] as PlanningModule);
    return ms.some((m) => m.habitable) && ms.some((m) => m.o2Source) && ms.some((m) => m.co2Removal);
  });
  if (ps.crew === 0)
    return {
      close: [...closed],
      groupOf: topology.groupOf,
      groups,
      splitsLifeSupport,
      crewed: groups.map(() => false),
    };
  if (ps.modules.every((m) => m.seats === 0)) {
    // no return vehicle modelled: the crew stays in the largest group it can live in
    let best = -1;
    for (let g = 0; g < groups.length; g++)
      if (
        liveable[g] &&
        (best < 0 || volumeOf(ps, groups[g] as number[]) > volumeOf(ps, groups[best] as number[]))
      )
        best = g;
    if (best < 0) return null;
    return {
      close: [...closed],
      groupOf: topology.groupOf,
      groups,
      splitsLifeSupport,
      crewed: groups.map((_, g) => g === best),
    };
  }
  // each return vehicle's crew stays in a group it can live in: the vehicle's own, or one a single
  // hatch away (the vehicle closed off beside them, its hatch theirs to open)
  const crewed = groups.map(() => false);
  const vehicles = new Map<string, number[]>();
  ps.modules.forEach((m, i) => {
    if (m.seats > 0 && m.vehicle !== undefined)
      vehicles.set(m.vehicle, [...(vehicles.get(m.vehicle) ?? []), i]);
  });
  let seats = 0;
  for (const members of vehicles.values()) {
    const own = members.map((i) => topology.groupOf[i] as number);
    const beside = ps.hatches.flatMap((h) =>
      members.includes(h.a)
        ? [topology.groupOf[h.b] as number]
        : members.includes(h.b)
          ? [topology.groupOf[h.a] as number]
          : [],
    );
    const haven = [...own, ...beside].find((g) => liveable[g]);
    if (haven === undefined) return null;
    crewed[haven] = true;
    seats += (ps.modules[members[0] as number] as PlanningModule).seats;
  }
  if (seats < ps.crew) return null;
  return { close: [...closed], groupOf: topology.groupOf, groups, splitsLifeSupport, crewed };
}

function volumeOf(ps: PlanningStation, members: readonly number[]): number {
  return members.reduce((s, i) => s + (ps.modules[i] as PlanningModule).volumeM3, 0);
}

/** The baseline configuration (nothing more closed). */
export function baselineConfiguration(ps: PlanningStation): HatchConfiguration | null {
  return configurationOf(ps, new Set());
}

/** Every acceptable configuration closing 1 … `maxClosures` more hatches, one per partition. */
export function candidateConfigurations(ps: PlanningStation, maxClosures = 3): HatchConfiguration[] {
  const closable = ps.hatches.filter((h) => h.closable && h.open).map((h) => h.id);
  const baseline = configurationOf(ps, new Set());
  const baseGroups = baseline?.groups.length ?? 0;
  const byPartition = new Map<string, HatchConfiguration>();
  const visit = (start: number, chosen: string[]): void => {
    if (chosen.length > 0) {
      const config = configurationOf(ps, new Set(chosen));
      if (config !== null && config.groups.length > baseGroups) {
        const key = partitionKey(config);
        const known = byPartition.get(key);
        if (known === undefined || known.close.length > config.close.length) byPartition.set(key, config);
      }
    }
    if (chosen.length === maxClosures) return;
    for (let i = start; i < closable.length; i++) visit(i + 1, [...chosen, closable[i] as string]);
  };
  visit(0, []);
  return [...byPartition.values()];
}

/** A configuration's partition as a string: the group index of each module, canonically numbered. */
export function partitionKey(config: HatchConfiguration): string {
  const relabel = new Map<number, number>();
  let key = '';
  for (const g of config.groupOf) {
    if (!relabel.has(g)) relabel.set(g, relabel.size);
    key += `${relabel.get(g)},`;
  }
  return key;
}

/**
 * The sets of modules that no configuration splits (module indices, sets of two or more): where a
 * leak in one of them cannot be told from a leak in another by closing hatches. On the ISS with
 * seven crew, the Soyuz at Rassvet and the Crew Dragon at PMA-2, these are Zarya with Rassvet, and
 * Node 1, the US Lab, Node 2 and PMA-2 (each crew's way home and life support keep them together).
 */
export function inseparableSets(ps: PlanningStation, configs: readonly HatchConfiguration[]): number[][] {
  const n = ps.modules.length;
  const sets: number[][] = [];
  const placed = new Uint8Array(n);
  for (let a = 0; a < n; a++) {
    if (placed[a] === 1) continue;
    const set = [a];
    for (let b = a + 1; b < n; b++)
      if (placed[b] === 0 && configs.every((c) => c.groupOf[a] === c.groupOf[b])) set.push(b);
    for (const i of set) placed[i] = 1;
    if (set.length > 1) sets.push(set);
  }
  return sets;
}
