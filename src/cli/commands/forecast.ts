/**
 * `airtight forecast`: how long the O2 and N2 reserves last, as a Monte Carlo fan with days to the
 * reserve-policy floor (p10/p50/p90), what-ifs side by side, JSON and a fan chart. Also registers
 * `airtight verify-repair` (verify-repair.ts), so main.ts makes one call.
 */
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadManifest, loadStation } from '../../config/index.js';
import { InputError, isoFromEpochS, type Station, UsageError } from '../../core/index.js';
import {
  applyWhatIf,
  crewAt,
  describeWhatIf,
  type ForecastResult,
  type GasForecast,
  gasBudgetOf,
  inventoryFromStation,
  type Manifest,
  type Normal,
  repressModule,
  runForecast,
  type TimeQuantiles,
  type WhatIf,
} from '../../forecast/index.js';
import { crewAboard, storesLeak } from '../../monitor/index.js';
import { type AnalysisFigure, writeFigure } from '../../plot/index.js';
import type { Io } from '../io.js';
import { formatNumber, formatTable } from '../table.js';
import { runMonitorOn } from './monitor-run.js';
import { registerVerifyRepair } from './verify-repair.js';

const DAY_S = 86400;
const MMHG_PA = 101325 / 760;

export interface ForecastOptions {
  station: string;
  telemetry?: string;
  year?: number;
  leakKgDay?: Normal;
  manifest?: string;
  deterministic?: boolean;
  json?: boolean;
  plot?: string;
  paths: number;
  horizonDays: number;
  seed: number;
  startS?: number;
  leakModule?: string;
  lowPressureMmHg: number;
  repairFactor: number;
  extraFlightDays: number;
  extraFlightKg: { o2: number; n2: number };
  outage?: { generator: string; days: number };
  whatIfs: boolean;
  quiet?: boolean;
}

/** `mean[:sd]` in kg/day. */
export function parseLeak(value: string): Normal {
  const [m, s, extra] = value.split(':');
  const mean = Number(m);
  const sd = s === undefined ? 0 : Number(s);
  if (extra !== undefined || m === '' || !Number.isFinite(mean) || mean < 0 || !Number.isFinite(sd) || sd < 0)
    throw new InvalidArgumentError(
      `--leak-kg-day must be <mean>[:<sd>] in kg/day, both ≥ 0, e.g. 0.9:0.2 (got "${value}")`,
    );
  return { mean, sd };
}

function number(name: string, min: number, integer = false) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n)))
      throw new InvalidArgumentError(
        `${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min} (got "${value}")`,
      );
    return n;
  };
}

function pairKg(value: string): { o2: number; n2: number } {
  const [a, b, extra] = value.split(':');
  const o2 = Number(a);
  const n2 = Number(b);
  if (extra !== undefined || b === undefined || !(o2 >= 0) || !(n2 >= 0))
    throw new InvalidArgumentError(`--extra-flight-kg must be <o2 kg>:<n2 kg>, e.g. 20:25 (got "${value}")`);
  return { o2, n2 };
}

function outageOf(value: string): { generator: string; days: number } {
  const [generator, d, extra] = value.split(':');
  const days = d === undefined ? 30 : Number(d);
  if (extra !== undefined || !generator || !(days > 0))
    throw new InvalidArgumentError(
      `--outage must be <generator>[:<days>], e.g. elektron:30 (got "${value}")`,
    );
  return { generator, days };
}

function isoTime(value: string): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(ms))
    throw new InvalidArgumentError(
      `--start must be an ISO 8601 time such as 2026-01-01T00:00:00Z (got "${value}")`,
    );
  return ms / 1000;
}

