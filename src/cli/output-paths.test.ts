import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-paths-'));

/** A 4 h chamber record, long enough for analyze and verify-repair. */
function chamberCsv(): string {
  const rows = ['time,channel,value'];
  for (let s = 0; s <= 4 * 3600; s += 10) {
    const time = new Date(Date.UTC(2020, 0, 1) + s * 1000).toISOString();
    rows.push(`${time},P_VESSEL,${(101325 * Math.exp(-s / 2e6)).toFixed(3)}`, `${time},T_VESSEL,295.15`);
  }
  const path = join(dir, 'chamber.csv');
  writeFileSync(path, rows.join('\n'));
  return path;
}

/** Exit 2, nothing on stdout, and exactly the one line `line` on stderr. */
async function expectOneLine(args: string[], line: string): Promise<void> {
  const result = await runCli(args, dir);
  expect(result.code, result.err).toBe(2);
  expect(result.out).toBe('');
  expect(result.err).toBe(`airtight: ${line}\n`);
}

describe('--plot in a folder that is not there', () => {
  it('is bad input (exit 2) naming the path and the folder, before analyze reads anything', async () => {
    chamberCsv();
    await expectOneLine(
      ['analyze', 'chamber.csv', '--station', 'chamber', '--quiet', '--plot', 'nodir/x/p.png'],
      'cannot write the plot to nodir/x/p.png: no such folder nodir/x',
    );
  });

  it('so for forecast, verify-repair and search show too', async () => {
    await expectOneLine(
      ['forecast', '--station', 'chamber', '--leak-kg-day', '0.1', '--plot', 'nodir/f.png', '--quiet'],
      'cannot write the plot to nodir/f.png: no such folder nodir',
    );
    await expectOneLine(
      [
        'verify-repair',
        chamberCsv(),
        '--station',
        'chamber',
        '--at',
        '+2h',
        '--plot',
        'nodir/v.svg',
        '--quiet',
      ],
      'cannot write the plot to nodir/v.svg: no such folder nodir',
    );
    const made = await runCli(
      ['search', 'new', '--station', 'iss', '--module', 'zvezda-prk', '--out', 's.json'],
      dir,
    );
    expect(made.code, made.err).toBe(0);
    await expectOneLine(
      ['search', 'show', 's.json', '--plot', 'nodir/m.png'],
      'cannot write the plot to nodir/m.png: no such folder nodir',
    );
    // a file where the folder should be
    await expectOneLine(
      ['search', 'show', 's.json', '--plot', 's.json/m.png'],
      'cannot write the plot to s.json/m.png: s.json is not a folder',
    );
  });
});

describe('simulate --out', () => {
  it('naming an existing file is bad input (exit 2) naming the path', async () => {
    writeFileSync(join(dir, 'taken'), 'x');
    await expectOneLine(
      ['simulate', '--scenario', 'quiet-day', '--out', 'taken', '--quiet'],
      '--out: cannot make the folder taken: a file of that name is there',
    );
    await expectOneLine(
      ['simulate', '--scenario', 'quiet-day', '--out', 'taken/run', '--quiet'],
      `--out: cannot make the folder taken/run: ${join(dir, 'taken')} is a file, not a folder`,
    );
  });

  it.runIf(existsSync('/proc/self'))(
    'where no folder can be made (/proc) is exit 2 at once, not a mkdir loop',
    async () => {
      const result = await runCli(
        ['simulate', '--scenario', 'quiet-day', '--out', '/proc/xx', '--quiet'],
        dir,
      );
      expect(result.code, result.err).toBe(2);
      expect(result.err).toMatch(/^airtight: --out: cannot make the folder \/proc\/xx: .*\/proc\/xx\n$/);
    },
    10_000,
  );

  it('makes missing parent folders', async () => {
    writeFileSync(
      join(dir, 'short.yaml'),
      'station: chamber\nstart: 2020-08-20T00:00:00Z\nduration_h: 0.1\nstep_s: 10\nseed: 1\n',
    );
    const result = await runCli(['simulate', '--scenario', 'short.yaml', '--out', 'a/b/c', '--quiet'], dir);
    expect(result.code, result.err).toBe(0);
    expect(existsSync(join(dir, 'a', 'b', 'c', 'truth.json'))).toBe(true);
  });
});
