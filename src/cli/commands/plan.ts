/**
 * `airtight plan`: where the leak is likely to be, and the next isolation test — which hatches to
 * close and in what order, where the crew stays, for how long, what to read and what each outcome
 * means — as JSON or as a procedure a crew can follow. `airtight hunt` replays a scenario with
 * Airtight planning every test in closed loop (simulation).
 */
import { loadScenario, loadStation } from '../../config/index.js';
import {
  idealGasMass,
  isoFromEpochS,
  meanMolarMass,
  normalCdf,
  paToMmHg,
  type Station,
  UsageError,
} from '../../core/index.js';
import {
  type HuntStep,
  openHatches,
  type PlanResult,
  planFrom,
  planJson,
  presentModules,
  roundTo,
  runHunt,
  type TestPlan,
  testJson,
} from '../../localize/index.js';
import { buildReport, crewAboard, defaultMonitorOptions } from '../../monitor/index.js';
import type { Io } from '../io.js';
import { monitorTelemetry } from '../run-monitor.js';
import { formatNumber, formatTable } from '../table.js';

export interface PlanCommandOptions {
  station: string;
  telemetry?: string;
  year?: number;
  json?: boolean;
  leakKgDay?: { mean: number; sd: number };
  crew?: number;
  maxHours: number;
  confidence: number;
  quiet?: boolean;
}

/** Leak rate a plan is sized for when neither telemetry nor --leak-kg-day gives one [kg/day]. */
const DEFAULT_LEAK_KG_DAY = { mean: 0.5, sd: 0.15 };

export async function planCommand(io: Io, options: PlanCommandOptions): Promise<void> {
  // the station as the telemetry's time had it, when a simulated run's folder says (run-monitor.ts)
  let station = loadStation(options.station, io.cwd);
  if (options.crew === 0 && station.crew.nominal > 0)
    throw new UsageError(
      `--crew: a hatch-closure test needs crew aboard to close the hatches and read the gauges; station ${station.id} is crewed (nominal ${station.crew.nominal}) (got "0")`,
    );
  if (options.leakKgDay !== undefined) {
    // a leak that empties the station in under an hour is a rapid depressurisation, not a hunt
    const airKg = station.modules
      .filter((m) => m.present)
      .reduce(
        (sum, m) =>
          sum +
          idealGasMass(
            station.nominalPressurePa,
            m.volumeM3,
            station.airTemperatureK,
            meanMolarMass(station.composition),
          ),
        0,
      );
    const mostKgDay = airKg * 24;
    if (options.leakKgDay.mean > mostKgDay)
      throw new UsageError(
        `--leak-kg-day: ${formatNumber(options.leakKgDay.mean)} kg/day would empty station ${station.id} (${formatNumber(Math.round(airKg))} kg of air) in under an hour: no isolation test applies; must be ≤ ${formatNumber(Math.round(mostKgDay))} kg/day (got "${options.leakKgDay.mean}")`,
      );
  }
  let segments: Parameters<typeof planFrom>[0]['segments'];
  let open: Set<string> | undefined;
  let present: Set<string> | undefined;
  // module ages for the prior: the telemetry's year, else --year, else this year
  let year = options.year ?? new Date().getUTCFullYear();
  let rate: { mean: number; low: number; high: number; source: string } | null = null;
  // the crew aboard as the telemetry's crew_count last read it, unless --crew says
  let crewRead: number | undefined;
  if (options.telemetry !== undefined) {
    const { monitor } = await monitorTelemetry(
      io,
      options.telemetry,
      station,
      defaultMonitorOptions(station),
      options,
    );
    const report = buildReport(monitor);
    station = monitor.station;
    crewRead = crewAboard(monitor);
    segments = monitor.segments;
    open = openHatches(station, monitor.hatchOpen);
    // the modules docked at the end, as the monitor followed the vehicles (as the server's plan)
    present = presentModules(station, monitor.present);
    if (report.to !== null) year = new Date(report.to).getUTCFullYear();
    if (report.leak.rateKgPerDay !== null && report.leak.rateKgPerDay90 !== null)
      rate = {
        mean: report.leak.rateKgPerDay,
        low: report.leak.rateKgPerDay90[0],
        high: report.leak.rateKgPerDay90[1],
        source: 'telemetry',
      };
  }
  if (options.leakKgDay !== undefined || rate === null) {
    const given = options.leakKgDay ?? DEFAULT_LEAK_KG_DAY;
    rate = {
      mean: given.mean,
      low: Math.max(0, given.mean - 1.645 * given.sd),
      high: given.mean + 1.645 * given.sd,
      source: options.leakKgDay !== undefined ? '--leak-kg-day' : 'default (no telemetry, no --leak-kg-day)',
    };
  }
  if (!(rate.mean > 0))
    throw new UsageError(
      `the leak rate to size tests for is ${formatNumber(rate.mean)} kg/day (${rate.source}): there is no leak to localize; pass --leak-kg-day to plan for one`,
    );
  const result = planFrom({
    station,
    ...((options.crew ?? crewRead) !== undefined && { crew: options.crew ?? crewRead }),
    year,
    ...(segments !== undefined && { segments }),
    ...(open !== undefined && { open }),
    ...(present !== undefined && { present }),
    rateKgPerDay: rate.mean,
    rate90KgPerDay: [rate.low, rate.high],
    options: { maxDurationS: options.maxHours * 3600, confidence: options.confidence },
  });
  const json = planJson(station, result, rate);
  if (options.json) io.out(`${JSON.stringify(json, null, 2)}\n`);
  else io.out(planText(station, result, rate.source));
}

