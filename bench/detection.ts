// Issue 3 §5, detection: the performance map (probability of detection against time since onset,
// median delay) for leaks and holes in simulated ISS days and in the real ISS day, false alarms
// over leak-free days, and the reserve time first reported for large holes.
import { loadStation } from '../src/config/index.js';
import { defaultMonitorOptions } from '../src/monitor/index.js';
import type { DetectResult } from './jobs.js';
import { parallelMap } from './parallel.js';
import { type BenchRow, median, printTable } from './report.js';

interface Size {
  label: string;
  event: string;
  /** Leak as injected into recorded data. */
  injected: { kind: 'rate'; kgPerDay: number } | { kind: 'hole'; diameterMm: number; cd: number };
  /** Target median delay [s], if the issue sets one. */
  targetS?: number;
  /** Horizon after the onset [h]. */
  hours: number;
}

/** Where the simulated holes are. */
const HOLE_MODULE = 'node2';

const SIZES: Size[] = [
  ...[0.25, 0.5, 1, 2, 5].map((kg) => ({
    label: `${kg} kg/day`,
    event: `leak: { id: L, module: zvezda-ro, law: orifice, cd: 0.6, rate_kg_day: ${kg} }`,
    injected: { kind: 'rate' as const, kgPerDay: kg },
    hours: 24,
    ...(kg === 1 && { targetS: 12 * 3600 }),
  })),
  ...[2, 10, 25].map((mm) => ({
    label: `${mm} mm hole (C_d 1)`,
    event: `leak: { id: L, module: ${HOLE_MODULE}, law: orifice, cd: 1, diameter_mm: ${mm} }`,
    injected: { kind: 'hole' as const, diameterMm: mm, cd: 1 },
    hours: mm === 2 ? 4 : 1,
    ...(mm === 2 && { targetS: 30 * 60 }),
    ...(mm === 10 && { targetS: 60 }),
  })),
];

const CHECKPOINTS_H = [1 / 60, 5 / 60, 0.5, 1, 2, 4, 8, 12, 16, 24, 36, 48, 72];

function formatDelay(s: number | null): string {
  if (s === null) return 'none';
  return s < 120
    ? `${Math.round(s)} s`
    : s < 7200
      ? `${(s / 60).toFixed(1)} min`
      : `${(s / 3600).toFixed(1)} h`;
}

function percent(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
}

/** Median delay of the cases [s] (a case never detected counts as infinitely late). */
function medianDelay(results: DetectResult[]): number {
  return median(results.map((r) => r.delayS ?? Number.POSITIVE_INFINITY));
}

/** The table's cell for a set of cases: median delay, then POD by time up to `hours`. */
function delayCell(results: DetectResult[], hours: number): string {
  const delay = medianDelay(results);
  return `${formatDelay(Number.isFinite(delay) ? delay : null)}; ${pod(results, hours)}`;
}

function pod(results: DetectResult[], hours: number): string {
  return CHECKPOINTS_H.filter((h) => h <= hours)
    .map((h) => {
      const share = results.filter((r) => r.delayS !== null && r.delayS <= h * 3600).length / results.length;
      return `${h < 1 ? `${Math.round(h * 60)}m` : `${h}h`}:${Math.round(share * 100)}`;
    })
    .join(' ');
}

/**
 * Simulated cases of one size with the leak from `onsetH` after the monitor starts, or spread
 * evenly over the `spreadH` hours from it.
 */
function detectSpecs(size: Size, seeds: number, onsetH: number, spreadH = 0) {
  return Array.from({ length: seeds }, (_, i) => {
    const onset = onsetH + (spreadH * i) / seeds;
    return {
      // (by label: a size watched longer is a copy of its entry)
      seed: 7000 + i * 13 + SIZES.findIndex((s) => s.label === size.label),
      hours: onset + size.hours,
      operations: true,
      onsetH: onset,
      ...(size.injected.kind === 'hole' && {
        hole: { diameterMm: size.injected.diameterMm, cd: size.injected.cd, module: HOLE_MODULE },
      }),
      events: [`{ at_h: ${onset}, ${size.event} }`],
    };
  });
}

