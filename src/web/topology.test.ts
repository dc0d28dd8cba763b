// The dashboard's P(losing) per group, without a browser: from the 90 % band as a normal, and not
// known for a band wholly below zero (gas gained with none added: the band understates a disturbance);
// and the station graph's layout: labels in full where the panel's width allows, no empty band.
import { describe, expect, it } from 'vitest';
import type { LeakState } from './api.js';
import { gaining, labelLines, lossProbability, topologyLayout } from './topology.js';

describe('lossProbability', () => {
  it('is Φ(rate / se) with se from the 90 % band', () => {
    // band ±1.645 se around the rate: rate = se gives Φ(1), rate = 0 gives ½
    expect(lossProbability([0, 3.29], 1.645)).toBeCloseTo(0.95, 4);
    expect(lossProbability([-1, 1], 0)).toBeCloseTo(0.5, 6);
    expect(lossProbability([-1.5, 0.5], -0.5)).toBeCloseTo(0.2054, 4); // Φ(−0.5 / (2 / 3.29)), scipy
    expect(lossProbability(null, 1)).toBeNull();
  });

  it('is not known for a band wholly below zero, which reads as gaining gas', () => {
    expect(gaining([-3.17, -1.51])).toBe(true);
    expect(lossProbability([-3.17, -1.51], -2.34)).toBeNull();
    expect(gaining([-0.4, 1.2])).toBe(false);
    expect(gaining(null)).toBe(false);
  });
});

describe('topology layout', () => {
  // a station like the ISS's core: long ids, up to six modules a layer
  const ids = [
    ['zarya'],
    ['zvezda-pkho', 'node1', 'rassvet', 'pma1'],
    ['zvezda-ro', 'quest-equipment-lock', 'us-lab', 'node3', 'progress-poisk', 'soyuz-om'],
    ['zvezda-prk', 'quest-crewlock', 'node2', 'cupola'],
    ['progress-aft', 'kibo-pm', 'columbus'],
  ];
  const modules = ids.flat().map((id, i) => ({ id, name: id, volumeM3: 100 - i, present: true }));
  const hatches: LeakState['hatches'] = [];
  for (let d = 1; d < ids.length; d++)
    for (const id of ids[d] as string[])
      hatches.push({ id: `h-${id}`, between: [(ids[d - 1] as string[])[0] as string, id], open: true });
  const state = { modules, hatches } as LeakState;

  it('splits a long id after its hyphens, cutting only what cannot fit', () => {
    expect(labelLines('quest-equipment-lock', 30)).toEqual(['quest-equipment-lock']);
    expect(labelLines('quest-equipment-lock', 14)).toEqual(['quest-', 'equipment-lock']);
    expect(labelLines('quest-equipment-lock', 10)).toEqual(['quest-', 'equipment-', 'lock']);
    expect(labelLines('quest-equipment-lock', 5)).toEqual(['ques…', 'equi…', 'lock']);
  });

  it('labels every module in full at the width of the panel, without an empty band', () => {
    for (const width of [554, 760]) {
      const { boxes, height } = topologyLayout(state, width);
      expect(boxes.size, `width ${width}`).toBe(modules.length);
      const all = [...boxes.values()];
      expect(all.flatMap((b) => b.lines).join(' '), `width ${width}`).not.toContain('…');
      expect(all.map((b) => b.lines.join('')).sort()).toEqual(ids.flat().sort());
      // inside the drawing, which is no wider than the panel, and ends where the boxes do
      for (const b of all) expect(b.x >= 0 && b.x + b.w <= width, `width ${width}`).toBe(true);
      expect(Math.min(...all.map((b) => b.y))).toBeLessThan(10);
      expect(height - Math.max(...all.map((b) => b.y + b.h))).toBeLessThan(10);
    }
  });
});
