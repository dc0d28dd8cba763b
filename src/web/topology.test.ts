// The dashboard's P(losing) per group, without a browser: from the 90 % band as a normal, and not
// known for a band wholly below zero (gas gained with none added: the band understates a disturbance).
import { describe, expect, it } from 'vitest';
import { gaining, lossProbability } from './topology.js';

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
