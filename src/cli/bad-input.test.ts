import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-bad-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const goodStation = `name: ok
pressure_mmHg: 760
modules:
  - { id: hab, volume_m3: 80 }
  - { id: lock, volume_m3: 6 }
hatches:
  - { id: hab-lock, between: [hab, lock] }
`;

/** One line on stderr, exit code 2, no stack trace, and every expected fragment named. */
async function expectBadInput(args: string[], ...fragments: string[]): Promise<void> {
  const result = await runCli(args, dir);
  expect(result.code, result.err).toBe(2);
  const lines = result.err.trimEnd().split('\n');
  expect(lines, result.err).toHaveLength(1);
  expect(result.err).not.toMatch(/\n\s+at /);
  for (const fragment of fragments) expect(result.err).toContain(fragment);
}

describe('bad input: exit 2 and one line naming file, place and value', () => {
  it('an unknown station', async () => {
    await expectBadInput(['station', 'show', 'mir'], 'unknown station', '"mir"', 'iss');
  });

  it('an unknown scenario', async () => {
    await expectBadInput(
      ['simulate', '--scenario', 'apollo-13', '--out', dir],
      'unknown scenario',
      '"apollo-13"',
    );
  });

  it('a module referenced but never defined', async () => {
    const path = file(
      'undefined-module.yaml',
      goodStation.replace('between: [hab, lock]', 'between: [hab, node9]'),
    );
    await expectBadInput(
      ['station', 'show', path],
      path,
      'line 7',
      'hatches[0].between[1]',
      "module 'node9' is not defined",
      '"node9"',
    );
  });

  it('a negative volume', async () => {
    const path = file('negative.yaml', goodStation.replace('volume_m3: 6', 'volume_m3: -2'));
    await expectBadInput(['station', 'show', path], path, 'line 5', 'modules[1].volume_m3', '> 0', '-2');
  });

  it('a hatch joining a module to itself', async () => {
    const path = file('self.yaml', goodStation.replace('between: [hab, lock]', 'between: [lock, lock]'));
    await expectBadInput(
      ['station', 'show', path],
      path,
      'hatches[0].between',
      "joins module 'lock' to itself",
    );
  });

  it('a leak in a module that does not exist', async () => {
    const station = file('station.yaml', goodStation);
    const scenario = file(
      'leak.yaml',
      `station: ${station}
start: 2020-01-01T00:00:00Z
duration_h: 1
events:
  - { at_h: 0, leak: { id: L1, module: galley, law: orifice, cd: 0.6, diameter_mm: 1 } }
`,
    );
    await expectBadInput(
      ['simulate', '--scenario', scenario, '--out', join(dir, 'out')],
      scenario,
      'line 5',
      'events[0].leak.module',
      "'galley'",
    );
  });

  it('an unparseable file', async () => {
    const path = file('broken.yaml', 'name: broken\nmodules: [ { id: a, volume_m3: 3 }\n');
    await expectBadInput(['station', 'show', path], path, 'line', 'not valid YAML');
  });

  it('a misspelt field', async () => {
    const path = file('typo.yaml', goodStation.replace('volume_m3: 80', 'volume_m4: 80'));
    await expectBadInput(['station', 'show', path], path, "unknown field 'volume_m4'");
  });

  it('an event after the end of the scenario, and a leak stopped before it started', async () => {
    const late = file(
      'late.yaml',
      'station: chamber\nstart: 2020-01-01T00:00:00Z\nduration_h: 1\nevents:\n  - { at_h: 2, leak_stop: L1 }\n',
    );
    await expectBadInput(
      ['simulate', '--scenario', late, '--out', dir],
      'events[0].at_h',
      'after the end',
      '2',
    );
    const early = file(
      'early.yaml',
      'station: chamber\nstart: 2020-01-01T00:00:00Z\nduration_h: 1\nevents:\n  - { at_h: 0.5, leak_stop: L1 }\n',
    );
    await expectBadInput(['simulate', '--scenario', early, '--out', dir], "no active leak 'L1'");
  });

  it('a missing file, an unknown option and a bad option value', async () => {
    await expectBadInput(['station', 'show', join(dir, 'nothing.yaml')], 'nothing.yaml', 'not found');
    await expectBadInput(
      ['simulate', '--scenario', 'quiet-day', '--out', dir, '--formt', 'csv'],
      "unknown option '--formt'",
    );
    await expectBadInput(
      ['simulate', '--scenario', 'quiet-day', '--out', dir, '--format', 'xml'],
      '--format',
      'xml',
    );
    await expectBadInput(
      ['simulate', '--scenario', 'quiet-day', '--out', dir, '--seed', 'abc'],
      '--seed',
      'abc',
    );
  });
});
