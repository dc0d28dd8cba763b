import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { synthesizeLeakRecording, writeWav } from '../acoustic/index.js';
import { InputError } from '../core/index.js';
import { registerSearchLocate } from './commands/search-locate.js';
import type { Io } from './io.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-locate-'));
const leak = { xM: 0.37, yM: 0.64 };
const sensors = [
  { channel: 0, x_m: 0.1, y_m: 0.1 },
  { channel: 1, x_m: 0.9, y_m: 0.1 },
  { channel: 2, x_m: 0.9, y_m: 0.9 },
  { channel: 3, x_m: 0.1, y_m: 0.9 },
];

async function run(args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), errIsTTY: false, cwd: dir };
  const program = new Command('airtight')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  registerSearchLocate(program.command('search'), io);
  await program.parseAsync(['node', 'airtight', 'search', 'locate', ...args]);
  return { out, err };
}

beforeAll(() => {
  const rec = synthesizeLeakRecording({
    panel: { widthM: 1, heightM: 1 },
    sensors: sensors.map((s) => ({ channel: s.channel, xM: s.x_m, yM: s.y_m })),
    leak,
    model: { kind: 'flexural', groupSpeedMPerS: 2500, referenceHz: 200e3 },
    seed: 21,
    snrDb: 10,
    samples: 1 << 17,
  });
  writeWav(join(dir, 'leak.wav'), rec, '16');
  writeFileSync(join(dir, 'sensors.json'), JSON.stringify(sensors));
  writeFileSync(
    join(dir, 'three-channels.json'),
    JSON.stringify([...sensors.slice(0, 3), { channel: 7, x_m: 0, y_m: 1 }]),
  );
  writeFileSync(
    join(dir, 'broken.json'),
    '[{"channel": 0, "x_m": 0, "y_m": 0}, {"channel": 1, "x_m": "left", "y_m": 0}, {}]',
  );
  writeFileSync(join(dir, 'not.wav'), 'RIFF but not really');
  writeFileSync(
    join(dir, 'co-located.json'),
    JSON.stringify([sensors[0], { ...sensors[0], channel: 1 }, sensors[2], sensors[3]]),
  );
});

describe('airtight search locate', () => {
  it('prints the fix on the panel as JSON (CONTRACT.md §5) with pairs, region, group speed and map', async () => {
    const { out } = await run([
      'leak.wav',
      '--sensors',
      'sensors.json',
      '--speed',
      '2500',
      '--panel',
      '1x1',
      '--json',
    ]);
    const report = JSON.parse(out);
    expect(Math.hypot(report.best.x_m - leak.xM, report.best.y_m - leak.yM)).toBeLessThan(0.01);
    expect(report.pairs).toHaveLength(6);
    expect(report.pairs[0].channels).toEqual([0, 1]);
    expect(report.group_speed).toMatchObject({
      model: 'flexural',
      speed_m_per_s: 2500,
      reference_hz: 200000,
    });
    expect(report.group_speed.statement).toContain('√(f / 200 kHz)');
    expect(report.band_hz).toEqual([50000, 400000]);
    expect(report.region90.semi_major_m).toBeGreaterThanOrEqual(report.region90.semi_minor_m);
    expect(report.map.values).toHaveLength(report.map.nu * report.map.nv);
    expect(report.sample_rate_hz).toBe(1_000_000);
    expect(report.snr_db).toBeGreaterThan(5);
  });

  it('prints a readable report without --json, and takes the panel from the sensors by default', async () => {
    const { out } = await run(['leak.wav', '--sensors', 'sensors.json', '--speed', '2500']);
    expect(out).toContain('Leak at x = 0.37');
    expect(out).toContain('90 % ellipse');
    expect(out).toContain('1 × 1 m panel');
  });

  it('names the file, field and value of bad input', async () => {
    await expect(run(['leak.wav', '--sensors', 'three-channels.json', '--speed', '2500'])).rejects.toThrow(
      /three-channels\.json: \[3\]\.channel: is beyond the 4 channel\(s\) of .*leak\.wav \(got 7\)/,
    );
    await expect(run(['leak.wav', '--sensors', 'broken.json', '--speed', '2500'])).rejects.toThrow(
      /broken\.json: \[1\]\.x_m: must be a finite number of metres \(got "left"\)/,
    );
    await expect(run(['not.wav', '--sensors', 'sensors.json', '--speed', '2500'])).rejects.toThrow(
      InputError,
    );
    await expect(run(['missing.wav', '--sensors', 'sensors.json', '--speed', '2500'])).rejects.toThrow(
      /missing\.wav: no such file/,
    );
    const speed = run(['leak.wav', '--sensors', 'sensors.json', '--speed', '-3']);
    await expect(speed).rejects.toThrow(CommanderError);
    await expect(run(['leak.wav', '--sensors', 'sensors.json', '--speed', '0'])).rejects.toThrow(
      /--speed must be a number > 0 \(got "0"\)/,
    );
    await expect(
      run(['leak.wav', '--sensors', 'sensors.json', '--speed', '2500', '--panel', '1by1']),
    ).rejects.toThrow(/--panel/);
  });

  it('refuses co-located sensors (the ellipse was NaN × NaN mm), naming them; warns of sensors off the --panel', async () => {
    const co = await runCli(
      ['search', 'locate', 'leak.wav', '--sensors', 'co-located.json', '--speed', '2500'],
      dir,
    );
    expect(co.code).toBe(2);
    expect(co.out).toBe('');
    expect(co.err).toMatch(
      /^airtight: .*co-located\.json: \[0\] and \[1\]: sensors on channels 0 and 1 are at the same place .*\(got \{"x_m":0\.1,"y_m":0\.1\}\)\n$/,
    );
    const small = await run([
      'leak.wav',
      '--sensors',
      'sensors.json',
      '--speed',
      '2500',
      '--panel',
      '0.5x0.5',
    ]);
    expect(small.err).toBe(
      'airtight: warning: --panel 0.5x0.5 does not hold the sensors on channels 1 (0.9, 0.1 m), 2 (0.9, 0.9 m), 3 (0.1, 0.9 m); the leak is searched for only on the panel\n',
    );
    expect(small.out).not.toContain('NaN');
    const whole = await run(['leak.wav', '--sensors', 'sensors.json', '--speed', '2500', '--panel', '1x1']);
    expect(whole.err).toBe('');
  });

  it('through the airtight program: exit 0 with the fix, exit 2 with one line naming the bad value', async () => {
    const ok = await runCli(
      ['search', 'locate', 'leak.wav', '--sensors', 'sensors.json', '--speed', '2500', '--json'],
      dir,
    );
    expect(ok.code).toBe(0);
    expect(
      Math.hypot(JSON.parse(ok.out).best.x_m - leak.xM, JSON.parse(ok.out).best.y_m - leak.yM),
    ).toBeLessThan(0.01);
    const speed = await runCli(
      ['search', 'locate', 'leak.wav', '--sensors', 'sensors.json', '--speed', '0'],
      dir,
    );
    expect(speed.code).toBe(2);
    expect(speed.err).toMatch(/--speed must be a number > 0 \(got "0"\)/);
    const channel = await runCli(
      ['search', 'locate', 'leak.wav', '--sensors', 'three-channels.json', '--speed', '9'],
      dir,
    );
    expect(channel.code).toBe(2);
    expect(channel.err.trim().split('\n')).toHaveLength(1);
    expect(channel.err).toContain('[3].channel');
  });
});
