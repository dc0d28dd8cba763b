/**
 * `airtight analyze`: reads telemetry, runs the monitor over it and prints the analysis
 * (CONTRACT.md §5) as JSON or a readable report, optionally with a plot.
 */
import { resolve } from 'node:path';
import { loadStation } from '../../config/index.js';
import {
  isoFromEpochS,
  meanMolarMass,
  paToMmHg,
  pvThroughput,
  STANDARD_PRESSURE_PA,
  UsageError,
} from '../../core/index.js';
import type { IngestReport } from '../../ingest/index.js';
import {
  type AnalysisReport,
  buildReport,
  compensatedInventoryKg,
  defaultMonitorOptions,
  describeModules,
  firstDayWatch,
  GAINING_NOTE,
  type LeakGroupChecks,
  leakGroups,
  type MonitorState,
  readsAsGaining,
} from '../../monitor/index.js';
import { type AnalysisFigure, gapsBroken, type PlotSeries, writeFigure } from '../../plot/index.js';
import type { Io } from '../io.js';
import { monitorTelemetry } from '../run-monitor.js';
import { simulatedStationName } from '../simulated-station.js';
import { formatHours, formatNumber, formatTable } from '../table.js';

export interface AnalyzeOptions {
  /** Built-in name or station file; of a folder `simulate` wrote, its truth.json names it. */
  station?: string;
  year?: number;
  json?: boolean;
  plot?: string;
  strict?: boolean;
  cd: number;
  windowH: number;
  evacuationMmHg?: number;
  falseAlarmDays: number;
  quiet?: boolean;
}

export async function analyzeCommand(io: Io, telemetry: string, options: AnalyzeOptions): Promise<void> {
  const station = loadStation(stationName(io, telemetry, options.station), io.cwd);
  const scanHistoryH = defaultMonitorOptions(station).scanHistoryS / 3600;
  if (options.windowH < scanHistoryH)
    throw new UsageError(
      `--window-h ${options.windowH} is shorter than ${scanHistoryH} h: the noise model the leak scans test against is fitted over this window, and scans wait for ${scanHistoryH} h of it`,
    );
  const nominalMmHg = (station.nominalPressurePa * 760) / 101325;
  if (options.evacuationMmHg !== undefined && !(options.evacuationMmHg < nominalMmHg))
    throw new UsageError(
      `--evacuation-mmhg ${options.evacuationMmHg} is not below the station's nominal pressure (${Math.round(nominalMmHg)} mmHg): every reserve time would be nil`,
    );
  const monitorOptions = {
    ...defaultMonitorOptions(station),
    windowS: options.windowH * 3600,
    falseAlarmsPerDay: 1 / options.falseAlarmDays,
    ...(options.evacuationMmHg !== undefined && { evacuationPa: (options.evacuationMmHg * 101325) / 760 }),
  };
  const { monitor, ingest } = await monitorTelemetry(io, telemetry, station, monitorOptions, options);
  const report = buildReport(monitor, { cd: options.cd });
  if (options.plot !== undefined) await writeFigure(resolve(io.cwd, options.plot), figureOf(monitor, report));
  if (options.json) io.out(`${JSON.stringify({ ...report, ingest }, null, 2)}\n`);
  else
    io.out(
      textReport(
        report,
        ingest,
        options.plot,
        report.leak.detected ? clearBandNote(monitor, report) : firstDayNote(monitor),
        meanMolarMass(monitor.station.composition),
        options.windowH,
      ),
    );
}

/**
 * A measured leak as the throughput leak testers quote (standard cm³/s and sccm of the cabin's
 * gas at 0 °C and 1 atm, and Pa·m³/s with mbar·L/s); null for no loss.
 */
export function throughputLine(kgPerDay: number | null, molarMass: number): string | null {
  if (kgPerDay === null || !(kgPerDay > 0)) return null;
  const pv = pvThroughput(kgPerDay / 86400, molarMass);
  const stdCm3 = (pv / STANDARD_PRESSURE_PA) * 1e6;
  const sig3 = (x: number): string => formatNumber(Number(x.toPrecision(3)));
  return (
    `As throughput: ${formatNumber(kgPerDay)} kg/day of cabin gas is ${sig3(stdCm3)} std cm³/s (${sig3(stdCm3 * 60)} sccm), ` +
    `${sig3(pv)} Pa·m³/s (${sig3(pv * 10)} mbar·L/s) at 0 °C`
  );
}

