/**
 * The leak alarm a scan raises: its rate and interval, the reserve time from the rate since the
 * onset, its severity on the ladder (a closed-off uninhabited group graded by the cabin's reserve
 * were it opened), and its evidence.
 */
import { isoFromEpochS } from '../core/index.js';
import type { LeakEstimate } from '../estimate/index.js';
import { describeModules, durationText, reserveInterval, reserveWords, round } from './alarm-words.js';
import { joinedReserveS, leakSeverity, reserveTimeS, severityRank } from './alarms.js';
import { cycleDaysText } from './daily-cycle-watch.js';
import { lastFinite } from './group-estimates.js';
import type { GroupTrack, MonitorState, Segment } from './monitor-state.js';
import { rateSinceOnset } from './onset-dating.js';
import { mainGroup } from './timeline.js';
import type { Scan, ScanEvidence } from './window-scans.js';

/**
 * The crew's cabin (the largest group) when `group` is apart from it and none of its modules is
 * habitable; otherwise undefined.
 */
function uninhabitedApart(state: MonitorState, segment: Segment, group: GroupTrack): GroupTrack | undefined {
  const cabin = mainGroup(segment);
  if (cabin === undefined || cabin === group) return undefined;
  return group.series.model.modules.some((m) => state.station.modules[m]?.habitable ?? true)
    ? undefined
    : cabin;
}

/** Trend windows from this long [s] say, in an alarm, that their rate is an average over them. */
const AVERAGE_NOTE_S = 4 * 3600;

