// Issue 5 §6: simulated in-module leak searches. Median crew-minutes to pinpoint the leak with
// Airtight's recommendations against the free-flying robot demo's policy (a lawnmower sweep of
// the whole wall, then a spiral around the loudest point; DOMAIN.md §7), for a leak drawn from
// the feature prior and drawn uniformly over the wall. Target: Airtight's median ≥ 2× faster.
import { loadStation } from '../src/config/index.js';
import { rngFor, type StationModule } from '../src/core/index.js';
import {
  buildWallGrid,
  drawCell,
  featurePrior,
  type SearchPolicy,
  simulateSearch,
  sweepWidthM,
  uniformPrior,
} from '../src/search/index.js';
import { type BenchRow, median, printTable } from './report.js';

const CASES: { module: string; leakKgPerDay: number }[] = [
  { module: 'zvezda-prk', leakKgPerDay: 1.4 },
  { module: 'zvezda-ro', leakKgPerDay: 1.4 },
];

export async function benchSearch(quick: boolean): Promise<void> {
  const runs = quick ? 30 : 120;
  const station = loadStation('iss');
  const rows: BenchRow[] = [];
  for (const { module: id, leakKgPerDay } of CASES) {
    const module = station.modules.find((m) => m.id === id) as StationModule;
    const grid = buildWallGrid(module);
    const prior = featurePrior(grid, module.geometry?.features ?? []);
    for (const [draw, truth] of [
      ['prior', prior],
      ['uniform', uniformPrior(grid)],
    ] as const) {
      const minutes: Record<SearchPolicy, number[]> = {
        airtight: [],
        'airtight-sweeps-only': [],
        'lawnmower-spiral': [],
      };
      for (let k = 0; k < runs; k++) {
        const leak = drawCell(truth, rngFor(k, `search-${id}-${draw}-leak`));
        for (const policy of ['airtight', 'airtight-sweeps-only', 'lawnmower-spiral'] as const)
          minutes[policy].push(
            simulateSearch(grid, prior, leak, policy, rngFor(k, `search-${id}-${draw}-${policy}`), {
              leakKgPerDay,
            }),
          );
      }
      const a = median(minutes.airtight);
      const b = median(minutes['lawnmower-spiral']);
      const p90 = (xs: number[]): number =>
        [...xs].sort((x, y) => x - y)[Math.floor(0.9 * xs.length)] as number;
      rows.push({
        measure: `${id}, leak from ${draw}: median crew-min (90th pct)`,
        value: `${a.toFixed(0)} (${p90(minutes.airtight).toFixed(0)})`,
        target: `lawnmower+spiral ${b.toFixed(0)} (${p90(minutes['lawnmower-spiral']).toFixed(0)})`,
        pass: null,
      });
      const c = median(minutes['airtight-sweeps-only']);
      rows.push({
        measure: `${id}, leak from ${draw}: sweeps only, no drift test`,
        value: `${c.toFixed(0)} (${p90(minutes['airtight-sweeps-only']).toFixed(0)})`,
        target: `speed-up ${(b / c).toFixed(2)}×`,
        pass: null,
      });
      rows.push({
        measure: `${id}, leak from ${draw}: speed-up of the median`,
        value: `${(b / a).toFixed(2)}×`,
        target: '≥ 2×',
        pass: b / a >= 2,
      });
    }
  }
  printTable(
    'In-module search (issue 5 §6)',
    `${runs} simulated searches per row; leak ${CASES[0]?.leakKgPerDay} kg/day (sweep width ${sweepWidthM(1.4).toFixed(2)} m, probe 3 m/min); ` +
      'Airtight = `search next`: a 10-min particle-drift test, then the ranked sweeps; panels cost 15 min to open; ' +
      'detections drawn from the same laws for all policies; pinpointing by a spiral around the point heard.',
    rows,
  );
}