/** How many leak alarms were withdrawn, for the headline of a report with none standing. */
function withdrawnNote(alarms: AnalysisReport['alarms']): string {
  const n = alarms.filter((a) => a.withdrawn !== undefined).length;
  return n === 0 ? '' : ` standing (${n} withdrawn: a drifting sensor's, see Alarms)`;
}

/** --station, or of a simulated run the station its truth.json names. */
function stationName(io: Io, telemetry: string, given: string | undefined): string {
  if (given !== undefined) return given;
  const simulated = simulatedStationName(resolve(io.cwd, telemetry));
  if (simulated === null)
    throw new UsageError(
      `--station is required: name the station the telemetry is from (a built-in name or a station file); only a folder 'airtight simulate' wrote names its own, in truth.json (none beside ${telemetry})`,
    );
  return simulated;
}

/** Channel and reason pairs listed under the quality line. */
const SHOWN_REJECTIONS = 5;

/** Which channels the rejected samples came from, and when: the most rejected first. */
function rejectedText(rows: AnalysisReport['quality']['rejectedByChannel']): string | null {
  if (rows.length === 0) return null;
  const when = (r: (typeof rows)[number]): string =>
    r.count === 1 ? `at ${r.first.slice(0, 19)}Z` : `${r.first.slice(0, 19)}Z to ${r.last.slice(0, 19)}Z`;
  const shown = rows
    .slice(0, SHOWN_REJECTIONS)
    .map((r) => `${r.channel} ${r.reason} ${r.count}× (${when(r)})`);
  const more =
    rows.length > SHOWN_REJECTIONS ? `; ${rows.length - SHOWN_REJECTIONS} more (--json lists them)` : '';
  return `  rejected: ${shown.join('; ')}${more}`;
}

/** Channels shown by name in the drop-out list, those that lost the most time first. */
const SHOWN_DROPOUTS = 5;

/** The quality line's drop-outs: the channels that lost most time, how often, the longest gap. */
function dropoutsText(dropouts: AnalysisReport['quality']['dropouts']): string {
  if (dropouts.length === 0) return '';
  const worst = [...dropouts].sort((a, b) => b.lostS - a.lostS);
  const shown = worst
    .slice(0, SHOWN_DROPOUTS)
    .map((d) => `${d.channel} ${d.gaps}× (longest ${formatNumber(d.longestS / 60)} min)`);
  const more = worst.length > SHOWN_DROPOUTS ? ` and ${worst.length - SHOWN_DROPOUTS} more channels` : '';
  return `; drop-outs: ${shown.join(', ')}${more}`;
}

/** What a monitor in its first day has not yet judged (null after a day's watch). */
function firstDayNote(monitor: MonitorState): string | null {
  const watch = firstDayWatch(monitor);
  if (watch === null) return null;
  const hours = `Watched ${formatNumber(watch.spanS / 3600)} h`;
  const longest = watch.longestWindowS;
  return longest === null
    ? `${hours}: too short for any trend window (scans begin after ${formatNumber(monitor.options.scanHistoryS / 3600)} h of data); only a rapid depressurisation would be seen.`
    : `${hours}: in its first day a monitor tests trends only over windows up to a third of its watch, here up to ${formatNumber(longest / 3600)} h; a slow leak is judged over longer windows once a day has been watched.`;
}

/**
 * Why a leak alarm can come hours after the leak rate's band cleared zero: the band is a 90 %
 * interval, an alarm is held to the configured false-alarm rate (and, in a monitor's first day, to
 * windows of a third of its watch). Said when the largest group's band was clear of zero for an
 * hour or more up to the first alarm; null otherwise.
 */
