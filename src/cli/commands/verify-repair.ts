/**
 * `airtight verify-repair`: did the repair work? Runs the leak monitor over the telemetry, then
 * compares the temperature-compensated inventory's trend before and after the repair time:
 * rates with intervals, the reduction factor with its interval, whether a residual leak is still
 * significant, and how many more hours of monitoring would settle it.
 */
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { loadStation } from '../../config/index.js';
import { InputError, isoFromEpochS } from '../../core/index.js';
import { bestSplit, type RepairVerification, verifyRepair } from '../../forecast/index.js';
import { compensatedInventoryKg } from '../../monitor/index.js';
import { type AnalysisFigure, writeFigure } from '../../plot/index.js';
import type { Io } from '../io.js';
import { stationOf } from '../simulated-station.js';
import { formatNumber } from '../table.js';
import { runMonitorOn } from './monitor-run.js';

const DAY_S = 86400;

/** `--at`: an ISO time, `+<hours>h` after the data start, or `auto` (the best split of the trend). */
export type RepairAt = { kind: 'time'; s: number } | { kind: 'offset'; hours: number } | { kind: 'auto' };

export function parseAt(value: string): RepairAt {
  if (value === 'auto') return { kind: 'auto' };
  const offset = /^\+(\d+(?:\.\d+)?)h$/.exec(value);
  if (offset) return { kind: 'offset', hours: Number(offset[1]) };
  const ms = Date.parse(value);
  if (/^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(ms)) return { kind: 'time', s: ms / 1000 };
  throw new InvalidArgumentError(
    `--at must be an ISO 8601 time (2021-03-11T00:00:00Z), +<hours>h after the data start (+120h), or auto (got "${value}")`,
  );
}