/** Raises the group's leak alarm for the scan's best evidence, when its severity is higher than the group's last. */
export function raiseLeakAlarm(
  state: MonitorState,
  segment: Segment,
  group: GroupTrack,
  latest: LeakEstimate,
  best: ScanEvidence,
  scan: Scan,
): void {
  const { options } = state;
  const { series } = group;
  const { noise, coupling, couplingSe } = scan.fit;
  const total = group.total;
  const { first, n, inventory, totalSeries, allowance, cycle } = scan;
  const now = series.t[n - 1] as number;
  const pressure = lastFinite(series.pressure);
  // the window that shows the change is the evidence: its rate and interval; the reserve time
  // takes the rate since the onset, dated to the bin on the series of the test that fired
  const refineOn =
    best.kind === 'pressure' && total !== null && totalSeries !== null
      ? { series: totalSeries, ...total }
      : { series: inventory, coupling, noise, couplingSe };
  const sinceOnset = rateSinceOnset(refineOn, first, n, best.windowS / options.binS);
  const rateNow = sinceOnset?.rateKgPerS ?? best.rateKgPerS;
  const reserve = reserveTimeS(pressure, options.evacuationPa, series.model.kgPerPa, rateNow);
  // its interval, from the rate's (no upper end where the rate could be nil)
  const reserveS90: [number, number] = [
    reserveTimeS(pressure, options.evacuationPa, series.model.kgPerPa, sinceOnset?.high90 ?? best.high90),
    reserveTimeS(pressure, options.evacuationPa, series.model.kgPerPa, sinceOnset?.low90 ?? best.low90),
  ];
  const reserve90 = reserveInterval(reserveS90);
  // a group closed off with no habitable module in it (the PrK held shut) threatens no one until
  // opened: graded by the reserve of the crew's cabin were it opened to it
  const cabin = uninhabitedApart(state, segment, group);
  const crewReserve =
    cabin === undefined
      ? reserve
      : joinedReserveS(
          { pressurePa: pressure, kgPerPa: series.model.kgPerPa, rateKgPerS: rateNow },
          {
            pressurePa: lastFinite(cabin.series.pressure),
            kgPerPa: cabin.series.model.kgPerPa,
            rateKgPerS: cabin.latest !== null && cabin.latest.low90 > 0 ? cabin.latest.rateKgPerS : 0,
          },
          options.evacuationPa,
        );
  const graded =
    cabin === undefined
      ? ''
      : `; not habitable and closed off, graded by the reserve were it opened to ${describeModules(cabin.series.model.moduleIds)}: ${durationText(crewReserve)}`;
  const severity = leakSeverity(options.severity, best.low90, crewReserve);
  if (group.leakSeverity !== null && severityRank(severity) <= severityRank(group.leakSeverity)) return;
  group.leakSeverity = severity;
  const perDay = (x: number): number => round(x * 86400, 3);
  // the reserve time's rate, when it is the rate since the onset (shown nowhere else in the message)
  const reserveRate =
    sinceOnset === null
      ? ''
      : ` at ${perDay(sinceOnset.rateKgPerS)} kg/day since ${isoFromEpochS(sinceOnset.onsetS).slice(11, 16)}Z`;
  // modules closed off inside the window: the gas they lost before is in its evidence
  const closedOff = group.closedOff.filter((c) => c.atS > now - best.windowS);
  const alsoIn =
    closedOff.length > 0
      ? ` or in ${closedOff.map((c) => `${c.modules.join(', ')} (closed off at ${isoFromEpochS(c.atS).slice(11, 16)}Z, inside the window)`).join(', ')}`
      : '';
  // a long window's trend is its average: at a fresh leak's first alarm the day's trend read a
  // fifth of a 2 kg/day leak begun 3–7 h before, and dating the onset inside it was no better
  const what =
    best.kind === 'trend'
      ? `${perDay(best.rateKgPerS)} kg/day over the last ${round(best.windowS / 3600, 2)} h`
      : best.kind === 'pressure'
        ? `${perDay(best.rateKgPerS)} kg/day over the last ${round(best.windowS / 3600, 2)} h from the ` +
          `total pressure, more than breathing without O2 generation takes (${perDay(allowance)} kg/day)`
        : `${perDay(best.rateKgPerS)} kg/day since ${isoFromEpochS(best.sinceS).slice(11, 16)}Z, ` +
          `up ${perDay(best.changeKgPerS)} kg/day on the ${round((best.sinceS - (series.t[first] as number)) / 3600, 1)} h before`;
  state.alarms.push({
    time: now,
    severity,
    kind: 'leak',
    modules: series.model.moduleIds,
    message:
      `leak in ${describeModules(series.model.moduleIds)}${alsoIn}: ${what} ` +
      `(90 %: ${perDay(best.low90)} to ${perDay(best.high90)}` +
      `${best.kind === 'trend' && best.windowS >= AVERAGE_NOTE_S ? '; its average: a leak begun inside it loses more now' : ''}), ` +
      `${round(best.z, 1)} standard errors (threshold ${round(best.threshold, 1)}` +
      `${best.cycleKgPerS !== undefined ? `; the daily cycle learnt over the ${cycleDaysText(cycle)} before, ${perDay(best.cycleKgPerS)} kg/day here, taken out` : ''}); ` +
      `${perDay(latest.rateKgPerS)} kg/day over the last ${round((latest.toS - latest.fromS) / 3600, 1)} h` +
      `${Number.isFinite(reserve) ? `; ${reserveWords(reserve, reserveS90, options.evacuationPa)}${reserveRate}` : ''}${graded}`,
    reserveTimeMin: Number.isFinite(reserve) ? round(reserve / 60, 1) : undefined,
    ...(Number.isFinite(reserve) && { reserveTimeMin90: reserve90 }),
    evidence: {
      statistic: round(best.z, 3),
      threshold: round(best.threshold, 3),
      windowS: best.windowS,
      test: best.kind,
      rateKgPerDay: perDay(best.rateKgPerS),
      rateKgPerDay90: [perDay(best.low90), perDay(best.high90)],
      ...(best.kind === 'change' && { changeKgPerDay: perDay(best.changeKgPerS) }),
      since: sinceOnset?.onsetS ?? best.sinceS,
      ...(sinceOnset !== null && { rateSinceKgPerDay: perDay(sinceOnset.rateKgPerS) }),
      ...(closedOff.length > 0 && { closedOff }),
      ...(best.cycleKgPerS !== undefined && { dailyCycleKgPerDay: perDay(best.cycleKgPerS) }),
    },
  });
}