export function clearBandNote(monitor: MonitorState, report: AnalysisReport): string | null {
  if (report.leak.firstAlarm === null) return null;
  const alarmS = Date.parse(report.leak.firstAlarm) / 1000;
  const { t, low } = monitor.timeline.checks;
  let i = t.length - 1;
  while (i >= 0 && (t[i] as number) > alarmS) i--;
  let from = Number.NaN;
  for (; i >= 0 && (low[i] as number) > 0; i--) from = t[i] as number;
  if (!(alarmS - from >= 3600)) return null;
  const firstDay = alarmS - monitor.firstS < 86400;
  return (
    `The largest group's leak rate band was clear of zero from ${isoFromEpochS(from).slice(11, 16)} UTC, ` +
    `${formatHours(Math.round((alarmS - from) / 360) / 10)} before the first alarm: a 90 % band clear of zero is not yet a detection, ` +
    `an alarm is held to one false alarm per ${formatNumber(Math.round(1 / monitor.options.falseAlarmsPerDay))} days` +
    `${firstDay ? ', and in its first day a monitor tests windows of at most a third of its watch' : ''}.`
  );
}

/** What of the rate draws on the stores, when groups closed off below the evacuation pressure are left to empty. */
export function storesLine(stores: NonNullable<AnalysisReport['leak']['drawingStores']>): string {
  const [low, high] = stores.rateKgPerDay90 ?? [Number.NaN, Number.NaN];
  const left = stores.leftToEmpty
    .map(
      (g) =>
        `${g.modules.join(', ')} at ${formatNumber(g.pressureMmHg)} mmHg (${formatNumber(g.rateKgPerDay)} kg/day)`,
    )
    .join('; ');
  return (
    `Of it, ${stores.rateKgPerDay === null ? 'an unknown rate' : `${formatNumber(stores.rateKgPerDay)} kg/day (90 %: ${formatNumber(low)} to ${formatNumber(high)})`} ` +
    `draws on the stores; closed off below the evacuation pressure and left to empty: ${left}`
  );
}

