import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEARCH_FORMAT, type SearchState } from '../search/index.js';
import {
  loadAcousticMap,
  parseSearchState,
  serializeSearchState,
  validateObservation,
} from './search-file.js';

const state: SearchState = {
  format: SEARCH_FORMAT,
  station: 'iss',
  module: 'zvezda-prk',
  created: '2020-10-01T00:00:00.000Z',
  leakKgPerDay: 1.4,
  cellM: 0.1,
  observations: [
    { kind: 'drift', fromAxialM: 1.6, towardDeg: 90, time: '2020-10-01T10:00:00Z' },
    { kind: 'sweep', region: { panels: ['prk-tunnel-stbd'] }, minutes: 10, result: 'nothing' },
    {
      kind: 'acoustic',
      map: {
        u0M: 0,
        v0M: 0,
        duM: 0.1,
        dvM: 0.1,
        nu: 2,
        nv: 2,
        logLikelihood: Float64Array.from([0, -1, -2, -3]),
      },
    },
  ],
};

describe('search file', () => {
  it('round-trips through JSON, typed arrays included', () => {
    const back = parseSearchState(serializeSearchState(state), 'search.json');
    expect(back.observations[2]).toEqual(state.observations[2]);
    expect(back).toEqual(state);
  });

  it('names the field and value of a bad observation', () => {
    const bad = JSON.parse(serializeSearchState(state));
    bad.observations[1].result = 'maybe';
    expect(() => parseSearchState(JSON.stringify(bad), 'search.json')).toThrow(
      /search\.json: .*observations\[1\]\.result: must be one of "nothing", "heard" \(got "maybe"\)/,
    );
    bad.observations[1].result = 'nothing';
    bad.observations[2].map.logLikelihood = [0, 1, 2];
    expect(() => parseSearchState(JSON.stringify(bad), 'search.json')).toThrow(
      /observations\[2\]\.map\.logLikelihood: needs nu·nv = 4 values \(got 3\)/,
    );
    expect(() =>
      validateObservation({ kind: 'inspect', panel: 'x', result: 'nothing', pod: 1.5 }, 'cli'),
    ).toThrow(/pod: must be ≤ 1 \(got 1\.5\)/);
  });
});

describe('acoustic evidence files', () => {
  it('turns a `search locate --json` fix and covariance into a Gaussian log-likelihood map', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'airtight-acoustic-')), 'fix.json');
    const report = {
      panel: { width_m: 1, height_m: 0.6 },
      best: { x_m: 0.3, y_m: 0.2 },
      covariance_m2: [
        [0.0004, 0],
        [0, 0.0009],
      ],
    };
    writeFileSync(path, JSON.stringify(report));
    const { map } = loadAcousticMap(path);
    expect([map.nu, map.nv, map.duM]).toEqual([51, 31, 0.02]);
    const at = (x: number, y: number): number =>
      map.logLikelihood[Math.round(y / 0.02) * map.nu + Math.round(x / 0.02)]!;
    // variances get a 1e-4 m² floor: σx² = 5e-4, σy² = 1e-3
    expect(at(0.3, 0.2)).toBeCloseTo(0, 12);
    expect(at(0.32, 0.2)).toBeCloseTo(-0.5 * (0.02 ** 2 / 5e-4), 10);
    expect(at(0.3, 0.26)).toBeCloseTo(-0.5 * (0.06 ** 2 / 1e-3), 10);
  });
});