export function registerForecastCommands(program: Command, io: Io): void {
  program
    .command('forecast')
    .description('how long the O2 and N2 reserves last: Monte Carlo fan, days to the reserve floor, what-ifs')
    .requiredOption('--station <station>', 'built-in name (iss, haven, chamber) or a station file')
    .option('--telemetry <path>', 'take the leak rate and its 90 % interval from this telemetry (as analyze)')
    .option(
      '--year <year>',
      'year of ISS Live GMT-decimal times (that format only)',
      number('--year', 1900, true),
    )
    .option('--leak-kg-day <mean[:sd]>', 'the leak rate, normal with this mean and sd [kg/day]', parseLeak)
    .option('--manifest <file>', 'resupply manifest: crew over time, cargo flights with slip (.yaml/.json)')
    .option('--deterministic', 'every random input at its mean: one path, p10 = p50 = p90')
    .option('--json', 'print JSON')
    .option('--plot <file>', 'fan chart of the O2 and N2 stores (.png, .svg or .html)')
    .option('--paths <n>', 'Monte Carlo paths', number('--paths', 1, true), 10000)
    .option('--horizon-days <days>', 'how far to look', number('--horizon-days', 1), 365)
    .option('--seed <n>', 'random seed', number('--seed', 0, true), 1)
    .option(
      '--start <time>',
      'forecast start (default: the manifest start, the end of the telemetry, or now)',
      isoTime,
    )
    .option('--leak-module <module>', 'module the leak is in, for the hatch-closed and low-pressure what-ifs')
    .option(
      '--low-pressure-mmhg <p>',
      'what-if: the leaking module held at this pressure',
      number('--low-pressure-mmhg', 0),
      200,
    )
    .option('--repair-factor <k>', 'what-if: a repair divides the leak by k', number('--repair-factor', 1), 3)
    .option(
      '--extra-flight-days <d>',
      'what-if: an extra cargo flight arrives d days after the start',
      number('--extra-flight-days', 0),
      30,
    )
    .addOption(
      new Option('--extra-flight-kg <o2:n2>', 'gas the extra flight brings [kg]')
        .argParser(pairKg)
        .default({ o2: 20, n2: 25 }, '20:25'),
    )
    .option(
      '--outage <generator[:days]>',
      'what-if: this O2 generator out from the start (default: the largest, 30 days)',
      outageOf,
    )
    .addOption(new Option('--no-what-ifs', 'baseline only'))
    .option('--quiet', 'no progress bar')
    .addHelpText(
      'after',
      '\nReserve policy (station gas_budget): O2 floor = reserve days × crew × O2 use; N2 floor = the N2 that\n' +
        "repressurises one module once. Stores: the station's gas_stores (air split by composition). O2\n" +
        'generators cover the crew and the leak first; stores cover the rest. The leak above the station\n' +
        'background is what a repair or a closed hatch removes; crack law: loss ∝ p² (DOMAIN.md §1).\n' +
        'Days are from the start; ">N" = not within the horizon.',
    )
    .action(
      (
        options: Omit<ForecastOptions, 'startS' | 'lowPressureMmHg'> & {
          start?: number;
          lowPressureMmhg: number;
        },
      ) =>
        forecastCommand(io, {
          ...options,
          ...(options.start !== undefined && { startS: options.start }),
          lowPressureMmHg: options.lowPressureMmhg,
        }),
    );
  registerVerifyRepair(program, io);
}

interface WhatIfRun {
  name: string;
  label: string;
  result: ForecastResult;
}