function names(station: Station, ids: readonly string[], max = 6): string {
  const label = (id: string) => station.modules.find((m) => m.id === id)?.name ?? id;
  return ids.length <= max
    ? ids.map(label).join(', ')
    : `${ids.slice(0, max).map(label).join(', ')} and ${ids.length - max} more`;
}

/** The next test as a procedure a crew can follow. */
export function procedureText(station: Station, test: TestPlan): string[] {
  const hatch = (id: string) => {
    const h = station.hatches.find((x) => x.id === id);
    return h === undefined ? id : `${id} (${h.between.join(' – ')})`;
  };
  const lines = [
    test.crewIn.length > 0
      ? `1. Crew to ${names(station, test.crewIn)}.`
      : '1. No crew aboard (a crew of 0).',
    ...(test.generatorsOff.length > 0
      ? [`2. Switch off ${test.generatorsOff.join(', ')} (in modules closed off from the crew).`]
      : []),
    `${test.generatorsOff.length > 0 ? 3 : 2}. Close, in this order: ${test.close.map(hatch).join('; ')}.`,
    `   Note each closed-off module's pressure and temperature at closing.`,
    `${test.generatorsOff.length > 0 ? 4 : 3}. Wait ${formatNumber(test.durationS / 3600)} h, then read each group:`,
  ];
  // A group whose own reading cannot tell its threshold from its noise (the crew's group, its wander
  // large: a 0.016 mmHg threshold under a 0.15 mmHg wander) is read by elimination, as the planner's
  // error probability assumes: its noise adds almost nothing to the pair distances it works from.
  const ownError = (g: TestPlan['groups'][number]): number =>
    g.seKgPerDay === null ? 1 : normalCdf(-g.thresholdKgPerDay / g.seKgPerDay);
  const byElimination = (g: TestPlan['groups'][number]): boolean =>
    g.seKgPerDay !== null && ownError(g) > Math.max(2 * test.errorProbability, 1e-3);
  const eliminated = test.groups.filter(byElimination);
  const read = test.groups.length - (eliminated.length === 1 ? 1 : 0);
  for (const g of test.groups) {
    const drop = `${formatNumber(paToMmHg(g.thresholdDropPa))} mmHg`;
    if (eliminated.length === 1 && byElimination(g)) {
      const sePa = ((g.seKgPerDay as number) / g.thresholdKgPerDay) * g.thresholdDropPa;
      lines.push(
        `   - ${names(station, g.modules, 4)}${g.crewed ? ' (crew here)' : ''}: leak here (p = ${formatNumber(g.probability)}) if no other group lost more than its threshold` +
          ` — read by elimination: its own fall cannot tell (threshold ${drop}, its noise ±${formatNumber(paToMmHg(sePa))} mmHg, 1 sd)`,
      );
      continue;
    }
    lines.push(
      `   - ${names(station, g.modules, 4)}${g.crewed ? ' (crew here)' : ''}: leak here (p = ${formatNumber(g.probability)}) if it lost more than ${formatNumber(g.thresholdKgPerDay)} kg/day` +
        `, a fall of more than ${drop} over the test (with the leak: ${formatNumber(paToMmHg(g.dropIfLeakPa[0]))}–${formatNumber(paToMmHg(g.dropIfLeakPa[1]))} mmHg)` +
        (g.seKgPerDay === null ? ' — no pressure sensor: read a hand gauge' : ''),
    );
  }
  lines.push(
    `${test.generatorsOff.length > 0 ? 5 : 4}. Before opening each hatch, check the pressure difference across it and equalise slowly; reopen in reverse order${test.generatorsOff.length > 0 ? ', then switch the generators back on' : ''}.`,
    `   Each group is read wrong with probability ≤ ${formatNumber(test.errorProbability)}, the outcome ≤ ${formatNumber(Number(Math.min(1, read * test.errorProbability).toPrecision(3)))} (${read} readings); the test is worth ${formatNumber(test.informationBits)} bits.`,
  );
  return lines;
}