function textReport(
  report: AnalysisReport,
  ingest: IngestReport,
  plot: string | undefined,
  firstDay: string | null,
  molarMass: number,
  windowH: number,
): string {
  const hours = report.from && report.to ? (Date.parse(report.to) - Date.parse(report.from)) / 3.6e6 : 0;
  const { leak } = report;
  const interval = leak.rateKgPerDay90
    ? `${formatNumber(leak.rateKgPerDay90[0])} to ${formatNumber(leak.rateKgPerDay90[1])}`
    : 'n/a';
  const lines = [
    `Airtight analysis of ${ingest.files.length === 1 ? ingest.files[0] : `${ingest.files.length} files`} on station ${report.station}`,
    `${report.from} to ${report.to} (${formatNumber(hours)} h, ${formatNumber(ingest.samples)} samples)`,
    '',
    leak.detected
      ? `LEAK DETECTED, first alarm ${leak.firstAlarm}${leak.locatedIn ? `, ${locatedPhrase(leak.locatedIn, report.segments)}` : ''}`
      : `No leak alarm${withdrawnNote(report.alarms)}${leak.locatedIn ? ` (evidence confines any leak to ${placeOf(leak.locatedIn, report.segments)})` : ''}`,
    `Leak rate at the end (${leak.afterFall !== null ? `since its fall ${leak.afterFall.how}, last seen falling at ${leak.afterFall.time.slice(11, 19)}Z` : `over the last ${windowH === 24 ? 'day' : `${windowH} h`} at most`}): ${leak.rateKgPerDay === null ? `not known${leak.note ? ` (${leak.note})` : ' (not enough data)'}` : `${formatNumber(leak.rateKgPerDay)} kg/day (90 %: ${interval})`}` +
      `${leak.inventory ? `, from the ${leak.inventory === 'N2' ? 'ppN2' : 'total pressure'} inventory` : ''}` +
      `${leak.rateKgPerDay === null ? '' : leak.couplingMmHgPerK !== null ? `, temperature coupling ${formatNumber(leak.couplingMmHgPerK)} mmHg/K` : ', no temperature coupling (the temperature did not change enough to fit one)'}`,
  ];
  if (leak.drawingStores !== undefined) lines.push(storesLine(leak.drawingStores));
  // a rate with a note (its interval wholly below zero) says what it means
  if (leak.rateKgPerDay !== null && leak.note !== null) lines.push(`That rate: ${leak.note}.`);
  if (firstDay !== null) lines.push(firstDay);
  if (leak.plainTrendKgPerDay !== null)
    lines.push(
      `(A plain trend of the cabin pressure would say ${formatNumber(leak.plainTrendKgPerDay)} kg/day: temperature and gas sources, not only leaks, move it.)`,
    );
  if (leak.equivalentDiameterMm !== null) {
    lines.push(
      `Equivalent hole: ${formatNumber(leak.equivalentDiameterMm)} mm at C_d ${leak.cd}; flow law: ${leak.flowLaw ?? 'undetermined'}${leak.flowLawNote ? ` (${leak.flowLawNote})` : ''}`,
    );
    const throughput = throughputLine(leak.rateKgPerDay, molarMass);
    if (throughput !== null) lines.push(throughput);
  }
  if (leak.reserveTimeH !== null) lines.push(reserveLine(report));
  lines.push(
    '',
    'Hatch configurations and groups (the rate over each whole period, up to its last 30 days)',
    formatTable(
      ['from', 'to', 'modules', 'inventory', 'mmHg', 'kg/day', '90 %'],
      report.segments.map((s) => [
        s.from.slice(0, 16),
        s.to.slice(0, 16),
        groupLabel(s.modules),
        s.inventory,
        s.pressureMmHg ?? '',
        s.rateKgPerDay ?? '',
        s.rateKgPerDay90
          ? `${formatNumber(s.rateKgPerDay90[0])} to ${formatNumber(s.rateKgPerDay90[1])}`
          : s.mixingUntil
            ? `air mixing until ${s.mixingUntil.slice(11, 16)}Z`
            : '',
      ]),
    ),
    ...onsetLines(report.segments),
    ...gainingLines(report.segments),
    ...(report.vehicles.length === 0
      ? []
      : [
          `Vehicles: ${report.vehicles
            .map((v) =>
              v.event === 'docked'
                ? `${v.vehicle} docked (reporting from ${v.at.slice(0, 16)}Z)`
                : `${v.vehicle} undocked (its hatches shut and its channels silent, taken so at ${v.at.slice(0, 16)}Z)`,
            )
            .join('; ')}`,
        ]),
    '',
    report.alarms.length === 0 ? 'Alarms: none' : `Alarms (${report.alarms.length})`,
    ...report.alarms
      .slice(0, 40)
      .map(
        (a) =>
          `  ${a.time.slice(0, 19)}Z  ${a.severity.padEnd(8)} ${a.kind.padEnd(13)} ${a.message}` +
          `${a.withdrawn ? ` — WITHDRAWN at ${a.withdrawn.time.slice(11, 16)}Z: ${a.withdrawn.reason}` : ''}` +
          `${a.cleared ? ` — back to normal: ${a.cleared.reason}` : ''}` +
          `${a.latest ? `\n      now (${a.latest.time.slice(11, 19)}Z): ${a.latest.message}` : ''}`,
      ),
    ...(report.alarms.length > 40 ? [`  … ${report.alarms.length - 40} more (see --json)`] : []),
    '',
    `Data: ${formatNumber(ingest.rows)} rows read, ${formatNumber(ingest.rejected)} rejected at reading` +
      `${
        Object.keys(ingest.byReason).length > 0
          ? ` (${Object.entries(ingest.byReason)
              .map(([r, n]) => `${r}: ${n}`)
              .join(', ')})`
          : ''
      }` +
      `${ingest.unknownChannels.length > 0 ? `; unknown channels: ${ingest.unknownChannels.map((c) => `${c.channel} (${c.count})`).join(', ')}` : ''}`,
    `Quality: ${
      Object.keys(report.quality.rejected).length > 0
        ? Object.entries(report.quality.rejected)
            .map(([r, n]) => `${r}: ${n}`)
            .join(', ')
        : 'no sample rejected'
    }` +
      `${report.quality.staleChannels.length > 0 ? `; stale: ${report.quality.staleChannels.join(', ')}` : ''}` +
      `${report.quality.sensorFaults.length > 0 ? `; sensor faults: ${report.quality.sensorFaults.join(', ')}` : ''}` +
      dropoutsText(report.quality.dropouts),
  );
  const byChannel = rejectedText(report.quality.rejectedByChannel);
  if (byChannel !== null) lines.push(byChannel);
  if (plot !== undefined) lines.push(`Plot: ${plot}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Where the evidence put the leak, readably: the modules, or for a set of more than
 * PLACE_LIST_MAX, its size and the few modules the analysis saw that it leaves out (closing off
 * a docked Progress confines a leak to the rest of the station, which a list of 27 modules hides).
 */
function placeOf(located: string[], segments: AnalysisReport['segments']): string {
  if (located.length <= PLACE_LIST_MAX) return located.join(', ');
  const inside = new Set(located);
  const outside = [...new Set(segments.flatMap((s) => s.modules))].filter((m) => !inside.has(m)).sort();
  return outside.length > 0 && outside.length <= PLACE_LIST_MAX
    ? `${located.length} modules (all but ${outside.join(', ')})`
    : `${located.length} modules (${located.slice(0, 3).join(', ')}, …; --json lists them)`;
}

const PLACE_LIST_MAX = 6;

/** "located in" a few modules; a larger set only confines the leak. */
export function locatedPhrase(located: string[], segments: AnalysisReport['segments']): string {
  return `${located.length <= PLACE_LIST_MAX ? 'located in' : 'confined to'} ${placeOf(located, segments)}`;
}

/**
 * The reserve time, and whose: a group closed off from the largest (a PrK held shut) reaches the
 * evacuation pressure on its own, which is not the crew's reserve; what the two joined would have
 * is said beside it (reserveIfOpenedH is null for the largest group itself).
 */
function reserveLine(report: AnalysisReport): string {
  const { leak } = report;
  const head = `Reserve time to the evacuation pressure: ${formatHours(leak.reserveTimeH as number)}${sinceOnsetReserve(report)}`;
  if (leak.reserveIfOpenedH === null || leak.reserveModules === null) return head;
  const last = report.segments.filter((s) => s.to === report.segments.at(-1)?.to);
  const own = last.find((s) => s.modules.join() === leak.reserveModules?.join());
  const at = own?.pressureMmHg != null ? `, at ${formatNumber(own.pressureMmHg)} mmHg` : '';
  return (
    `${head} for ${groupLabel(leak.reserveModules)} (closed off${at}), not the crew's cabin; ` +
    `were its hatches opened to the largest group, ${formatHours(leak.reserveIfOpenedH)} for both`
  );
}

