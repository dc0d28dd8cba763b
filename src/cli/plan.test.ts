import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { writeCrewTelemetry } from '../../test/crew-telemetry.js';

interface PlanJson {
  posterior: Record<string, number>;
  none: number;
  several: number;
  next: {
    close: string[];
    crewIn: string[];
    durationH: number;
    decisionRule: {
      rule: string;
      groups: { modules: string[]; probability: number; thresholdKgPerDay: number }[];
    };
  } | null;
  expectedRemainingTests: number;
}

describe('airtight plan', () => {
  it('prints the posterior (summing to 1 with none and several) and the next test with its decision rule', async () => {
    const result = await runCli(['plan', '--station', 'haven', '--leak-kg-day', '1:0.2', '--json']);
    expect(result.code, result.err).toBe(0);
    const plan = JSON.parse(result.out) as PlanJson;
    const sum = Object.values(plan.posterior).reduce((s, p) => s + p, 0) + plan.none + plan.several;
    expect(sum).toBeCloseTo(1, 4);
    expect(Object.keys(plan.posterior).sort()).toEqual(['capsule', 'hab', 'lab']);
    expect(plan.next).not.toBeNull();
    const next = plan.next as NonNullable<PlanJson['next']>;
    expect(next.close.length).toBeGreaterThan(0);
    expect(next.crewIn).toContain('hab');
    expect(next.durationH).toBeGreaterThanOrEqual(3);
    expect(next.durationH).toBeLessThanOrEqual(72);
    // the groups of the test cover every module once, their probabilities the single-leak total
    const covered = next.decisionRule.groups.flatMap((g) => g.modules).sort();
    expect(covered).toEqual(['capsule', 'hab', 'lab']);
    expect(next.decisionRule.groups.reduce((s, g) => s + g.probability, 0)).toBeCloseTo(1, 3);
    for (const g of next.decisionRule.groups) expect(g.thresholdKgPerDay).toBeGreaterThan(0);
    expect(plan.expectedRemainingTests).toBeGreaterThanOrEqual(1);
  });

  it('reads as a procedure in text', async () => {
    const result = await runCli(['plan', '--station', 'haven', '--leak-kg-day', '1']);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('Next test');
    expect(result.out).toMatch(/Close, in this order: hab-/);
    expect(result.out).toContain('check the pressure difference');
  });

  it('rejects a malformed leak rate with exit 2 naming the option and value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airtight-plan-'));
    const result = await runCli(['plan', '--station', 'haven', '--leak-kg-day', 'fast'], dir);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--leak-kg-day');
    expect(result.err).toContain('"fast"');
  });
  it("plans for the crew the telemetry's crew_count reads, unless --crew says", async () => {
    const { station, telemetry } = writeCrewTelemetry(mkdtempSync(join(tmpdir(), 'airtight-plan-crew-')));
    const args = ['plan', '--station', station, '--telemetry', telemetry, '--leak-kg-day', '1', '--json'];
    const read = await runCli(args);
    expect(read.code, read.err).toBe(0);
    expect(JSON.parse(read.out).sizedFor.crew).toBe(3);
    const given = await runCli([...args, '--crew', '1']);
    expect(JSON.parse(given.out).sizedFor.crew).toBe(1);
    const none = await runCli(['plan', '--station', station, '--leak-kg-day', '1', '--json']);
    expect(JSON.parse(none.out).sizedFor.crew).toBe(2);
  });
  it('leaves out a vehicle the telemetry shows undocked, as the server does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airtight-plan-undock-'));
    writeFileSync(
      join(dir, 'undock.yaml'),
      `name: haven-undock
station: haven
start: 2027-03-01T00:00:00Z
duration_h: 8
step_s: 5
seed: 4
crew: { count: 2 }
events:
  - { at_h: 2, hatch: hab-capsule, state: closed }
  - { at_h: 2.5, undock: capsule }
  - { at_h: 3, leak: { id: L, module: lab, law: orifice, cd: 0.6, diameter_mm: 1 } }
`,
    );
    const run = join(dir, 'run');
    const simulated = await runCli([
      'simulate',
      '--scenario',
      join(dir, 'undock.yaml'),
      '--out',
      run,
      '--quiet',
    ]);
    expect(simulated.code, simulated.err).toBe(0);
    const planned = await runCli(['plan', '--station', 'haven', '--telemetry', run, '--json']);
    expect(planned.code, planned.err).toBe(0);
    const plan = JSON.parse(planned.out) as PlanJson;
    // the capsule left at 2.5 h: the leak is in the habitat or the laboratory, or none, or several
    expect(Object.keys(plan.posterior).sort()).toEqual(['hab', 'lab']);
    const sum = Object.values(plan.posterior).reduce((s, p) => s + p, 0) + plan.none + plan.several;
    expect(sum).toBeCloseTo(1, 4);
  }, 60_000);
});