/** The monitor has watched more than a day before the leak starts, as it does on a station (08:00 UTC, as FRESH_ONSET_H). */
const ONSET_H = 32;
/** A leak in a fresh monitor's first day (the sizes the issue sets a target for). */
const FRESH_ONSET_H = 8;
/**
 * A slow leak in a monitor that has watched three days or more and learnt the daily cycle, the
 * onsets spread over the day that follows (from 08:00 UTC): the cycle's pattern is signed by the
 * clock, so leaks that all begin at one hour would meet it at one phase.
 */
const WATCHED_ONSET_H = 80;
const WATCHED_SPREAD_H = 24;
/** How long the slowest leak is watched after its onset [h]. */
const WATCHED_SLOWEST_H = 72;

export async function benchDetection(quick: boolean): Promise<void> {
  const seeds = quick ? 4 : 10;
  const freshSizes = SIZES.filter((s) => s.targetS !== undefined);
  const specs = [
    ...SIZES.flatMap((size) => detectSpecs(size, seeds, ONSET_H)),
    ...freshSizes.flatMap((size) => detectSpecs(size, seeds, FRESH_ONSET_H)),
  ];
  const results = await parallelMap<(typeof specs)[number], DetectResult>('detect', specs);
  const simulated = results.slice(0, SIZES.length * seeds);
  const fresh = results.slice(SIZES.length * seeds);
  // the same slow leaks after three days of watch, with the daily cycle learnt and (side by side) not
  // (0.25 kg/day, Zvezda's leak of 2019, is watched for three days: a day-long window holds it at
  // about its threshold, so it is found when the noise leans its way)
  const watchedSizes = SIZES.flatMap((s) =>
    s.injected.kind === 'rate' && [0.25, 0.5, 1].includes(s.injected.kgPerDay)
      ? [{ ...s, hours: s.injected.kgPerDay === 0.25 ? WATCHED_SLOWEST_H : s.hours }]
      : [],
  );
  const watchedSpecs = [true, false].flatMap((learnDailyCycle) =>
    watchedSizes.flatMap((size) =>
      detectSpecs(size, seeds, WATCHED_ONSET_H, WATCHED_SPREAD_H).map((spec) => ({
        ...spec,
        monitor: { learnDailyCycle },
      })),
    ),
  );
  const watched = await parallelMap<(typeof watchedSpecs)[number], DetectResult>('detect', watchedSpecs);
  const watchedWith = watched.slice(0, watchedSizes.length * seeds);
  const watchedWithout = watched.slice(watchedSizes.length * seeds);
  const realSpecs = SIZES.flatMap((size) =>
    [1, 3, 5, 7].map((h, i) => ({ leak: size.injected, onsetH: h, seed: i, hours: size.hours })),
  );
  const real = await parallelMap<(typeof realSpecs)[number], DetectResult>('realInject', realSpecs);
  const rows: BenchRow[] = SIZES.flatMap((size, j) => {
    const sim = simulated.slice(j * seeds, (j + 1) * seeds);
    const rec = real.slice(j * 4, (j + 1) * 4);
    const simDelay = medianDelay(sim);
    const recDelay = medianDelay(rec);
    const realTarget = size.injected.kind === 'rate' && size.injected.kgPerDay === 2 ? 16 * 3600 : undefined;
    const reserveErrors = sim.flatMap((r) =>
      r.firstReserveMin !== null && r.truthReserveMin !== null && Number.isFinite(r.truthReserveMin)
        ? [(r.firstReserveMin - r.truthReserveMin) / r.truthReserveMin]
        : [],
    );
    const worst = reserveErrors.reduce((a, e) => (Math.abs(e) > Math.abs(a) ? e : a), 0);
    const reserveRow: BenchRow[] =
      size.injected.kind === 'hole' && reserveErrors.length > 0
        ? [
            {
              measure: `${size.label}, simulated: first reserve time vs the orifice law's, the hole alone (median; worst)`,
              value: `${percent(median(reserveErrors))}; ${percent(worst)} (${reserveErrors.length} alarms)`,
              target: size.targetS === 60 ? 'within ±15 %' : '',
              pass: size.targetS === 60 ? Math.abs(worst) <= 0.15 : null,
            },
          ]
        : [];
    const k = freshSizes.indexOf(size);
    const young = k >= 0 ? fresh.slice(k * seeds, (k + 1) * seeds) : [];
    const freshRow: BenchRow[] =
      young.length > 0
        ? [
            {
              measure: `${size.label}, simulated, from ${FRESH_ONSET_H} h into a fresh monitor's first day`,
              value: delayCell(young, size.hours),
              target: '',
              pass: null,
            },
          ]
        : [];
    const w = watchedSizes.findIndex((s) => s.label === size.label);
    const watchedHours = watchedSizes[w]?.hours ?? size.hours;
    const watchedRow: BenchRow[] =
      w >= 0
        ? [
            {
              measure: `${size.label}, simulated, ${WATCHED_ONSET_H}–${WATCHED_ONSET_H + WATCHED_SPREAD_H} h into a watch (daily cycle learnt)${watchedHours > size.hours ? `, watched ${watchedHours} h` : ''}`,
              value: delayCell(watchedWith.slice(w * seeds, (w + 1) * seeds), watchedHours),
              target: `without it: ${delayCell(watchedWithout.slice(w * seeds, (w + 1) * seeds), watchedHours)}`,
              pass: null,
            },
          ]
        : [];
    return [
      {
        measure: `${size.label}, simulated (${seeds}): median delay; POD % by time`,
        value: delayCell(sim, size.hours),
        target: size.targetS !== undefined ? `median ≤ ${formatDelay(size.targetS)}` : '',
        pass: size.targetS !== undefined ? simDelay <= size.targetS : null,
      },
      ...freshRow,
      ...watchedRow,
      {
        measure: `${size.label}, injected in the real day (4 onsets)`,
        value: delayCell(rec, size.hours),
        target: realTarget !== undefined ? `median ≤ ${formatDelay(realTarget)}` : '',
        pass: realTarget !== undefined ? recDelay <= realTarget : null,
      },
      ...reserveRow,
    ];
  });
  rows.push(...(await reserveCoverage(quick ? 20 : 100)));
  // the hours before each onset are leak-free days watched by a fresh monitor: no alarm there
  const early = [...simulated, ...fresh, ...watchedWith].reduce((n, r) => n + r.early, 0);
  rows.push({
    measure: 'leak or rapid-depress alarms before the onset',
    value: String(early),
    target: `0 (${simulated.length} cases × ${ONSET_H} h, ${fresh.length} × ${FRESH_ONSET_H} h, ${watchedWith.length} × ${WATCHED_ONSET_H}–${WATCHED_ONSET_H + WATCHED_SPREAD_H} h before their leaks; without the daily cycle: ${watchedWithout.reduce((n, r) => n + r.early, 0)} in the last)`,
    pass: early === 0,
  });
  printTable(
    'Performance map: detection delay and probability of detection (POD) against time since onset',
    `simulated ISS days (crew, thermal, O2 generation, N2 top-ups, hatch operations), onset ${ONSET_H} h after the monitor starts (a day watched first; in its first day a monitor tests a window only once it has watched three times that window's length), or ${WATCHED_ONSET_H}–${WATCHED_ONSET_H + WATCHED_SPREAD_H} h, spread over the clock (its daily cycle learnt from the whole days before the day-long window, two to six as the watch goes on, taken out of the tests); the real day with the leak injected 1, 3, 5 and 7 h after its start (in its monitor's first day)`,
    rows,
  );
}