/**
 * The reserve the group's last leak alarm told from the rate since the onset it dated, when it is
 * under half the report's: the report's rate is an average over the window, which a leak begun
 * inside it understates (a chamber's leak 8 h old: 103 days at the day's 0.025 kg/day, 29 days at
 * the 0.097 since its onset). Empty otherwise.
 */
export function sinceOnsetReserve(report: AnalysisReport): string {
  const { leak } = report;
  const modules = leak.reserveModules?.join();
  const alarm = report.alarms
    .filter((a) => a.kind === 'leak' && a.withdrawn === undefined && a.modules?.join() === modules)
    .at(-1);
  const rate = alarm?.evidence?.rateSinceKgPerDay;
  const minutes = alarm?.reserveTimeMin;
  if (alarm === undefined || typeof rate !== 'number' || minutes === undefined || leak.reserveTimeH === null)
    return '';
  if (!(minutes / 60 < 0.5 * leak.reserveTimeH)) return '';
  const [low, high] = alarm.reserveTimeMin90 ?? [Number.NaN, null];
  const since = alarm.evidence?.since;
  return (
    ` at the rate above, an average over its window; ${formatHours(minutes / 60)} (90 %: ${formatHours(low / 60)} to ` +
    `${high === null ? 'no end' : formatHours(high / 60)}) at the ${formatNumber(rate)} kg/day since the onset its last leak alarm dated` +
    `${typeof since === 'string' ? ` (${since.slice(11, 16)}Z)` : ''}, as of that alarm (${alarm.time.slice(11, 16)}Z)`
  );
}

function groupLabel(modules: string[]): string {
  return modules.length > 3
    ? `${modules.length} modules (${modules.slice(0, 2).join(', ')}, …)`
    : modules.join(', ');
}

/**
 * A hatch configuration as the figure's strip names it: the largest group of joined modules, then
 * the groups apart ("24 modules joined; apart: zvezda-prk, progress-aft").
 */
function configurationLabel(groups: string[][]): string {
  const [largest = [], ...apart] = [...groups].sort((a, b) => b.length - a.length);
  const joined = largest.length > 3 ? `${largest.length} modules joined` : `${largest.join(', ')} joined`;
  const named = apart.map((g) => (g.length > 2 ? `${g.length} modules` : g.join('+')));
  return named.length === 0 ? joined : `${joined}; apart: ${named.join(', ')}`;
}