function number(name: string, min: number, max = Number.POSITIVE_INFINITY) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be a number in [${min}, ${max}] (got "${value}")`);
    return n;
  };
}

export interface VerifyRepairOptions {
  /** Built-in name or station file; of a folder `simulate` wrote, its truth.json names it. */
  station?: string;
  at: RepairAt;
  year?: number;
  settleH: number;
  confidence: number;
  backgroundKgDay: number;
  targetKgDay: number;
  json?: boolean;
  plot?: string;
  quiet?: boolean;
}

export function registerVerifyRepair(program: Command, io: Io): void {
  program
    .command('verify-repair')
    .description(
      'did the repair work: leak rate before and after, reduction factor, residual leak, monitoring time',
    )
    .argument(
      '<telemetry>',
      'telemetry.csv (long or wide), telemetry.jsonl, either gzipped, an ISS Live folder, or the folder simulate wrote',
    )
    .option(
      '--station <station>',
      'built-in name (iss, haven, chamber) or a station file (required, but for a folder simulate wrote: its truth.json names it)',
    )
    .requiredOption(
      '--at <time|+Nh|auto>',
      'repair time: ISO 8601, hours after the data start, or auto (best split)',
      parseAt,
    )
    .option('--year <year>', 'year of ISS Live GMT-decimal times (that format only)', number('--year', 1900))
    .option(
      '--settle-h <hours>',
      'leave out this long after the repair (its own disturbance)',
      number('--settle-h', 0),
      0,
    )
    .option(
      '--confidence <c>',
      'two-sided confidence of the intervals, 0.5 to 0.999 (as plan)',
      number('--confidence', 0.5, 0.999),
      0.9,
    )
    .option(
      '--background-kg-day <r>',
      'normal background leak a residual is tested against',
      number('--background-kg-day', 0),
      0,
    )
    .option(
      '--target-kg-day <r>',
      'smallest residual above the background worth detecting (power analysis)',
      number('--target-kg-day', 0.001),
      0.05,
    )
    .option('--json', 'print JSON')
    .option('--plot <file>', 'inventory before and after with both trend lines (.png, .svg or .html)')
    .option('--quiet', 'no progress bar')
    .addHelpText(
      'after',
      '\nRates are the temperature-compensated inventory trends (ppN2 where measured) of the largest group of\n' +
        'joined modules, each side fitted on its own with an autocorrelated noise model; the reduction factor\n' +
        "interval is Fieller's. A residual is significant at 5 % one-sided; the monitoring time is for 80 % power.",
    )
    .action(
      (
        telemetry: string,
        options: Omit<VerifyRepairOptions, 'backgroundKgDay' | 'targetKgDay'> & {
          backgroundKgDay: number;
          targetKgDay: number;
        },
      ) => verifyRepairCommand(io, telemetry, options),
    );
}

export async function verifyRepairCommand(
  io: Io,
  telemetry: string,
  options: VerifyRepairOptions,
): Promise<void> {
  const station = loadStation(stationOf(io.cwd, telemetry, options.station), io.cwd);
  const run = await runMonitorOn(io, station, telemetry, {
    ...(options.year !== undefined && { year: options.year }),
    quiet: options.quiet === true || options.json === true,
  });
  const tl = run.monitor.timeline;
  const t = Float64Array.from(tl.t);
  const y = compensatedInventoryKg(tl);
  if (t.length < 20)
    throw new InputError({
      source: run.path,
      problem: `too little data: ${t.length} one-minute bins (need ≥ 20)`,
    });
  // the data's own first and last sample times (the bins' times are their midpoints)
  const first = run.monitor.firstS;
  const last = run.monitor.lastS;
  let repairS: number;
  if (options.at.kind === 'auto') {
    const k = bestSplit(t, y);
    if (k === null)
      throw new InputError({
        source: run.path,
        problem: 'too little data to find the repair time (--at auto)',
      });
    repairS = t[k] as number;
  } else repairS = options.at.kind === 'time' ? options.at.s : first + options.at.hours * 3600;
  if (!(repairS > first && repairS + options.settleH * 3600 < last))
    throw new InputError({
      source: '--at',
      problem: `the repair time must fall inside the data (${isoFromEpochS(first)} to ${isoFromEpochS(last)}), with --settle-h after it`,
      value: isoFromEpochS(repairS),
    });
  const result = verifyRepair(t, y, {
    repairS,
    settleS: options.settleH * 3600,
    confidence: options.confidence,
    alpha: 0.05,
    power: 0.8,
    backgroundKgPerS: options.backgroundKgDay / DAY_S,
    targetKgPerS: options.targetKgDay / DAY_S,
  });
  if (result === null)
    throw new InputError({
      source: run.path,
      problem: 'too few usable bins on one side of the repair (need ≥ 10 each)',
    });
  if (options.plot !== undefined)
    await writeFigure(resolve(io.cwd, options.plot), figureOf(station.name, t, y, result));
  if (options.json) io.out(`${JSON.stringify(jsonOf(station.id, result, options), null, 2)}\n`);
  else io.out(textOf(station.name, run.path, result, options));
}

const perDay = (kgPerS: number): number => Number((kgPerS * DAY_S).toFixed(4));
const finiteOr = (x: number, digits = 3): number | null =>
  Number.isFinite(x) ? Number(x.toFixed(digits)) : null;

function jsonOf(station: string, r: RepairVerification, options: VerifyRepairOptions) {
  const side = (s: RepairVerification['before']) => ({
    from: isoFromEpochS(s.fromS),
    to: isoFromEpochS(s.toS),
    hours: Number(((s.toS - s.fromS) / 3600).toFixed(2)),
    rateKgPerDay: perDay(s.rateKgPerS),
    seKgPerDay: perDay(s.seKgPerS),
    interval: [perDay(s.interval[0]), perDay(s.interval[1])],
  });
  return {
    station,
    repairAt: isoFromEpochS(r.repairS),
    confidence: options.confidence,
    before: side(r.before),
    after: side(r.after),
    reduction: {
      factor: finiteOr(r.reduction.factor),
      interval: [finiteOr(r.reduction.interval[0]), finiteOr(r.reduction.interval[1])],
      pValue: Number(r.reduction.pValue.toPrecision(3)),
      significant: r.reduction.significant,
    },
    residual: {
      backgroundKgPerDay: options.backgroundKgDay,
      pValue: Number(r.residual.pValue.toPrecision(3)),
      significant: r.residual.significant,
      upper95KgPerDay: perDay(r.residual.upperKgPerS),
    },
    monitoring: {
      targetKgPerDay: perDay(r.monitoring.targetKgPerS),
      power: 0.8,
      hoursNeededAfterRepair: finiteOr(r.monitoring.hoursNeeded ?? Number.NaN, 1),
      hoursMore: finiteOr(r.monitoring.hoursMore ?? Number.NaN, 1),
    },
    verdict: r.verdict,
  };
}

/** A time to the minute, or to the second when it is not on one: never a truncation that misleads. */
function minute(epochS: number): string {
  const iso = isoFromEpochS(epochS);
  return epochS % 60 === 0 ? `${iso.slice(0, 16)}Z` : `${iso.slice(0, 19)}Z`;
}

function textOf(name: string, path: string, r: RepairVerification, options: VerifyRepairOptions): string {
  const f = (kgPerS: number): string => formatNumber(perDay(kgPerS));
  const pct = Math.round(options.confidence * 100);
  const side = (label: string, s: RepairVerification['before']): string =>
    `${label} ${minute(s.fromS)} to ${minute(s.toS)} (${formatNumber(Math.round((s.toS - s.fromS) / 360) / 10)} h): ` +
    `${f(s.rateKgPerS)} kg/day (${pct} %: ${f(s.interval[0])} to ${f(s.interval[1])})`;
  const [lo, hi] = r.reduction.interval;
  const factor = `by a factor of ${formatNumber(Number(r.reduction.factor.toFixed(2)))} (${pct} %: ${Number.isFinite(lo) ? formatNumber(Number(lo.toFixed(2))) : '−∞'} to ${Number.isFinite(hi) ? formatNumber(Number(hi.toFixed(2))) : '∞'})`;
  const p = (value: number): string => (value < 0.001 ? 'p < 0.001' : `p = ${value.toPrecision(2)}`);
  const more = r.monitoring.hoursMore;
  const verdict: Record<RepairVerification['verdict'], string> = {
    partial: `REPAIR PARTLY EFFECTIVE: the leak fell ${factor}, but a residual leak of ${f(r.after.rateKgPerS)} kg/day remains (significant, ${p(r.residual.pValue)}).`,
    'no-residual-detected': `REPAIR EFFECTIVE: the leak fell ${factor}; no residual above the background detected, and any residual is below ${f(r.residual.upperKgPerS)} kg/day (95 %).`,
    inconclusive: `REPAIR EFFECTIVE, RESIDUAL NOT YET KNOWN: the leak fell ${factor}; a residual of ${f(r.monitoring.targetKgPerS)} kg/day cannot yet be told from none.`,
    'not-effective': `NO SIGNIFICANT REDUCTION: the leak changed ${factor}; ${p(r.reduction.pValue)} that it did not fall.`,
  };
  const lines = [
    `Airtight repair verification: ${name}, ${path}`,
    `Repair at ${minute(r.repairS)}${options.settleH > 0 ? `, ${options.settleH} h after it left out` : ''}`,
    '',
    side('Before', r.before),
    side('After ', r.after),
    '',
    verdict[r.verdict],
  ];
  if (r.verdict === 'inconclusive' || r.verdict === 'partial' || r.verdict === 'no-residual-detected') {
    if (r.residual.significant) lines.push('Monitoring: enough data to tell the residual from none.');
    else if (more === null)
      lines.push(
        `Monitoring: even 60 days after the repair would not detect ${f(r.monitoring.targetKgPerS)} kg/day with 80 % power at this noise.`,
      );
    else if (more > 0)
      lines.push(
        `Monitoring: keep watching ${formatNumber(Math.ceil(more))} h more (${formatNumber(Math.ceil(r.monitoring.hoursNeeded ?? 0))} h after the repair in all) to detect a residual of ${f(r.monitoring.targetKgPerS)} kg/day with 80 % power (5 % one-sided).`,
      );
    else
      lines.push(
        `Monitoring: the data in hand would have detected ${f(r.monitoring.targetKgPerS)} kg/day with 80 % power.`,
      );
  }
  if (options.plot !== undefined) lines.push(`Plot: ${options.plot}`);
  return `${lines.join('\n')}\n`;
}

function figureOf(name: string, t: Float64Array, y: Float64Array, r: RepairVerification): AnalysisFigure {
  const line = (s: RepairVerification['before']): Float64Array => {
    const v = new Float64Array(t.length).fill(Number.NaN);
    // the side's own least-squares line through its mean point
    let n = 0;
    let tm = 0;
    let ym = 0;
    for (let i = 0; i < t.length; i++)
      if ((t[i] as number) >= s.fromS && (t[i] as number) <= s.toS && Number.isFinite(y[i] as number)) {
        n++;
        tm += t[i] as number;
        ym += y[i] as number;
      }
    tm /= n;
    ym /= n;
    for (let i = 0; i < t.length; i++)
      if ((t[i] as number) >= s.fromS && (t[i] as number) <= s.toS)
        v[i] = ym - s.rateKgPerS * ((t[i] as number) - tm);
    return v;
  };
  return {
    title: `Airtight — ${name}: repair verification`,
    subtitle: `leak ${perDay(r.before.rateKgPerS)} → ${perDay(r.after.rateKgPerS)} kg/day, reduced ${r.reduction.factor.toFixed(2)}-fold (${r.verdict})`,
    panels: [
      {
        title: 'Gas inventory, temperature-compensated (air-mass equivalent), with each side’s trend',
        unit: 'kg',
        series: [
          { label: 'inventory', unit: 'kg', t, v: y },
          { label: 'trend before', unit: 'kg', t, v: line(r.before) },
          { label: 'trend after', unit: 'kg', t, v: line(r.after) },
        ],
      },
    ],
    alarms: [
      {
        time: r.repairS,
        severity: 'WATCH',
        kind: 'repair',
        message: `repair at ${isoFromEpochS(r.repairS)}`,
      },
    ],
    segments: [],
  };
}
