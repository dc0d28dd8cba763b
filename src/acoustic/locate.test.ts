import { describe, expect, it } from 'vitest';
import type { AcousticSensor, GroupSpeedModel } from '../search/index.js';
import { acousticMapOf, locateLeak } from './locate.js';
import { synthesizeLeakRecording } from './synthetic-leak.js';

const panel = { widthM: 1, heightM: 1 };
const sensors: AcousticSensor[] = [
  { channel: 0, xM: 0.1, yM: 0.1 },
  { channel: 1, xM: 0.9, yM: 0.1 },
  { channel: 2, xM: 0.9, yM: 0.9 },
  { channel: 3, xM: 0.1, yM: 0.9 },
];
const model: GroupSpeedModel = { kind: 'flexural', groupSpeedMPerS: 2500, referenceHz: 200e3 };

describe('acoustic localization on a flat panel', () => {
  const cases = [
    { leak: { xM: 0.31, yM: 0.72 }, seed: 1, snrDb: 10 },
    { leak: { xM: 0.85, yM: 0.2 }, seed: 2, snrDb: 0 },
    { leak: { xM: 0.52, yM: 0.48 }, seed: 3, snrDb: 10 },
  ];
  for (const { leak, seed, snrDb } of cases)
    it(`finds a leak at (${leak.xM}, ${leak.yM}) within 1 cm at ${snrDb} dB from 0.13 s with edge reflections`, () => {
      const rec = synthesizeLeakRecording({ panel, sensors, leak, model, seed, snrDb, samples: 1 << 17 });
      const fix = locateLeak(rec, sensors, { model, panel });
      const error = Math.hypot(fix.xM - leak.xM, fix.yM - leak.yM);
      expect(error, JSON.stringify({ fix: [fix.xM, fix.yM], leak })).toBeLessThan(0.01);
      expect(fix.pairs).toHaveLength(6);
      for (const p of fix.pairs) {
        expect(p.tdoaS).toBeCloseTo(p.pathDifferenceM / 2500, 12);
        expect(p.peak).toBeGreaterThan(0.2);
        expect(p.peak).toBeLessThanOrEqual(1.0001);
      }
      // the SNR estimate follows the simulated in-band SNR (coherence-based, within a few dB)
      expect(Math.abs(fix.snrDb - snrDb)).toBeLessThan(4);
      expect(fix.ellipse90.semiMajorM).toBeGreaterThan(0);
      expect(fix.groupSpeedStatement).toContain('√(f / 200 kHz)');
    });

  it('hands the search a map that peaks at the fix, on the panel, row-major', () => {
    const leak = { xM: 0.6, yM: 0.35 };
    const rec = synthesizeLeakRecording({
      panel,
      sensors,
      leak,
      model,
      seed: 5,
      snrDb: 10,
      samples: 1 << 16,
    });
    const fix = locateLeak(rec, sensors, { model, panel });
    const map = acousticMapOf(fix, 0.01);
    expect(map.nu).toBe(100);
    expect(map.nv).toBe(100);
    expect(map.logLikelihood).toHaveLength(100 * 100);
    let best = 0;
    map.logLikelihood.forEach((v, i) => {
      if (v > map.logLikelihood[best]!) best = i;
    });
    const u = map.u0M + (best % map.nu) * map.duM;
    const v = map.v0M + Math.floor(best / map.nu) * map.dvM;
    expect(Math.abs(u - fix.xM)).toBeLessThanOrEqual(0.005 + 1e-9);
    expect(Math.abs(v - fix.yM)).toBeLessThanOrEqual(0.005 + 1e-9);
    expect(map.logLikelihood.every(Number.isFinite)).toBe(true);
  });

  it('a loud channel that no sensor names is ignored', () => {
    const leak = { xM: 0.4, yM: 0.4 };
    const rec = synthesizeLeakRecording({
      panel,
      sensors,
      leak,
      model,
      seed: 8,
      snrDb: 10,
      samples: 1 << 16,
    });
    const extra = Float64Array.from({ length: 1 << 16 }, (_, i) => Math.sin(i));
    const fix = locateLeak({ ...rec, channels: [...rec.channels, extra] }, sensors, { model, panel });
    expect(Math.hypot(fix.xM - leak.xM, fix.yM - leak.yM)).toBeLessThan(0.01);
  });
});

describe('acoustic localization on a cylindrical wall, unrolled', () => {
  it('finds a leak just across the seam y = 0 ≡ circumference within 1 cm', () => {
    const tube = { widthM: 1, heightM: 1.2, wrapsAround: true };
    const around: AcousticSensor[] = [
      { channel: 0, xM: 0.2, yM: 0.1 },
      { channel: 1, xM: 0.8, yM: 0.3 },
      { channel: 2, xM: 0.3, yM: 0.6 },
      { channel: 3, xM: 0.7, yM: 0.9 },
    ];
    const leak = { xM: 0.45, yM: 1.17 };
    const rec = synthesizeLeakRecording({
      panel: tube,
      sensors: around,
      leak,
      model,
      seed: 4,
      snrDb: 10,
      samples: 1 << 17,
    });
    const fix = locateLeak(rec, around, { model, panel: tube });
    const dy = Math.abs(fix.yM - leak.yM);
    expect(
      Math.hypot(fix.xM - leak.xM, Math.min(dy, 1.2 - dy)),
      JSON.stringify([fix.xM, fix.yM]),
    ).toBeLessThan(0.01);
    expect(fix.yM).toBeGreaterThanOrEqual(0);
    expect(fix.yM).toBeLessThan(1.2);
    // the same recording read as a flat panel (no way round) cannot explain the arrivals as well
    const flat = locateLeak(rec, around, { model, panel: { widthM: 1, heightM: 1.2 } });
    expect(Math.hypot(flat.xM - leak.xM, flat.yM - leak.yM)).toBeGreaterThan(0.02);
  });
});