/**
 * The reserve times the alarms tell, and their 90 % intervals, over `seeds` holes of 2, 10 and 25 mm
 * from 8 h into a watch: the first reading and every reading (each alarm as raised and as last
 * read). A rapid fall's (10 and 25 mm; the first from the last minute, later ones from the fit since
 * the fall began) is judged against the time the simulated cabin then still took to reach the
 * evacuation pressure (jobs.ts: crossingS; the N2 top-up below 742 mmHg takes part); a leak alarm's
 * (2 mm, found by the scans), against the orifice law for the hole alone, as it is defined: at the
 * present leak rate, the gas from stores kept out of the inventory.
 */
async function reserveCoverage(seeds: number): Promise<BenchRow[]> {
  const sizes = SIZES.filter((s) => s.injected.kind === 'hole');
  const specs = sizes.flatMap((size) =>
    detectSpecs(size, seeds, FRESH_ONSET_H).map((spec) => ({ ...spec, seed: spec.seed + 100_000 })),
  );
  const results = await parallelMap<(typeof specs)[number], DetectResult>('detect', specs);
  return sizes.map((size, j) => {
    const rapid = size.injected.kind === 'hole' && size.injected.diameterMm >= 10;
    const kind = rapid ? 'rapid-depress' : 'leak';
    const cases = results
      .slice(j * seeds, (j + 1) * seeds)
      .map((r) => r.reserves.filter((x) => x.kind === kind));
    const first = cases.flatMap((r) => r.slice(0, 1));
    const every = cases.flat();
    const held = (xs: DetectResult['reserves']) =>
      xs.filter((x) => x.low <= x.truthMin && (x.high === null || x.truthMin <= x.high)).length / xs.length;
    const error = (xs: DetectResult['reserves']) =>
      median(xs.map((x) => Math.abs(x.reserveMin - x.truthMin) / x.truthMin));
    const width = (xs: DetectResult['reserves']) =>
      median(
        xs.map((x) => (x.high === null ? Number.POSITIVE_INFINITY : (x.high - x.low) / 2 / x.reserveMin)),
      );
    const ok = (x: number) => x >= 0.85 && x <= 0.95;
    const cell = (xs: DetectResult['reserves']) =>
      `${(100 * held(xs)).toFixed(0)} % of ${xs.length} (${(100 * error(xs)).toFixed(1)} %, ±${(100 * width(xs)).toFixed(1)} %)`;
    return {
      measure: `${size.label}, ${seeds} simulated from ${FRESH_ONSET_H} h: ${rapid ? 'rapid-depress' : 'leak'} alarms' reserve time, 90 % interval holds ${rapid ? 'the time the cabin took' : "the orifice law's"} — first reading; every reading (median |error|, ± half-width)`,
      value: `${cell(first)}; ${cell(every)}`,
      target: rapid ? '85–95 % both' : '≥ 85 % (above 95 %: conservative)',
      pass: rapid ? ok(held(first)) && ok(held(every)) : held(first) >= 0.85 && held(every) >= 0.85,
    };
  });
}

