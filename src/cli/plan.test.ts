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
  it('rejects impossible values naming the option and value: no crew, a leak emptying the station in an hour, certainty', async () => {
    const crew = await runCli(['plan', '--station', 'iss', '--crew', '0']);
    expect(crew.code).toBe(2);
    expect(crew.out).toBe('');
    expect(crew.err).toMatch(/^airtight: --crew: a hatch-closure test needs crew aboard.*\(got "0"\)\n$/);
    const huge = await runCli(['plan', '--station', 'iss', '--leak-kg-day', '1e9']);
    expect(huge.code).toBe(2);
    expect(huge.err).toMatch(/^airtight: --leak-kg-day: .* in under an hour.*\(got "1000000000"\)\n$/);
    // a 10 mm puncture's 1,100 kg/day is still a leak to plan for
    expect((await runCli(['plan', '--station', 'iss', '--leak-kg-day', '1100', '--json'])).code).toBe(0);
    // --confidence: the range verify-repair takes, [0.5, 0.999]
    for (const c of ['1', '0.1']) {
      const r = await runCli(['plan', '--station', 'iss', '--confidence', c]);
      expect(r.code, c).toBe(2);
      expect(r.err).toContain(`--confidence must be a number in [0.5, 0.999] (got "${c}")`);
    }
  });

  it("reads the crew's group by elimination when its own fall is within its noise, and states the test's error honestly", async () => {
    const result = await runCli(['plan', '--station', 'iss', '--leak-kg-day', '0.54:0.1']);
    expect(result.code, result.err).toBe(0);
    const crewed = result.out.split('\n').find((l) => l.includes('(crew here)')) ?? '';
    // its se is 1.7 kg/day against a 0.188 kg/day threshold: a 0.016 mmHg fall under a 0.15 mmHg wander
    expect(crewed).not.toContain('if it lost more than');
    expect(crewed).toMatch(
      /leak here \(p = 0\.86\d\) if no other group lost more than its threshold — read by elimination: its own fall cannot tell \(threshold 0\.016 mmHg, its noise ±0\.15 mmHg, 1 sd\)/,
    );
    // the closed-off groups are read against their thresholds; each may err, their errors add
    expect(result.out).toMatch(
      /Zvezda aft transfer chamber \(PrK\): leak here \(p = 0\.031\) if it lost more than 0\.188 kg\/day/,
    );
    expect(result.out).toContain(
      'Each group is read wrong with probability ≤ 4.60e-5, the outcome ≤ 0.00023 (5 readings)',
    );
  });

  it("hunt stops before a test would run past the scenario's end, and reports P(no leak)", async () => {
    // quiet-day ends at 2018-10-13T00:00; tests used to run 52.5 h past 06:00
    const json = await runCli([
      'hunt',
      'quiet-day',
      '--from',
      '2018-10-12T06:00:00Z',
      '--hours',
      '2',
      '--json',
    ]);
    expect(json.code, json.err).toBe(0);
    const hunt = JSON.parse(json.out) as {
      steps: { at: string; test: { durationH: number } }[];
      pNoLeak: number;
      stopped: string;
    };
    const end = Date.parse('2018-10-13T00:00:00Z');
    expect(hunt.steps.length).toBeGreaterThan(0);
    for (const step of hunt.steps)
      expect(Date.parse(`${step.at}Z`) + step.test.durationH * 3.6e6).toBeLessThanOrEqual(end);
    expect(hunt.pNoLeak).toBeGreaterThan(0);
    expect(hunt.pNoLeak).toBeLessThan(1);
    expect(hunt.stopped).toMatch(/would run past the scenario's end/);
    const text = await runCli(['hunt', 'quiet-day', '--from', '2018-10-12T06:00:00Z', '--hours', '2']);
    expect(text.out).toMatch(/; no leak 0\.\d+\.\n/);
    expect(text.out).toMatch(
      /Not localized \(the next test \([\d.]+ h\) would run past the scenario's end\)/,
    );
  }, 120_000);

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