export async function forecastCommand(io: Io, options: ForecastOptions): Promise<void> {
  // the station as the telemetry's time had it, when a simulated run's folder says (run-monitor.ts)
  let station = loadStation(options.station, io.cwd);
  const manifest: Manifest | undefined =
    options.manifest !== undefined ? loadManifest(resolve(io.cwd, options.manifest)) : undefined;
  if (options.telemetry === undefined && options.leakKgDay === undefined)
    throw new UsageError('forecast needs the leak: give --telemetry <path> or --leak-kg-day <mean>[:<sd>]');
  let leak = options.leakKgDay;
  let leakSource = 'given';
  let telemetryEndS: number | undefined;
  let leakModule = options.leakModule;
  // the crew aboard as the telemetry's crew_count last read it (as the server's forecast takes it)
  let crewRead: number | undefined;
  // the telemetry gives the start, the crew and, unless --leak-kg-day gives it, the leak
  if (options.telemetry !== undefined) {
    const run = await runMonitorOn(io, station, options.telemetry, {
      ...(options.year !== undefined && { year: options.year }),
      quiet: options.quiet === true || options.json === true,
    });
    station = run.monitor.station;
    crewRead = crewAboard(run.monitor);
    telemetryEndS = run.report.to !== null ? Date.parse(run.report.to) / 1000 : undefined;
    if (options.leakKgDay !== undefined)
      leakSource = `given (--leak-kg-day); start and crew from ${options.telemetry}`;
    else {
      const r = run.report.leak;
      // groups closed off and left to empty below the evacuation pressure draw no stores
      const { rateKgPerDay: rate, rateKgPerDay90: rate90 } = storesLeak(r);
      if (rate === null || rate90 === null)
        throw new InputError({
          source: run.path,
          problem: `no leak rate could be estimated from this telemetry${r.note ? ` (${r.note})` : ''}; give --leak-kg-day`,
        });
      leak = { mean: Math.max(0, rate), sd: (rate90[1] - rate90[0]) / (2 * 1.6448536) };
      const left = r.drawingStores?.leftToEmpty ?? [];
      leakSource =
        `telemetry ${options.telemetry}, 90 % ${formatNumber(rate90[0])} to ${formatNumber(rate90[1])}` +
        (left.length > 0
          ? `; not counted, closed off below the evacuation pressure and left to empty (no stores drawn): ${left
              .map(
                (g) =>
                  `${g.modules.join(', ')} ${formatNumber(g.rateKgPerDay)} kg/day at ${formatNumber(g.pressureMmHg)} mmHg`,
              )
              .join('; ')}`
          : '');
      const located = r.locatedIn?.length === 1 ? r.locatedIn[0] : undefined;
      // (a module left to empty is closed off already: its what-ifs would change nothing)
      if (leakModule === undefined && located !== undefined && !left.some((g) => g.modules.includes(located)))
        leakModule = located;
    }
  }
  const given = leak as Normal;
  if (leakModule !== undefined && !station.modules.some((m) => m.id === leakModule))
    throw new InputError({
      source: '--leak-module',
      problem: `module '${leakModule}' is not in station '${station.id}' (modules: ${station.modules.map((m) => m.id).join(', ')})`,
      value: leakModule,
    });
  const startS = options.startS ?? manifest?.startS ?? telemetryEndS ?? Math.floor(Date.now() / 1000);
  const crewManifest: Manifest | undefined =
    manifest ??
    (crewRead === undefined
      ? undefined
      : { crew: [{ fromS: startS, count: crewRead }], flights: [], source: "the telemetry's crew_count" });
  const model = inventoryFromStation(station, {
    startS,
    leakKgPerS: { mean: given.mean / DAY_S, sd: given.sd / DAY_S },
    ...(crewManifest !== undefined && { manifest: crewManifest }),
  });
  const forecastOptions = {
    paths: options.paths,
    horizonS: options.horizonDays * DAY_S,
    seed: options.seed,
    deterministic: options.deterministic === true,
  };
  const nominalMmHg = station.nominalPressurePa / MMHG_PA;
  if (options.whatIfs && leakModule !== undefined && !(options.lowPressureMmHg < nominalMmHg))
    throw new UsageError(
      `--low-pressure-mmhg ${options.lowPressureMmHg} is not below the station's nominal pressure (${Math.round(nominalMmHg)} mmHg): holding a module there cuts no leak`,
    );
  const whatIfs = options.whatIfs ? whatIfList(station, options, startS, leakModule) : [];
  const runs: WhatIfRun[] = [{ kind: 'baseline' } as WhatIf, ...whatIfs].map((w) => ({
    name: w.kind,
    label: describeWhatIf(w, station),
    result: runForecast(applyWhatIf(model, station, w), forecastOptions),
  }));
  const baseline = (runs[0] as WhatIfRun).result;
  const budget = gasBudgetOf(station);
  const context = {
    station,
    startS,
    leak: given,
    leakSource,
    crew: crewAt(model.crew, startS),
    crewSource:
      manifest !== undefined
        ? 'the manifest'
        : crewRead !== undefined
          ? "the telemetry's crew_count"
          : "the station's nominal crew",
    o2ReserveDays: budget.reserveO2S / DAY_S,
    n2Module: repressModule(station),
    leakModule,
    backgroundKgDay: budget.backgroundLeakKgPerS * DAY_S,
  };
  if (options.plot !== undefined)
    await writeFigure(resolve(io.cwd, options.plot), fanFigure(station, baseline));
  if (options.json) io.out(`${JSON.stringify(jsonOf(context, runs, options), null, 2)}\n`);
  else io.out(textOf(context, runs, options));
}

function whatIfList(
  station: Station,
  options: ForecastOptions,
  startS: number,
  leakModule: string | undefined,
): WhatIf[] {
  const list: WhatIf[] = [];
  if (leakModule !== undefined) {
    list.push({ kind: 'hatch-closed', module: leakModule });
    list.push({ kind: 'low-pressure', module: leakModule, pressurePa: options.lowPressureMmHg * MMHG_PA });
  }
  list.push({ kind: 'repair', factor: options.repairFactor });
  list.push({
    kind: 'extra-flight',
    arrivalS: startS + options.extraFlightDays * DAY_S,
    o2Kg: options.extraFlightKg.o2,
    n2Kg: options.extraFlightKg.n2,
  });
  const on = station.generators.filter((g) => g.initiallyOn);
  const outage =
    options.outage ??
    (on.length > 0
      ? { generator: on.reduce((a, b) => (b.rateKgPerS > a.rateKgPerS ? b : a)).id, days: 30 }
      : undefined);
  if (outage !== undefined) {
    if (!on.some((g) => g.id === outage.generator))
      throw new InputError({
        source: '--outage',
        problem: `'${outage.generator}' is not a working O2 generator of station '${station.id}' (${on.map((g) => g.id).join(', ') || 'none'})`,
        value: outage.generator,
      });
    list.push({
      kind: 'generator-outage',
      generator: outage.generator,
      fromS: startS,
      toS: startS + outage.days * DAY_S,
    });
  }
  return list;
}