/** P(X ≥ k) for X Poisson with mean `mean`. */
function poissonTail(k: number, mean: number): number {
  let term = Math.exp(-mean);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= mean / (i + 1);
  }
  return Math.max(0, 1 - below);
}

/** How many alarms of these kinds the cases raised. */
function alarmsOf(results: { alarms: { kind: string }[] }[], ...kinds: string[]): number {
  return results.reduce((s, r) => s + r.alarms.filter((a) => kinds.includes(a.kind)).length, 0);
}

export async function benchFalseAlarms(quick: boolean): Promise<void> {
  const days = quick ? 20 : 90;
  const specs = Array.from({ length: days }, (_, i) => ({
    seed: 8000 + i,
    hours: 24,
    // the monitor starts at every time of day: its first hours meet every phase of the thermal
    // and crew cycles with no history
    startHour: (24 * i) / days,
    operations: true,
    events: [] as string[],
  }));
  const results = await parallelMap<(typeof specs)[number], import('./jobs.js').EstimateResult>(
    'estimate',
    specs,
  );
  const airtight = results.filter((r) =>
    r.alarms.some((a) => a.kind === 'leak' || a.kind === 'rapid-depress'),
  ).length;
  const z = 3.29; // the same one-sided 1-in-2000 test the baselines would need to claim a leak in a day
  const nasa = results.filter((r) => (r.ppN2?.z ?? 0) < -z || (r.ppN2?.z ?? 0) > z).length;
  const plain = results.filter((r) => Math.abs(r.pressure?.z ?? 0) > z).length;
  const other = alarmsOf(results, 'sensor-fault', 'stale-data');
  // the same days watched on by one monitor: the watches that need days of history (a thermometer's
  // slow drift, judged across two or three days) and a history carried across hatch operations
  const runs = quick ? 2 : 9;
  const runDays = quick ? 5 : 10;
  const continuous = (learnDailyCycle: boolean) =>
    parallelMap<
      (typeof specs)[number] & { monitor: { learnDailyCycle: boolean } },
      import('./jobs.js').EstimateResult
    >(
      'estimate',
      Array.from({ length: runs }, (_, i) => ({
        seed: 8500 + i,
        hours: 24 * runDays,
        startHour: (24 * i) / runs,
        operations: true,
        events: [] as string[],
        monitor: { learnDailyCycle },
      })),
    );
  const watched = await continuous(true);
  // the same watch with no daily cycle learnt: a long window's trend then carries the cycle's slope
  const withoutCycle = await continuous(false);
  const watchedLeak = alarmsOf(watched, 'leak', 'rapid-depress');
  // a watch's first three days, started at every time of day: after a day every window is tested,
  // and the daily cycle is taken out of the tests only from about 62 h (its two days must end where
  // the day-long window begins)
  const starts = quick ? 8 : 96;
  const firstDays = await parallelMap<(typeof specs)[number], import('./jobs.js').EstimateResult>(
    'estimate',
    Array.from({ length: starts }, (_, i) => ({
      seed: 9000 + i,
      hours: 72,
      startHour: (24 * i) / starts,
      operations: true,
      events: [] as string[],
    })),
  );
  const firstDaysLeak = alarmsOf(firstDays, 'leak', 'rapid-depress');
  // at the configured rate, over the two days each watch tests every window
  const budget = 2 * starts * defaultMonitorOptions(loadStation('iss')).falseAlarmsPerDay;
  const watchedOther = alarmsOf(watched, 'sensor-fault', 'stale-data');
  printTable(
    `False alarms over ${days} leak-free simulated ISS days`,
    'each day simulated after a 24 h spin-up, with hatch operations and cabin top-ups; the days start at times spread over the clock, each watched by a fresh monitor',
    [
      {
        measure: 'days with a leak or rapid-depress alarm',
        value: String(airtight),
        target: `0; ppN2 trend |z| > ${z}: ${nasa} days, pressure trend: ${plain} days`,
        pass: airtight === 0,
      },
      {
        measure: 'sensor-fault and stale-data alarms',
        value: String(other),
        target: '0 (no sensor faults simulated)',
        pass: other === 0,
      },
      {
        measure: `leak or rapid-depress alarms, ${runs} monitors each watching ${runDays} days on`,
        value: String(watchedLeak),
        target: `0; without the daily cycle learnt: ${alarmsOf(withoutCycle, 'leak', 'rapid-depress')}`,
        pass: watchedLeak === 0,
      },
      {
        measure: `sensor-fault and stale-data alarms, the same ${runs * runDays} days`,
        value: String(watchedOther),
        target: '0 (no sensor faults simulated)',
        pass: watchedOther === 0,
      },
      {
        measure: `leak or rapid-depress alarms, ${starts} watches' first three days (started over the clock)`,
        value: String(firstDaysLeak),
        target: `as configured: ${budget.toFixed(1)} expected over their ${2 * starts} days of every window tested`,
        // no more than the configured rate explains (its Poisson tail at the count above 5 %)
        pass: poissonTail(firstDaysLeak, budget) > 0.05,
      },
    ],
  );
}
