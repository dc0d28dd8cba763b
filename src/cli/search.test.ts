import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-search-'));

describe('airtight search', () => {
  const file = join(dir, 'prk.json');

  it('new → log → next → show: the 2020 PrK hunt', async () => {
    const created = await runCli([
      'search',
      'new',
      '--station',
      'iss',
      '--module',
      'zvezda-prk',
      '--out',
      file,
      '--rate',
      '1.4',
      '--json',
    ]);
    expect(created.code, created.err).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({
      module: 'zvezda-prk',
      panels: expect.arrayContaining(['prk-tunnel-stbd']),
    });

    // before any observation: a drift test is recommended first
    const first = JSON.parse((await runCli(['search', 'next', file, '--json'])).out);
    expect(first.steps[0].action).toBe('drift');

    // confetti drifted to starboard (DOMAIN.md §1)
    const logged = await runCli([
      'search',
      'log',
      file,
      '--drift',
      'at=1.6,toward=starboard',
      '--time',
      '2020-10-01T10:00:00Z',
    ]);
    expect(logged.code, logged.err).toBe(0);
    const next = JSON.parse((await runCli(['search', 'next', file, '--json', '--budget', '90'])).out);
    expect(next.steps[0].action).toBe('sweep');
    expect(next.openFirst).toMatch(/-stbd$/);
    expect(next.plannedMinutes).toBeLessThanOrEqual(90);
    expect(next.pFoundAfterPlan).toBeGreaterThan(0.5);
    expect(next.steps.at(-1).pFound).toBeCloseTo(next.pFoundAfterPlan, 6);

    // the stbd tunnel swept, nothing heard: it drops
    const before = JSON.parse((await runCli(['search', 'show', file, '--json'])).out);
    const p0 = before.panels.find((p: { id: string }) => p.id === 'prk-tunnel-stbd').probability;
    await runCli(['search', 'log', file, '--sweep', 'panel=prk-tunnel-stbd,minutes=10,result=nothing']);
    const after = JSON.parse(
      (await runCli(['search', 'show', file, '--json', '--plot', join(dir, 'map.svg')])).out,
    );
    const p1 = after.panels.find((p: { id: string }) => p.id === 'prk-tunnel-stbd').probability;
    expect(p1).toBeLessThan(p0 / 3);
    const svg = readFileSync(join(dir, 'map.svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('prk-tunnel-stbd');
    expect((svg.match(/<rect /g) ?? []).length).toBeGreaterThan(after.cells);

    // found and patched; a residual of 0.45 kg/day keeps the search going
    await runCli(['search', 'log', file, '--patched', 'at=1.6,angle=90,residual=0.45']);
    const patched = JSON.parse((await runCli(['search', 'show', file, '--json'])).out);
    expect(patched.pLeakRemains).toBeGreaterThan(0.95);
    expect(patched.leakKgPerDay).toBe(0.45);
    // an acoustic fix from a sensor panel whose origin sits at axial 1.0 m, 60°: 0.3 m along, 0.2 m around
    const fix = join(dir, 'fix.json');
    writeFileSync(
      fix,
      JSON.stringify({
        panel: { width_m: 1, height_m: 0.6 },
        best: { x_m: 0.3, y_m: 0.2 },
        covariance_m2: [
          [4e-4, 0],
          [0, 4e-4],
        ],
      }),
    );
    const heard = await runCli([
      'search',
      'log',
      file,
      '--acoustic',
      fix,
      '--acoustic-at',
      '1.0,60',
      '--json',
    ]);
    expect(heard.code, heard.err).toBe(0);
    expect(JSON.parse(heard.out).panels[0].id).toBe('prk-tunnel-stbd');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.observations.map((o: { kind: string }) => o.kind)).toEqual([
      'drift',
      'sweep',
      'patched',
      'acoustic',
    ]);
  });

  it('names the option, field and value on bad input (exit 2)', async () => {
    const bad = [
      [
        ['search', 'new', '--station', 'iss', '--module', 'nowhere', '--out', join(dir, 'x.json')],
        /--module.*"nowhere"/,
      ],
      [['search', 'log', file, '--sweep', 'panel=prk-nope,minutes=5'], /--sweep panel.*"prk-nope"/],
      [['search', 'log', file, '--drift', 'at=1,toward=up'], /--drift: toward must be a number \(got "up"\)/],
      [['search', 'log', file, '--sweep', 'panel=prk-fwd-port,minutes=-5'], /minutes.*(≥|>) 0.*-5/],
      [['search', 'log', file, '--sweep', 'panel=prk-fwd-port,minuets=5'], /unknown key 'minuets'/],
      [['search', 'log', file], /at least one of/],
      // off the module: past its 3.2 m, a reversed range, more than a turn
      [
        ['search', 'log', file, '--drift', 'at=99,toward=starboard'],
        /--drift: at must lie along zvezda-prk, 0 to 3\.20 m \(got "99"\)/,
      ],
      [
        ['search', 'log', file, '--sweep', 'axial=2..1,minutes=5'],
        /--sweep: axial must run from the lower to the higher value.*"2\.\.1"/,
      ],
      [
        ['search', 'log', file, '--sweep', 'axial=0..5,minutes=5'],
        /--sweep: axial must lie along zvezda-prk.*"0\.\.5"/,
      ],
      [
        ['search', 'log', file, '--sweep', 'axial=0..1,angle=0..900,minutes=5'],
        /--sweep: angle must be degrees within one turn.*"0\.\.900"/,
      ],
      [['search', 'log', file, '--gathered', 'at=1,angle=1000'], /--gathered: angle must be degrees.*"1000"/],
    ] as const;
    const logged = JSON.parse(readFileSync(file, 'utf8')).observations.length;
    for (const [args, message] of bad) {
      const result = await runCli([...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toMatch(message);
    }
    // nothing refused was logged
    expect(JSON.parse(readFileSync(file, 'utf8')).observations).toHaveLength(logged);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), leakKgPerDay: -1 }));
    const result = await runCli(['search', 'next', broken]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/broken\.json.*leakKgPerDay.*-1/);
  });
});
