import { describe, expect, it } from 'vitest';
import { builtinNames } from './builtins.js';
import { loadScenario } from './scenario-loader.js';

describe('built-in scenarios', () => {
  it('are the four the foundation promises', () => {
    expect(builtinNames('scenario')).toEqual(
      expect.arrayContaining(['quiet-day', 'prk-2020', 'soyuz-2018', 'mmod-10mm']),
    );
  });

  for (const name of builtinNames('scenario')) {
    it(`${name} loads against its station, with a description and events in time order`, () => {
      const s = loadScenario(name);
      expect(s.description?.length).toBeGreaterThan(20);
      expect(s.station.id).toBe('iss');
      for (let i = 1; i < s.events.length; i++)
        expect(s.events[i]!.atS).toBeGreaterThanOrEqual(s.events[i - 1]!.atS);
    });
  }

  it('prk-2020 tells the story: 0.27 kg/day in Sept 2019, 0.54 by Aug 2020, 1.4 by late Sept, weekends and the night', () => {
    const s = loadScenario('prk-2020');
    const leak = s.events.find((e) => e.kind === 'leak-start');
    expect(leak?.kind === 'leak-start' && leak.leak.module).toBe('zvezda-prk');
    const hatches = s.events
      .filter((e) => e.kind === 'hatch')
      .map((e) => (e.kind === 'hatch' ? `${e.hatch}:${e.open}` : ''));
    expect(hatches).toContain('node1-pma1:false');
    expect(hatches).toContain('zarya-zvezda-pkho:false');
    expect(hatches).toContain('zvezda-ro-zvezda-prk:false');
    expect(new Date(s.startMs).toISOString()).toBe('2019-09-01T00:00:00.000Z');
  });
});