interface Context {
  station: Station;
  startS: number;
  leak: Normal;
  leakSource: string;
  crew: number;
  /** Where the crew count comes from: the manifest, the telemetry's crew_count, or the station's nominal crew. */
  crewSource: string;
  o2ReserveDays: number;
  n2Module: string | null;
  leakModule: string | undefined;
  backgroundKgDay: number;
}

const days = (s: number): number | null => (Number.isFinite(s) ? Math.round((s / DAY_S) * 100) / 100 : null);
const daysOf = (q: TimeQuantiles) => ({ p10: days(q.p10), p50: days(q.p50), p90: days(q.p90) });
const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

function gasJson(g: GasForecast) {
  return {
    initialKg: round(g.initialKg, 2),
    floorKg: round(g.floorKg, 2),
    netUseKgPerDay: round(g.netUseKgPerS * DAY_S, 4),
    daysToFloor: daysOf(g.timeToFloorS),
    daysToEmpty: daysOf(g.timeToEmptyS),
    breachProbability: round(g.breachProbability, 4),
    nextResupply: g.nextResupplyS === null ? null : isoFromEpochS(g.nextResupplyS),
    breachBeforeResupplyProbability: round(g.breachBeforeResupplyProbability, 4),
  };
}

function jsonOf(c: Context, runs: WhatIfRun[], options: ForecastOptions) {
  const base = (runs[0] as WhatIfRun).result;
  const fanOf = (g: GasForecast) => ({
    p10: Array.from(g.fan.p10, (v) => round(v, 2)),
    p50: Array.from(g.fan.p50, (v) => round(v, 2)),
    p90: Array.from(g.fan.p90, (v) => round(v, 2)),
  });
  return {
    station: c.station.id,
    start: isoFromEpochS(c.startS),
    horizonDays: base.horizonS / DAY_S,
    paths: base.paths,
    seed: options.seed,
    deterministic: base.deterministic,
    leak: {
      meanKgPerDay: c.leak.mean,
      sdKgPerDay: round(c.leak.sd, 4),
      source: c.leakSource,
      module: c.leakModule ?? null,
      backgroundKgPerDay: c.backgroundKgDay,
    },
    policy: {
      o2ReserveDays: c.o2ReserveDays,
      crew: c.crew,
      crewSource: c.crewSource,
      n2RepressModule: c.n2Module,
    },
    o2: gasJson(base.o2),
    n2: gasJson(base.n2),
    whatIfs: runs.map((r) => ({
      name: r.name,
      label: r.label,
      o2: gasJson(r.result.o2),
      n2: gasJson(r.result.n2),
    })),
    fan: {
      day: Array.from(base.t, (t) => round((t - base.startS) / DAY_S, 4)),
      o2: fanOf(base.o2),
      n2: fanOf(base.n2),
    },
  };
}

