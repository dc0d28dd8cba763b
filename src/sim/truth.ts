/**
 * What really happened in a run, for checking estimators against: each leak's mass-loss rate
 * over time, every event applied, and the gas budget.
 */
import { isoFromEpochS, MOLAR_MASS_BY_INDEX, type Scenario, SPECIES, SPECIES_COUNT } from '../core/index.js';
import type { Ledger } from './gas.js';
import type { ActiveLeak } from './leaks.js';

export interface LeakHistory {
  id: string;
  module: string;
  law: ActiveLeak['law'];
  startS: number;
  stopS: number | null;
  /** Run times [s] and rates [kg/s] of the record. */
  timesS: number[];
  ratesKgPerS: number[];
  ventedKg: number;
}

export interface TruthRecorder {
  periodS: number;
  nextRecordS: number;
  leaks: LeakHistory[];
  events: { atS: number; kind: string; detail: Record<string, unknown> }[];
}

export function createTruth(scenario: Scenario): TruthRecorder {
  return { periodS: scenario.truthPeriodS, nextRecordS: 0, leaks: [], events: [] };
}

export function noteEvent(
  truth: TruthRecorder,
  atS: number,
  kind: string,
  detail: Record<string, unknown>,
): void {
  truth.events.push({ atS, kind, detail });
}

function historyOf(truth: TruthRecorder, leak: ActiveLeak): LeakHistory | undefined {
  for (let i = truth.leaks.length - 1; i >= 0; i--) {
    const h = truth.leaks[i];
    if (h !== undefined && h.id === leak.id && h.stopS === null) return h;
  }
  return undefined;
}

export function recordLeakStart(truth: TruthRecorder, leak: ActiveLeak, moduleId: string, atS: number): void {
  truth.leaks.push({
    id: leak.id,
    module: moduleId,
    law: leak.law,
    startS: atS,
    stopS: null,
    timesS: [],
    ratesKgPerS: [],
    ventedKg: 0,
  });
}

/** Closes a leak's record; `rateKgPerS` is its flow just before it stopped. */
export function recordLeakStop(
  truth: TruthRecorder,
  leak: ActiveLeak,
  atS: number,
  rateKgPerS: number,
): void {
  const h = historyOf(truth, leak);
  if (h === undefined) return;
  h.timesS.push(atS);
  h.ratesKgPerS.push(rateKgPerS);
  h.timesS.push(atS);
  h.ratesKgPerS.push(0);
  h.stopS = atS;
  h.ventedKg = leak.ventedKg;
}

/** Records a scenario leak's rate [kg/s] at run time `timeS`. */
export function recordLeakRate(
  truth: TruthRecorder,
  leak: ActiveLeak,
  timeS: number,
  rateKgPerS: number,
): void {
  const h = historyOf(truth, leak);
  if (h === undefined) return;
  h.ventedKg = leak.ventedKg;
  if (h.timesS.at(-1) === timeS && h.ratesKgPerS.at(-1) === rateKgPerS) return;
  h.timesS.push(timeS);
  h.ratesKgPerS.push(rateKgPerS);
}

/** truth.json as written by `airtight simulate` (CONTRACT.md §5), with budget and events. */
export interface TruthReport {
  scenario: string;
  station: string;
  seed: number;
  start: string;
  end: string;
  stepS: number;
  /**
   * The station's modules present when the run began (a 2020 scenario has no Nauka, no Prichal):
   * what an analysis of the run must take the station to be.
   */
  modulesPresentAtStart: string[];
  leaks: {
    id: string;
    module: string;
    law: string;
    start: string;
    stop: string | null;
    ventedKg: number;
    rate_kg_per_day: [string, number][];
  }[];
  events: ({ time: string; kind: string } & Record<string, unknown>)[];
  budget: {
    initialKg: number;
    finalKg: number;
    ventedKg: number;
    consumedKg: number;
    addedKg: number;
    departedKg: number;
    /** modules + vented + consumed + departed − added − initial, relative to initial. */
    closureRelative: number;
    bySpeciesKg: Record<string, { vented: number; consumed: number; added: number; departed: number }>;
  };
}

export function truthReport(
  truth: TruthRecorder,
  scenario: Scenario,
  ledger: Ledger,
  initialKg: number,
  finalKg: number,
  endS: number,
): TruthReport {
  const startS = scenario.startMs / 1000;
  const iso = (s: number): string => isoFromEpochS(startS + s);
  const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);
  const budget = {
    initialKg,
    finalKg,
    ventedKg: sum(ledger.vented),
    consumedKg: sum(ledger.consumed),
    addedKg: sum(ledger.added),
    departedKg: sum(ledger.departed),
    closureRelative: 0,
    bySpeciesKg: Object.fromEntries(
      SPECIES.map((s, k) => [
        s,
        {
          vented: ledger.vented[k] ?? 0,
          consumed: ledger.consumed[k] ?? 0,
          added: ledger.added[k] ?? 0,
          departed: ledger.departed[k] ?? 0,
        },
      ]),
    ),
  };
  budget.closureRelative =
    (finalKg + budget.ventedKg + budget.consumedKg + budget.departedKg - budget.addedKg - initialKg) /
    initialKg;
  return {
    scenario: scenario.name,
    station: scenario.station.id,
    seed: scenario.seed,
    start: iso(0),
    end: iso(endS),
    stepS: scenario.stepS,
    modulesPresentAtStart: scenario.station.modules
      .filter((m) => scenario.initial.present[m.id] ?? m.present)
      .map((m) => m.id),
    leaks: truth.leaks.map((h) => ({
      id: h.id,
      module: h.module,
      law: h.law,
      start: iso(h.startS),
      stop: h.stopS === null ? null : iso(h.stopS),
      ventedKg: h.ventedKg,
      rate_kg_per_day: h.timesS.map((t, i): [string, number] => [iso(t), (h.ratesKgPerS[i] ?? 0) * 86400]),
    })),
    events: truth.events.map((e) => ({ time: iso(e.atS), kind: e.kind, ...e.detail })),
    budget,
  };
}

/** Total gas mass [kg] of moles laid out 4 per module. */
export function totalMassKg(moles: Float64Array): number {
  let mass = 0;
  for (let i = 0; i < moles.length; i++)
    mass += (moles[i] as number) * (MOLAR_MASS_BY_INDEX[i % SPECIES_COUNT] as number);
  return mass;
}