/** A period's span: its times of day, with the dates when it crosses midnight. */
function spanLabel(from: string, to: string): string {
  return from.slice(0, 10) === to.slice(0, 10)
    ? `${from.slice(11, 16)} to ${to.slice(11, 16)}`
    : `${from.slice(0, 16)} to ${to.slice(0, 16)}`;
}

/** The groups whose inventory rose beyond its interval, and what that means. */
function gainingLines(segments: AnalysisReport['segments']): string[] {
  const rows = segments
    .filter((s) => s.gaining)
    .map(
      (s) =>
        `  ${groupLabel(s.modules)}, ${spanLabel(s.from, s.to)}: ${formatNumber(s.rateKgPerDay ?? Number.NaN)} kg/day` +
        `${s.rateKgPerDay90 ? ` (90 %: ${formatNumber(s.rateKgPerDay90[0])} to ${formatNumber(s.rateKgPerDay90[1])})` : ''}`,
    );
  return rows.length === 0
    ? []
    : [
        '',
        'Groups that read as gaining gas, their whole interval below zero:',
        ...rows,
        `  That is: ${GAINING_NOTE}.`,
      ];
}

/** The periods a leak began inside: the rate before and since its onset, beside the table's straight line. */
function onsetLines(segments: AnalysisReport['segments']): string[] {
  const rate = (value: number | null, interval: [number, number] | null): string =>
    value === null
      ? 'too short to tell'
      : interval === null
        ? `${formatNumber(value)} kg/day (the pressure fall's, too short for an interval)`
        : `${formatNumber(value)} kg/day (90 %: ${formatNumber(interval[0])} to ${formatNumber(interval[1])})`;
  const rows = segments.flatMap((s) =>
    s.onset === null
      ? []
      : [
          `  ${groupLabel(s.modules)}, ${s.from.slice(11, 16)} to ${s.to.slice(11, 16)}: began ${s.onset.time.slice(0, 19)}Z` +
            `${s.onset.fallEnded === null ? '' : `, ${s.onset.fallEnded.how} ${s.onset.fallEnded.time.slice(11, 19)}Z (last seen falling)`}; ` +
            `before ${rate(s.onset.rateBeforeKgPerDay, s.onset.rateBeforeKgPerDay90)}, ` +
            (s.onset.fallEnded === null
              ? `since ${rate(s.onset.rateSinceKgPerDay, s.onset.rateSinceKgPerDay90)}`
              : `while it fell fast ${rate(s.onset.rateSinceKgPerDay, s.onset.rateSinceKgPerDay90)}, ` +
                `after ${rate(s.onset.fallEnded.rateAfterKgPerDay, s.onset.fallEnded.rateAfterKgPerDay90)}`),
        ],
  );
  return rows.length === 0
    ? []
    : [
        '',
        'Leaks that began inside a period (a straight line over it mixes the rates before and since, and after a fast fall ended):',
        ...rows,
      ];
}

/**
 * Checks further apart than this [s] are not joined by a line: the group was not estimated
 * meanwhile (its air mixing after a hatch opened, hours at a time). Shorter pauses are joined.
 */
const CHECK_GAP_S = 1800;

/**
 * The picture: cabin pressure, compensated inventory and leak rate of the largest group, with
 * alarms; beside it, the pressure and rate of each group closed off from it where the leak was
 * located or alarmed.
 */
