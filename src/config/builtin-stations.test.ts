import { describe, expect, it } from 'vitest';
import { builtinNames } from './builtins.js';
import { loadStation } from './station-loader.js';

describe('built-in stations', () => {
  it('includes the three of CONTRACT.md', () => {
    expect(builtinNames('station')).toEqual(expect.arrayContaining(['iss', 'haven', 'chamber']));
  });

  for (const name of builtinNames('station')) {
    it(`${name} loads, and every module is reachable through hatches`, () => {
      const station = loadStation(name);
      expect(station.modules.length).toBeGreaterThan(0);
      const adjacency = new Map<string, string[]>(station.modules.map((m) => [m.id, []]));
      for (const h of station.hatches) {
        adjacency.get(h.between[0])?.push(h.between[1]);
        adjacency.get(h.between[1])?.push(h.between[0]);
      }
      const seen = new Set<string>([station.modules[0]?.id ?? '']);
      const queue = [...seen];
      while (queue.length > 0) {
        for (const next of adjacency.get(queue.pop() ?? '') ?? []) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      expect([...adjacency.keys()].filter((id) => !seen.has(id))).toEqual([]);
    });
  }
});