function planText(station: Station, result: PlanResult, rateSource: string): string {
  const { posterior, plan } = result;
  const ranked = [...posterior.modules].sort((a, b) => b[1] - a[1]).slice(0, 8);
  const holds = (id: string) => formatNumber(posterior.holdsLeak.get(id) ?? 0);
  const out = [
    `Where is the leak? (station ${station.id}, ${result.periods.length} isolation period(s) of evidence)`,
    formatTable(
      ['module', 'the leak is here', 'holds a leak (with a second one anywhere)'],
      [
        ...ranked.map(([id, p]) => [names(station, [id]), formatNumber(p), holds(id)]),
        ['no leak', formatNumber(posterior.none), ''],
        ['more than one leak', formatNumber(posterior.several), ''],
      ],
    ),
    '',
    `Tests sized for a leak of ${formatNumber(result.rateLowKgPerDay)}–${formatNumber(result.rateHighKgPerDay)} kg/day (${rateSource}),`,
    `a wander of ${formatNumber(result.noise.crewed.wanderPa)} Pa where the crew is and ${formatNumber(result.noise.closedOff.wanderPa)} Pa in closed-off modules, a crew of ${result.crew}.`,
    '',
  ];
  if (plan.next === null)
    out.push(
      plan.reason === 'localized'
        ? 'The leak is localized: no further test.'
        : `No test proposed: ${plan.reason}.`,
    );
  else {
    out.push(
      `Next test (${formatNumber(plan.next.durationS / 3600)} h):`,
      ...procedureText(station, plan.next),
      '',
    );
    out.push(
      `Expected: ${formatNumber(plan.expectedTests)} more test(s), ${formatNumber(plan.expectedHours)} h, until one module holds 95 %.`,
    );
  }
  return `${out.join('\n')}\n`;
}

export interface HuntCommandOptions {
  fromMs?: number;
  hours: number;
  json?: boolean;
}

/** `airtight hunt`: a scenario replayed with Airtight planning each isolation test. */
export function huntCommand(io: Io, name: string, options: HuntCommandOptions): void {
  const base = loadScenario(name, { baseDir: io.cwd });
  const fromS = options.fromMs === undefined ? 0 : (options.fromMs - base.startMs) / 1000;
  if (!(fromS >= 0 && fromS < base.durationS))
    throw new UsageError(
      `--from must lie within scenario '${base.name}' (${isoFromEpochS(base.startMs / 1000)} to ${isoFromEpochS(base.startMs / 1000 + base.durationS)})`,
    );
  // the scenario's own hatch closures, crew moves and temperature upsets from then on are the
  // hunt it told; Airtight plans its own
  const scenario = {
    ...base,
    events: base.events.filter((e) => e.atS < fromS || !['hatch', 'crew', 'temperature'].includes(e.kind)),
  };
  const watchS = Math.max(0, fromS - options.hours * 3600);
  const steps: HuntStep[] = [];
  const result = runHunt(scenario, {
    policy: 'airtight',
    watchFromS: watchS,
    startS: fromS,
    // no test past the scenario's end: the leaks (or their absence) it tells go no further
    endS: base.durationS,
    onStep: (step) => steps.push(step),
  });
  const at = (s: number) => isoFromEpochS(base.startMs / 1000 + s).slice(0, 16);
  const station = base.station;
  if (options.json) {
    io.out(
      `${JSON.stringify(
        {
          scenario: base.name,
          from: at(fromS),
          steps: steps.map((s) => ({ at: at(s.startS), test: testJson(s.test) })),
          testHours: roundTo(result.testHours, 2),
          localizedIn: result.top.probability >= 0.95 ? result.top.module : null,
          top: { module: result.top.module, probability: roundTo(result.top.probability, 6) },
          pNoLeak: roundTo(result.pNoLeak, 6),
          stopped: result.stopped,
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const out = [
    `Leak hunt on scenario ${base.name}, watched from ${at(watchS)}, tests from ${at(fromS)}:`,
    '',
  ];
  steps.forEach((s, i) => {
    const top = [...s.before.posterior.holdsLeak].sort((a, b) => b[1] - a[1]).slice(0, 3);
    out.push(
      `Test ${i + 1} at ${at(s.startS)} — before it: ${top.map(([id, p]) => `${id} ${formatNumber(p)}`).join(', ')}`,
      ...procedureText(station, s.test).map((l) => `  ${l}`),
      '',
    );
  });
  const ranked = [...result.final.posterior.holdsLeak].sort((a, b) => b[1] - a[1]).slice(0, 3);
  out.push(
    `After ${steps.length} test(s) and ${formatNumber(result.testHours)} h of testing: ${ranked.map(([id, p]) => `${id} ${formatNumber(p)}`).join(', ')}; no leak ${formatNumber(result.pNoLeak)}.`,
    result.top.probability >= 0.95
      ? `The leak is in ${names(station, [result.top.module])}.`
      : `Not localized (${result.stopped}).`,
  );
  io.out(`${out.join('\n')}\n`);
}
