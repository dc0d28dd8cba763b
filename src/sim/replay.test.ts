import { describe, expect, it } from 'vitest';
import { scenarioFromYaml } from '../../test/scenario.js';
import { runSimulation } from './index.js';

const yaml = (seed: number) => `
station: haven
start: 2026-01-01T00:00:00Z
duration_h: 6
seed: ${seed}
crew: { count: 4 }
thermal: { orbital_amplitude_K: 0.3, daily_amplitude_K: 1, drift_K: 0.2, module_spread: 0.5 }
events:
  - { at_h: 1, leak: { id: L, module: lab, law: orifice, cd: 0.6, diameter_mm: 0.3 } }
  - { at_h: 2, sensor: P_HAB, fault: { kind: noise, sd: 0.5 } }
`;

describe('determinism', () => {
  it('a run replays bit for bit from its seed', () => {
    const first = runSimulation(scenarioFromYaml(yaml(3))).samples;
    const second = runSimulation(scenarioFromYaml(yaml(3))).samples;
    expect(first.length).toBeGreaterThan(10_000);
    expect(second.length).toBe(first.length);
    expect(
      Buffer.compare(
        Buffer.from(first.value.buffer, 0, first.length * 8),
        Buffer.from(second.value.buffer, 0, second.length * 8),
      ),
    ).toBe(0);
    expect(
      Buffer.compare(
        Buffer.from(first.time.buffer, 0, first.length * 8),
        Buffer.from(second.time.buffer, 0, second.length * 8),
      ),
    ).toBe(0);
  });

  it('another seed gives other noise', () => {
    const a = runSimulation(scenarioFromYaml(yaml(3))).samples;
    const b = runSimulation(scenarioFromYaml(yaml(4))).samples;
    let differ = 0;
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a.value[i] !== b.value[i]) differ++;
    expect(differ).toBeGreaterThan(1000);
  });
});
