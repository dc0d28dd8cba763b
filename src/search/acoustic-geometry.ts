// Geometry of acoustic localization on a wall panel: flat, or a cylinder unrolled (x along the
// axis, y = radius·angle around it, closing on itself): sensor positions, path differences between
// sensor pairs and their gradients, and mirror-image sources at the edges.

/** A sensor glued to the panel: its WAV channel and its position in panel coordinates (m). */
export interface AcousticSensor {
  channel: number;
  xM: number;
  yM: number;
}

/**
 * A rectangular panel [0, widthM] × [0, heightM] in panel coordinates. `wrapsAround`: the y axis
 * closes on itself after heightM (a cylindrical wall unrolled, heightM its circumference), so waves
 * travel both ways round and there are no edges in y.
 */
export interface AcousticPanel {
  widthM: number;
  heightM: number;
  wrapsAround?: boolean;
}

/** The period of the panel's y axis: its height when it wraps around, else 0 (flat). */
export function wrapOf(panel: AcousticPanel): number {
  return panel.wrapsAround ? panel.heightM : 0;
}

/** y-offset along the shorter way round a wall of period `wrapM` (0: flat, the offset as is). */
export function wrappedOffset(dyM: number, wrapM: number): number {
  return wrapM > 0 ? dyM - wrapM * Math.round(dyM / wrapM) : dyM;
}

/** A pair of sensors, by index into the sensor list (not by WAV channel). */
export interface SensorPair {
  i: number;
  j: number;
}

/** Every unordered pair (i < j) of `count` sensors. */
export function sensorPairs(count: number): SensorPair[] {
  const pairs: SensorPair[] = [];
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) pairs.push({ i, j });
  return pairs;
}

/** Distance (m) along the wall from (x, y) to a sensor: the shorter way round when y wraps with period `wrapM`. */
export function sensorDistance(sensor: AcousticSensor, xM: number, yM: number, wrapM = 0): number {
  return Math.hypot(xM - sensor.xM, wrappedOffset(yM - sensor.yM, wrapM));
}

/** Path difference d_i − d_j (m) of a source at (x, y): positive when sensor i is farther. */
export function pathDifference(
  a: AcousticSensor,
  b: AcousticSensor,
  xM: number,
  yM: number,
  wrapM = 0,
): number {
  return sensorDistance(a, xM, yM, wrapM) - sensorDistance(b, xM, yM, wrapM);
}

/** Gradient of d_i − d_j with respect to the source position, [∂/∂x, ∂/∂y]. */
export function pathDifferenceGradient(
  a: AcousticSensor,
  b: AcousticSensor,
  xM: number,
  yM: number,
  wrapM = 0,
): [number, number] {
  const ay = wrappedOffset(yM - a.yM, wrapM);
  const by = wrappedOffset(yM - b.yM, wrapM);
  const da = Math.max(1e-9, Math.hypot(xM - a.xM, ay));
  const db = Math.max(1e-9, Math.hypot(xM - b.xM, by));
  return [(xM - a.xM) / da - (xM - b.xM) / db, ay / da - by / db];
}

/** A mirror-image source: position and the number of edge reflections it stands for. */
export interface AcousticImageSource {
  xM: number;
  yM: number;
  reflections: number;
}

/**
 * The source and its mirror images in the panel's four edges up to `order` reflections
 * (order 1: 4 images; order 2 adds the 4 corner images and the 4 double reflections).
 * ## Method
 * Image-source method on a rectangle: along x, images sit at 2mW ± x with |2m| or |2m−1|
 * reflections (likewise along y); a path reflected n times is the straight line to its image.
 */
export function imageSources(
  panel: AcousticPanel,
  xM: number,
  yM: number,
  order: number,
): AcousticImageSource[] {
  const axis = (p: number, size: number): { at: number; n: number }[] => {
    const out: { at: number; n: number }[] = [];
    for (let m = -order; m <= order; m++) {
      out.push({ at: 2 * m * size + p, n: Math.abs(2 * m) });
      out.push({ at: 2 * m * size - p, n: Math.abs(2 * m - 1) });
    }
    return out.filter((e) => e.n <= order);
  };
  const images: AcousticImageSource[] = [];
  const ys = panel.wrapsAround
    ? [-1, 0, 1].map((m) => ({ at: yM + m * panel.heightM, n: 0 }))
    : axis(yM, panel.heightM);
  for (const ax of axis(xM, panel.widthM))
    for (const ay of ys)
      if (ax.n + ay.n <= order) images.push({ xM: ax.at, yM: ay.at, reflections: ax.n + ay.n });
  return images;
}
