/**
 * What-ifs: variants of an inventory model, run side by side with the baseline.
 *
 * - hatch closed for good on a module: the leak above the background stops; the module, and
 *   every module reachable only through it, is lost with the stores in it; if the N2 floor's
 *   module is lost, the floor moves to the largest module left.
 * - module held at low pressure p: a crack leaks ṁ = c·p² (DOMAIN.md §1), so the leak above the
 *   background scales by (p/p_nominal)².
 * - repair: the leak above the background divided by a factor.
 * - extra cargo flight: one more delivery at a time, with the given gas.
 * - generator outage: one O2 generator off over an interval (the rest of its failures still random).
 */
import type { Station } from '../core/index.js';
import { repressModule, repressN2Kg, totals } from './inventory.js';
import type { InventoryModel } from './model.js';

export type WhatIf =
  | { kind: 'baseline' }
  | { kind: 'hatch-closed'; module: string }
  | { kind: 'low-pressure'; module: string; pressurePa: number }
  | { kind: 'repair'; factor: number }
  | { kind: 'extra-flight'; arrivalS: number; o2Kg: number; n2Kg: number }
  | { kind: 'generator-outage'; generator: string; fromS: number; toS: number };

/** A short label for tables, e.g. `repair ÷3`. */
export function describeWhatIf(whatIf: WhatIf, station: Station): string {
  switch (whatIf.kind) {
    case 'baseline':
      return 'baseline';
    case 'hatch-closed':
      return `hatch closed for good: ${whatIf.module}`;
    case 'low-pressure':
      return `${whatIf.module} held at ${Math.round((whatIf.pressurePa * 760) / 101325)} mmHg (×${round((whatIf.pressurePa / station.nominalPressurePa) ** 2)} leak)`;
    case 'repair':
      return `repair cuts the leak ÷${round(whatIf.factor)}`;
    case 'extra-flight':
      return `extra cargo flight ${new Date(whatIf.arrivalS * 1000).toISOString().slice(0, 10)} (+${round(whatIf.o2Kg)} kg O2, +${round(whatIf.n2Kg)} kg N2)`;
    case 'generator-outage':
      return `${whatIf.generator} out for ${round((whatIf.toS - whatIf.fromS) / 86400)} days`;
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The model under a what-if. Throws nothing: ids are checked by the caller against the station. */
export function applyWhatIf(model: InventoryModel, station: Station, whatIf: WhatIf): InventoryModel {
  switch (whatIf.kind) {
    case 'baseline':
      return model;
    case 'hatch-closed': {
      const lost = cutOffModules(station, whatIf.module);
      const stores = model.stores.filter((s) => !lost.has(s.module));
      const floorModule = repressModule(station);
      return {
        ...model,
        excessLeakFactor: 0,
        stores,
        initialKg: totals(stores),
        floorKg:
          floorModule !== null && lost.has(floorModule)
            ? { ...model.floorKg, n2: repressN2Kg(station, repressModule(station, lost)) }
            : model.floorKg,
      };
    }
    case 'low-pressure':
      return {
        ...model,
        excessLeakFactor: model.excessLeakFactor * (whatIf.pressurePa / station.nominalPressurePa) ** 2,
      };
    case 'repair':
      return { ...model, excessLeakFactor: model.excessLeakFactor / whatIf.factor };
    case 'extra-flight':
      return {
        ...model,
        flights: [
          ...model.flights,
          {
            id: 'extra',
            arrivalS: whatIf.arrivalS,
            slipS: { mean: 0, sd: 0 },
            failureProbability: 0,
            o2Kg: whatIf.o2Kg,
            n2Kg: whatIf.n2Kg,
          },
        ],
      };
    case 'generator-outage':
      return {
        ...model,
        generators: model.generators.map((g) =>
          g.id === whatIf.generator ? { ...g, outage: { fromS: whatIf.fromS, toS: whatIf.toS } } : g,
        ),
      };
  }
}

/**
 * The module and every present module that can reach the rest of the station only through it:
 * all modules outside the component (over every hatch, open or not) holding the most volume once
 * the module is taken away.
 */
export function cutOffModules(station: Station, moduleId: string): Set<string> {
  const present = station.modules.filter((m) => m.present && m.id !== moduleId);
  const ids = new Set(present.map((m) => m.id));
  const neighbours = new Map<string, string[]>(present.map((m) => [m.id, []]));
  for (const h of station.hatches) {
    const [a, b] = h.between;
    if (ids.has(a) && ids.has(b)) {
      neighbours.get(a)?.push(b);
      neighbours.get(b)?.push(a);
    }
  }
  const volume = new Map(present.map((m) => [m.id, m.volumeM3]));
  const seen = new Set<string>();
  let main: Set<string> = new Set();
  let mainVolume = -1;
  for (const m of present) {
    if (seen.has(m.id)) continue;
    const component = new Set<string>([m.id]);
    const queue = [m.id];
    seen.add(m.id);
    let total = 0;
    while (queue.length > 0) {
      const id = queue.pop() as string;
      total += volume.get(id) ?? 0;
      for (const n of neighbours.get(id) ?? [])
        if (!seen.has(n)) {
          seen.add(n);
          component.add(n);
          queue.push(n);
        }
    }
    if (total > mainVolume) {
      main = component;
      mainVolume = total;
    }
  }
  const lost = new Set<string>([moduleId]);
  for (const m of present) if (!main.has(m.id)) lost.add(m.id);
  return lost;
}
