import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';

describe('airtight demo', () => {
  it('fast-forwards, then prints per simulated interval each group pressure, the live estimate beside the truth, and every alarm as it comes', async () => {
    const result = await runCli([
      'demo',
      '--scenario',
      'mmod-10mm',
      '--from',
      '2026-03-01T12:30:00Z',
      '--every',
      '10',
      '--speed',
      '1e9',
      '--lines',
      '3',
    ]);
    expect(result.code, result.err).toBe(0);
    const lines = result.out.trimEnd().split('\n');
    expect(lines[1]).toContain('fast-forwarding to 2026-03-01T12:30:00.000Z');
    const status = lines.filter((l) => l.startsWith('2026-'));
    expect(status).toHaveLength(3);
    expect(status[0]).toMatch(/^2026-03-01T12:40Z \| mmHg: kibo-pm\+\d+ 7\d\d\.\d/);
    expect(status[0]).toMatch(/Airtight kg\/day \(90 %\): kibo-pm\+\d+ -?\d+\.\d\d \(/);
    // the truth beside it over the same window as the estimate of the group holding the leak
    expect(status[0]).toMatch(
      /truth, mean over the estimate's window: mmod in columbus \d+\.\d\d kg\/day \(kibo-pm\+\d+'s 0\.\d h; \d+\.\d\d at its end\)/,
    );
    // no estimate holds columbus once it is closed off: the hole's flow over the last interval
    // (~1,100 kg/day at 10 mm, C_d 0.7)
    expect(status[1]).toMatch(
      /truth, mean over the estimate's window: mmod in columbus 1\d{3}\.\d\d kg\/day \(last 10 min; \d+\.\d\d at its end\)/,
    );
    expect(status[2]).toMatch(/columbus \d+\.\d/); // isolated at 12:45, now its own group
    // the puncture at 12:30 is alarmed within the first interval, before its status line
    const alarm = lines.findIndex((l) => l.includes('ALARM') && l.includes('rapid-depress'));
    expect(alarm).toBeGreaterThan(1);
    expect(lines[alarm]).toMatch(/ALARM 12:3\d:\d\dZ CRITICAL rapid-depress: .* min to 490 mmHg/);
    expect(alarm).toBeLessThan(lines.indexOf(status[0]!));
  });

  it('compares the estimate with the true rate over the same window, not over the last interval', async () => {
    const result = await runCli([
      'demo',
      '--scenario',
      'mmod-10mm',
      '--from',
      '2026-03-01T13:00:00Z',
      '--speed',
      '1e9',
      '--lines',
      '1',
    ]);
    expect(result.code, result.err).toBe(0);
    const status = result.out.split('\n').find((l) => l.startsWith('2026-03-01T14:00Z')) ?? '';
    // columbus, closed off and falling: a 0.3 h estimate and the truth over those 0.3 h (the mean over
    // 13:00–14:00 was 747 kg/day beside an estimate of 597 ending at 13:55)
    const estimate = Number(/columbus (\d+\.\d\d) \(/.exec(status)?.[1]);
    const truth =
      /mmod in columbus (\d+\.\d\d) kg\/day \(columbus's (\d\.\d) h; (\d+\.\d\d) at its end\)/.exec(status);
    expect(truth, status).not.toBeNull();
    expect(Number(truth?.[1]) / estimate).toBeGreaterThan(0.85);
    expect(Number(truth?.[1]) / estimate).toBeLessThan(1.15);
    // a deep decay is estimated as its rate at the window's end: the truth there, within 1 %
    // (the window's mean is 8 % above it: the fall slows over the 0.3 h)
    expect(Math.abs(Number(truth?.[3]) / estimate - 1)).toBeLessThan(0.01);
  });

  it('refuses a --from outside the scenario', async () => {
    const result = await runCli([
      'demo',
      '--scenario',
      'mmod-10mm',
      '--from',
      '2027-01-01T00:00:00Z',
      '--lines',
      '1',
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--from');
  });
});
