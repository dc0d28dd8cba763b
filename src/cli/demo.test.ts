import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';

describe('airtight demo', () => {
  it('fast-forwards, then prints one line per simulated interval with each group pressure and the true leaks', async () => {
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
    expect(lines.slice(2)).toHaveLength(3);
    expect(lines[2]).toMatch(/^2026-03-01T12:40Z \| mmHg: kibo-pm\+\d+ 7\d\d\.\d/);
    expect(lines[2]).toContain('true leaks: mmod in columbus');
    expect(lines[4]).toMatch(/columbus \d+\.\d/); // isolated at 12:45, now its own group
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
