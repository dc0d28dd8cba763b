import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { Rng } from '../core/index.js';
import { channelTable } from './channel-table.js';

/** The same text in a new string, as a parser hands it over (not the station's own string). */
const copy = (text: string): string => text.split('').join('');

describe('channelTable', () => {
  it('finds every channel of a station in any order, and nothing else', () => {
    for (const station of [loadStation('iss'), loadStation('haven')]) {
      const names = station.sensors.map((s) => s.id);
      const table = channelTable(station);
      const rng = new Rng(49);
      for (let i = 0; i < 5000; i++) {
        const k = Math.floor(rng.uniform() * names.length);
        expect(table.indexOf(copy(names[k] as string))).toBe(k);
      }
      // cache slots are chosen from the ends of a name: near misses must not pass for the channel
      for (const name of names) {
        expect(table.indexOf(`${name}X`)).toBe(-1);
        expect(table.indexOf(`X${name.slice(1)}`)).toBe(names.indexOf(`X${name.slice(1)}`));
        expect(table.indexOf(name.slice(0, 1) + name.slice(2))).toBe(
          names.indexOf(name.slice(0, 1) + name.slice(2)),
        );
      }
      for (const name of ['', 'P', 'NOPE']) expect(table.indexOf(name)).toBe(-1);
    }
  });
});
