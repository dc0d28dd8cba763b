/**
 * Min/max thinning for display (the M4 idea without first/last): the range is cut into
 * ⌊size/2⌋ equal buckets and each keeps its lowest and highest point, in time order, so spikes
 * and dips survive at any zoom while at most `size` points are sent.
 */

export interface Buckets {
  startS: number;
  widthS: number;
  count: number;
}

export function bucketsFor(startS: number, endS: number, size: number): Buckets {
  const count = Math.max(1, Math.floor(size / 2));
  return { startS, widthS: (endS - startS) / count, count };
}

/**
 * Thins points given as (tLow, vLow, tHigh, vHigh) tuples: a raw sample is a tuple with both
 * ends the same; a rollup row carries its minimum and maximum. Points must be in time order.
 */
export function thinMinMax(
  buckets: Buckets,
  points: Iterable<readonly [number, number, number, number]>,
): { time: number[]; value: number[] } {
  const { startS, widthS, count } = buckets;
  const lowT = new Float64Array(count).fill(Number.NaN);
  const lowV = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
  const highT = new Float64Array(count).fill(Number.NaN);
  const highV = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
  for (const [tl, vl, th, vh] of points) {
    const b = Math.min(count - 1, Math.max(0, Math.floor((tl - startS) / widthS)));
    if (vl < (lowV[b] as number)) {
      lowV[b] = vl;
      lowT[b] = tl;
    }
    if (vh > (highV[b] as number)) {
      highV[b] = vh;
      highT[b] = th;
    }
  }
  const time: number[] = [];
  const value: number[] = [];
  for (let b = 0; b < count; b++) {
    if (Number.isNaN(lowT[b] as number)) continue;
    const first = (lowT[b] as number) <= (highT[b] as number);
    const pts: [number, number][] = [
      [lowT[b] as number, lowV[b] as number],
      [highT[b] as number, highV[b] as number],
    ];
    if (!first) pts.reverse();
    time.push(pts[0]?.[0] as number);
    value.push(pts[0]?.[1] as number);
    if (pts[1]?.[0] !== pts[0]?.[0] || pts[1]?.[1] !== pts[0]?.[1]) {
      time.push(pts[1]?.[0] as number);
      value.push(pts[1]?.[1] as number);
    }
  }
  return { time, value };
}
