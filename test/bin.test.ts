// The installed command itself: `npx airtight` runs bin/airtight.js on the build from `npm install`.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve(import.meta.dirname, '../bin/airtight.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('bin/airtight.js', () => {
  it('lists commands with --help and exits 0', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    for (const command of ['stations', 'station', 'scenarios', 'simulate'])
      expect(result.stdout).toContain(command);
  });

  it('exits 2 with one line and no stack trace on bad input', () => {
    const result = run('station', 'show', 'skylab');
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('"skylab"');
  });

  it('ends quietly when its reader stops early (… | head)', async () => {
    // the reader is gone before the analysis writes (as `head` is after its lines)
    const realDay = resolve(import.meta.dirname, '../data/iss-usos-2018-day285');
    const child = spawn(process.execPath, [
      bin,
      'analyze',
      realDay,
      '--station',
      'iss',
      '--year',
      '2018',
      '--json',
    ]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('has --help on every command', () => {
    for (const command of [['stations'], ['station', 'show'], ['scenarios'], ['simulate'], ['demo']]) {
      const result = run(...command, '--help');
      expect(result.status, command.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: airtight /);
    }
  });
});
