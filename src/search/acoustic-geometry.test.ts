import { describe, expect, it } from 'vitest';
import {
  imageSources,
  pathDifference,
  pathDifferenceGradient,
  sensorDistance,
  sensorPairs,
  wrapOf,
  wrappedOffset,
} from './acoustic-geometry.js';

const panel = { widthM: 1, heightM: 0.8 };

describe('panel geometry', () => {
  it('pairs every two sensors once', () => {
    expect(sensorPairs(4)).toHaveLength(6);
    expect(sensorPairs(4)[5]).toEqual({ i: 2, j: 3 });
    expect(sensorPairs(1)).toEqual([]);
  });

  it('first-order images are the source mirrored in each of the four edges', () => {
    const images = imageSources(panel, 0.3, 0.2, 1);
    expect(images).toHaveLength(5);
    const at = images.map((m) => [Number(m.xM.toFixed(9)), Number(m.yM.toFixed(9)), m.reflections]);
    expect(at).toEqual(
      expect.arrayContaining([
        [0.3, 0.2, 0],
        [-0.3, 0.2, 1],
        [1.7, 0.2, 1],
        [0.3, -0.2, 1],
        [0.3, 1.4, 1],
      ]),
    );
    expect(imageSources(panel, 0.3, 0.2, 2)).toHaveLength(13);
  });

  it('the distance to an image is the shortest path that bounces once off its edge (Fermat)', () => {
    const src = { x: 0.3, y: 0.2 };
    const rcv = { x: 0.7, y: 0.55 };
    // bounce off the edge x = 1: minimise over the point (1, t) on it
    let shortest = Infinity;
    for (let t = 0; t <= 0.8; t += 1e-5)
      shortest = Math.min(shortest, Math.hypot(1 - src.x, t - src.y) + Math.hypot(1 - rcv.x, t - rcv.y));
    const image = imageSources(panel, src.x, src.y, 1).find((m) => m.xM > 1);
    expect(image).toBeDefined();
    expect(Math.hypot(image!.xM - rcv.x, image!.yM - rcv.y)).toBeCloseTo(shortest, 7);
  });

  it('the path-difference gradient matches finite differences', () => {
    const a = { channel: 0, xM: 0, yM: 0 };
    const b = { channel: 1, xM: 1, yM: 0.8 };
    const [gx, gy] = pathDifferenceGradient(a, b, 0.31, 0.62);
    const h = 1e-6;
    expect(gx).toBeCloseTo(
      (pathDifference(a, b, 0.31 + h, 0.62) - pathDifference(a, b, 0.31 - h, 0.62)) / (2 * h),
      6,
    );
    expect(gy).toBeCloseTo(
      (pathDifference(a, b, 0.31, 0.62 + h) - pathDifference(a, b, 0.31, 0.62 - h)) / (2 * h),
      6,
    );
    expect(pathDifference(a, b, 0.5, 0.4)).toBeCloseTo(0, 12);
  });
});

describe('a cylindrical wall unrolled (y wraps around)', () => {
  const tube = { widthM: 1, heightM: 1.2, wrapsAround: true };
  const wrapM = wrapOf(tube);

  it('measures distances the shorter way round', () => {
    expect(wrapOf(panel)).toBe(0);
    const s = { channel: 0, xM: 0.5, yM: 0.1 };
    expect(sensorDistance(s, 0.5, 1.1, wrapM)).toBeCloseTo(0.2, 12);
    expect(sensorDistance(s, 0.5, 1.1)).toBeCloseTo(1.0, 12);
    expect(wrappedOffset(0.7, 1.2)).toBeCloseTo(-0.5, 12);
    // circumference 1.2 m of radius R: the arc between angles θ1, θ2 is R·|θ1 − θ2| the short way
    const r = 1.2 / (2 * Math.PI);
    expect(sensorDistance(s, 0.5, 0.1 + r * 4, wrapM)).toBeCloseTo(r * (2 * Math.PI - 4), 12);
    expect(sensorDistance(s, 0.5, 0.1 + r * 2.5, wrapM)).toBeCloseTo(r * 2.5, 12);
  });

  it('the gradient across the seam matches finite differences', () => {
    const a = { channel: 0, xM: 0.2, yM: 0.1 };
    const b = { channel: 1, xM: 0.7, yM: 0.6 };
    const [gx, gy] = pathDifferenceGradient(a, b, 0.4, 1.15, wrapM);
    const h = 1e-6;
    const f = (x: number, y: number) => pathDifference(a, b, x, y, wrapM);
    expect(gx).toBeCloseTo((f(0.4 + h, 1.15) - f(0.4 - h, 1.15)) / (2 * h), 6);
    expect(gy).toBeCloseTo((f(0.4, 1.15 + h) - f(0.4, 1.15 - h)) / (2 * h), 6);
  });

  it('repeats the source one circumference either side instead of mirroring it in y', () => {
    const images = imageSources(tube, 0.3, 0.2, 1);
    expect(images).toHaveLength(9);
    expect(images.filter((m) => m.reflections === 0).map((m) => Number(m.yM.toFixed(9)))).toEqual([
      -1, 0.2, 1.4,
    ]);
  });
});