function textOf(c: Context, runs: WhatIfRun[], options: ForecastOptions): string {
  const base = (runs[0] as WhatIfRun).result;
  const horizon = base.horizonS / DAY_S;
  const d = (s: number): string =>
    Number.isFinite(s) ? formatNumber(Math.round((s / DAY_S) * 10) / 10) : `>${horizon}`;
  const q = (t: TimeQuantiles): string =>
    base.deterministic ? d(t.p50) : `${d(t.p10)} / ${d(t.p50)} / ${d(t.p90)}`;
  const pct = (p: number): string => `${formatNumber(Math.round(p * 1000) / 10)} %`;
  const gasRow = (name: string, g: GasForecast): (string | number)[] => [
    name,
    formatNumber(round(g.initialKg, 1)),
    formatNumber(round(g.floorKg, 1)),
    formatNumber(round(g.netUseKgPerS * DAY_S, 3)),
    q(g.timeToFloorS),
    q(g.timeToEmptyS),
    pct(g.breachProbability),
    g.nextResupplyS === null ? 'none planned' : isoFromEpochS(g.nextResupplyS).slice(0, 10),
    g.nextResupplyS === null ? '' : pct(g.breachBeforeResupplyProbability),
  ];
  const warnings = (['o2', 'n2'] as const)
    .filter((gas) => base[gas].initialKg < base[gas].floorKg)
    .map(
      (gas) =>
        `BELOW THE RESERVE FLOOR NOW: ${gas.toUpperCase()} stores ${formatNumber(round(base[gas].initialKg, 1))} kg < floor ${formatNumber(round(base[gas].floorKg, 1))} kg`,
    );
  const lines = [
    `Airtight reserve forecast: ${c.station.name} (${c.station.id})`,
    `From ${isoFromEpochS(c.startS).slice(0, 16)}Z for ${horizon} days; ${base.deterministic ? 'deterministic (every input at its mean)' : `${formatNumber(base.paths)} Monte Carlo paths, seed ${options.seed}`}`,
    `Leak ${formatNumber(c.leak.mean)} ± ${formatNumber(round(c.leak.sd, 3))} kg/day (${c.leakSource})` +
      `${c.leakModule ? ` in ${c.leakModule}` : ''}; station background ${formatNumber(c.backgroundKgDay)} kg/day; crew ${c.crew} (${c.crewSource})`,
    `Reserve policy: O2 ≥ ${formatNumber(c.o2ReserveDays)} days of crew use (${formatNumber(round(base.o2.floorKg, 1))} kg); ` +
      `N2 ≥ one repressurisation of ${c.n2Module ?? '(no module)'} (${formatNumber(round(base.n2.floorKg, 1))} kg)`,
    ...warnings,
    '',
    formatTable(
      [
        'gas',
        'stores kg',
        'floor kg',
        'net use kg/day',
        base.deterministic ? 'days to floor' : 'days to floor p10/p50/p90',
        base.deterministic ? 'days to empty' : 'days to empty p10/p50/p90',
        `P(breach ≤ ${horizon} d)`,
        'next resupply',
        'P(breach before it)',
      ],
      [gasRow('O2', base.o2), gasRow('N2', base.n2)],
    ),
  ];
  if (runs.length > 1)
    lines.push(
      '',
      `What-ifs (days to the floor${base.deterministic ? '' : ', p10 / p50 / p90'}; same random draws for every row)`,
      formatTable(
        [
          'what-if',
          'O2 to floor',
          'O2 to empty',
          'N2 to floor',
          'N2 to empty',
          'P(O2 breach)',
          'P(N2 breach)',
        ],
        runs.map((r) => [
          r.label,
          q(r.result.o2.timeToFloorS),
          q(r.result.o2.timeToEmptyS),
          q(r.result.n2.timeToFloorS),
          q(r.result.n2.timeToEmptyS),
          pct(r.result.o2.breachProbability),
          pct(r.result.n2.breachProbability),
        ]),
      ),
    );
  if (c.leakModule === undefined && runs.length > 1)
    lines.push('(Hatch-closed and low-pressure what-ifs need --leak-module <module>.)');
  if (options.plot !== undefined) lines.push(`Plot: ${options.plot}`);
  return `${lines.join('\n')}\n`;
}

function fanFigure(station: Station, r: ForecastResult): AnalysisFigure {
  const panel = (gas: 'o2' | 'n2', name: string) => {
    const g = r[gas];
    return {
      title: `${name} in stores: median with the 10–90 % band, and the reserve floor`,
      unit: 'kg',
      series: [
        { label: `${name} stores`, unit: 'kg', t: r.t, v: g.fan.p50, lo: g.fan.p10, hi: g.fan.p90 },
        { label: `${name} floor`, unit: 'kg', t: r.t, v: new Float64Array(r.t.length).fill(g.floorKg) },
      ],
    };
  };
  const median = (g: GasForecast): string =>
    g.initialKg < g.floorKg
      ? 'below it now'
      : Number.isFinite(g.timeToFloorS.p50)
        ? `${Math.round(g.timeToFloorS.p50 / DAY_S)} days`
        : `>${r.horizonS / DAY_S} days`;
  return {
    title: `Airtight — ${station.name}: gas reserves`,
    subtitle: `median days to the floor: O2 ${median(r.o2)}, N2 ${median(r.n2)}; ${r.deterministic ? 'deterministic' : `${r.paths} paths`}`,
    panels: [panel('o2', 'O2'), panel('n2', 'N2')],
    alarms: [],
    segments: [],
  };
}