function figureOf(monitor: MonitorState, report: AnalysisReport): AnalysisFigure {
  const tl = monitor.timeline;
  const t = Float64Array.from(tl.t);
  const checks = Float64Array.from(tl.checks.t);
  const perDay = (values: number[]): Float64Array => Float64Array.from(values, (v) => v * 86400);
  const leak = report.leak;
  const apart = leakGroups(monitor.segments, monitor.alarms, leak.locatedIn);
  const largest = apart.length > 0 ? 'largest group' : undefined;
  return {
    title: `Airtight — ${monitor.station.name}: ${leak.detected ? 'leak detected' : 'no leak alarm'}`,
    subtitle:
      leak.rateKgPerDay === null
        ? undefined
        : `leak rate at the end ${leak.rateKgPerDay} kg/day (90 %: ${leak.rateKgPerDay90?.[0]} to ${leak.rateKgPerDay90?.[1]})` +
          `${leak.locatedIn ? `, ${locatedPhrase(leak.locatedIn, report.segments)}` : ''}`,
    notes: gainingSpansNote(tl.checks.t, tl.checks.high),
    panels: [
      {
        title:
          apart.length > 0
            ? 'Cabin pressure: the largest group, and modules closed off with the leak'
            : 'Cabin pressure (largest group of joined modules)',
        unit: 'mmHg',
        series: [
          {
            label: largest ?? 'pressure',
            unit: 'mmHg',
            t,
            v: Float64Array.from(tl.pressurePa, paToMmHg),
          },
          ...apart.map((g) =>
            gapsBroken(
              groupSeries(g, 'mmHg', (c) => paToMmHg(c.pressure)),
              CHECK_GAP_S,
            ),
          ),
        ],
      },
      {
        title: 'Gas inventory, temperature-compensated (air-mass equivalent)',
        unit: 'kg',
        series: [{ label: 'inventory', unit: 'kg', t, v: compensatedInventoryKg(tl) }],
      },
      {
        title: 'Leak rate over the trailing window, with its 90 % band',
        unit: 'kg/day',
        yRange: 'robust',
        series: [
          {
            label: largest ?? 'leak rate',
            unit: 'kg/day',
            t: checks,
            v: perDay(tl.checks.rateKgPerS),
            lo: perDay(tl.checks.low),
            hi: perDay(tl.checks.high),
          },
          ...apart.map((g) => ({
            ...groupSeries(g, 'kg/day', (c) => c.rate * 86400),
            lo: Float64Array.from(g.checks, (c) => c.low * 86400),
            hi: Float64Array.from(g.checks, (c) => c.high * 86400),
          })),
        ].map((series) => gapsBroken(series, CHECK_GAP_S)),
      },
    ],
    alarms: monitor.alarms
      .filter((a) => a.kind !== 'stale-data')
      .map((a) => ({
        time: a.time,
        severity: a.severity,
        kind: a.withdrawn ? `${a.kind} (withdrawn)` : a.kind,
        message: a.withdrawn ? `${a.message} — withdrawn: ${a.withdrawn.reason}` : a.message,
      })),
    segments: monitor.segments
      .filter((s, i, all) => all.findIndex((x) => x.fromS === s.fromS) === i)
      .map((s) => ({
        from: s.fromS,
        to: s.toS,
        label: configurationLabel(monitor.segments.filter((x) => x.fromS === s.fromS).map((x) => x.modules)),
      })),
  };
}

/**
 * The stretches of checks whose whole band lies below zero, as a line under the figure's title:
 * the inventory rose with no gas added there (GAINING_NOTE). A lone check is not a stretch.
 */
export function gainingSpansNote(t: readonly number[], high: readonly number[]): string[] {
  const spans: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= t.length; i++) {
    const below = i < t.length && readsAsGaining(high[i]);
    if (below && start < 0) start = i;
    if (!below && start >= 0) {
      if (i - start >= 2) spans.push([t[start] as number, t[i - 1] as number]);
      start = -1;
    }
  }
  if (spans.length === 0) return [];
  const hhmm = (s: number): string => isoFromEpochS(s).slice(11, 16);
  const listed = spans.slice(0, GAINING_SPANS_LISTED).map(([a, b]) => `${hhmm(a)}–${hhmm(b)}`);
  const more = spans.length > GAINING_SPANS_LISTED ? ` and ${spans.length - GAINING_SPANS_LISTED} more` : '';
  return [
    `Leak rate band wholly below zero ${listed.join(', ')}${more} UTC: the inventory rose with no gas added, a disturbance, not a leak, which the band understates.`,
  ];
}

const GAINING_SPANS_LISTED = 3;

/** A closed-off group's checks as a plot line (breaks where its checks stop: gapsBroken). */
function groupSeries(
  g: LeakGroupChecks,
  unit: string,
  value: (check: LeakGroupChecks['checks'][number]) => number,
): PlotSeries {
  return {
    label: describeModules(g.modules),
    unit,
    t: Float64Array.from(g.checks, (c) => c.t),
    v: Float64Array.from(g.checks, value),
  };
}
