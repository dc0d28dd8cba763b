/**
 * The in-module search map on a canvas: the module's wall unrolled (axial metres across, arc
 * metres around the wall at each row's own radius up, zenith in the middle, starboard above, port
 * below, nadir on both edges; cones taper as they do), cells coloured by the posterior density
 * P per m² (viridis on √density, legend on the right), panel outlines, wall features (welds and seams dashed,
 * feedthroughs and repairs as circles at their size, known repairs red), logged patches (red
 * crosses) and gathered particles (blue rings), and the next looks outlined and numbered.
 */

/** GET /api/v1/search (see src/server/search-route.ts). */
export interface SearchMap {
  module: { id: string; name: string };
  leakKgPerDay: number;
  rateSource: string;
  targetKgPerDay: number;
  observations: number;
  used: number;
  unstructured: number;
  rejected: { event: number; field: string; problem: string }[];
  lastObservationId: number | null;
  pLeakRemains: number;
  pFoundSoFar: number;
  pFoundAfterPlan: number;
  budgetMinutes: number;
  plannedMinutes: number;
  grid: {
    lengthM: number;
    cellCount: number;
    rows: {
      axialLoM: number[];
      axialHiM: number[];
      radiusM: number[];
      columns: number[];
      cellAreaM2: number[];
    };
  };
  probability: number[];
  panels: {
    id: string;
    name: string;
    kind: string;
    axialM: [number, number];
    angleDeg: [number, number];
    probability: number;
  }[];
  marks: { kind: 'patched' | 'gathered'; axialM: number; angleDeg: number }[];
  features: {
    kind: string;
    axialM: number | [number, number];
    angleDeg?: number | [number, number];
    diameterM?: number;
  }[];
  next: NextLook[];
  steps: number;
}

export interface NextLook {
  step: number;
  action: 'drift' | 'sweep' | 'inspect';
  panel: string | null;
  panelName: string;
  open: boolean;
  axialM: [number, number];
  angleDeg: [number, number];
  minutes: number;
  cumulativeMinutes: number;
  pFound: number;
  podPerMinute: number;
}

/** Where on the canvas the wall is (CSS pixels) and how to map back: for hover and clicks. */
export interface MapFrame {
  left: number;
  top: number;
  width: number;
  height: number;
  maxRadiusM: number;
  lengthM: number;
}

const MARGIN = { left: 54, right: 92, top: 10, bottom: 34 };
const NEXT_SHOWN = 3;

/** Viridis at 9 stops (matplotlib), interpolated. */
const VIRIDIS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i] as number[];
  const b = VIRIDIS[i + 1] as number[];
  const c = (k: number) => Math.round((a[k] as number) + f * ((b[k] as number) - (a[k] as number)));
  return `rgb(${c(0)},${c(1)},${c(2)})`;
}

/** Angle folded into (−180, 180]. */
export const signedDeg = (deg: number): number => {
  const w = ((deg % 360) + 360) % 360;
  return w > 180 ? w - 360 : w;
};

/** An angular range [lo, hi] (counter-clockwise, may wrap) as signed ranges inside [−180, 180]. */
function signedRanges(lo: number, hi: number): [number, number][] {
  const span = hi - lo >= 360 ? 360 : (((hi - lo) % 360) + 360) % 360 || 360;
  const a = signedDeg(lo);
  if (span >= 360) return [[-180, 180]];
  const b = a + span;
  return b <= 180
    ? [[a, b]]
    : [
        [a, 180],
        [-180, b - 360],
      ];
}

export function mapFrame(width: number, height: number, map: SearchMap): MapFrame {
  return {
    left: MARGIN.left,
    top: MARGIN.top,
    width: Math.max(50, width - MARGIN.left - MARGIN.right),
    height: Math.max(50, height - MARGIN.top - MARGIN.bottom),
    maxRadiusM: Math.max(...map.grid.rows.radiusM),
    lengthM: map.grid.lengthM,
  };
}

const xOf = (f: MapFrame, axialM: number): number => f.left + (axialM / f.lengthM) * f.width;
/** y of an angle on the wall at radius r (arc from zenith, starboard up). */
const yOfSigned = (f: MapFrame, signed: number, radiusM: number): number => {
  const half = Math.PI * f.maxRadiusM;
  return f.top + ((half - (signed * Math.PI * radiusM) / 180) / (2 * half)) * f.height;
};

const yOf = (f: MapFrame, deg: number, radiusM: number): number => yOfSigned(f, signedDeg(deg), radiusM);

/** The row and cell under a canvas point (CSS px), or null off the wall. */
export function cellAtPoint(
  f: MapFrame,
  map: SearchMap,
  x: number,
  y: number,
): { row: number; cell: number; axialM: number; angleDeg: number } | null {
  const axialM = ((x - f.left) / f.width) * f.lengthM;
  const { rows } = map.grid;
  let first = 0;
  for (let r = 0; r < rows.columns.length; r++) {
    const n = rows.columns[r] as number;
    if (axialM >= (rows.axialLoM[r] as number) && axialM < (rows.axialHiM[r] as number)) {
      const radius = rows.radiusM[r] as number;
      const half = Math.PI * f.maxRadiusM;
      const arc = half - ((y - f.top) / f.height) * 2 * half;
      const signed = (arc / radius) * (180 / Math.PI);
      if (signed < -180 || signed > 180) return null;
      const deg = (signed + 360) % 360;
      const column = Math.min(n - 1, Math.floor((deg / 360) * n));
      return { row: r, cell: first + column, axialM, angleDeg: deg };
    }
    first += n;
  }
  return null;
}

/** Panel index per cell (a cell's centre in the panel's ranges; first listed panel wins), −1 for none. */
function panelPerCell(map: SearchMap): Int32Array {
  const out = new Int32Array(map.grid.cellCount).fill(-1);
  const { rows } = map.grid;
  const panels = map.panels.filter((p) => p.id !== 'open-wall');
  let c = 0;
  for (let r = 0; r < rows.columns.length; r++) {
    const n = rows.columns[r] as number;
    const z = ((rows.axialLoM[r] as number) + (rows.axialHiM[r] as number)) / 2;
    for (let j = 0; j < n; j++, c++) {
      const deg = ((j + 0.5) * 360) / n;
      out[c] = panels.findIndex(
        (p) =>
          z >= p.axialM[0] &&
          z <= p.axialM[1] &&
          signedRanges(p.angleDeg[0], p.angleDeg[1]).some(([a, b]) => {
            const s = signedDeg(deg);
            return s >= a && s <= b;
          }),
      );
    }
  }
  return out;
}

/** Draws the map; returns the frame and the largest density [1/m²] it coloured to. */
export function drawSearchMap(canvas: HTMLCanvasElement, map: SearchMap, highlight: number | null): MapFrame {
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * dpr)) canvas.width = Math.round(width * dpr);
  if (canvas.height !== Math.round(height * dpr)) canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const f = mapFrame(width, height, map);
  const { rows } = map.grid;
  let maxDensity = 0;
  {
    let c = 0;
    for (let r = 0; r < rows.columns.length; r++)
      for (let j = 0; j < (rows.columns[r] as number); j++, c++)
        maxDensity = Math.max(maxDensity, (map.probability[c] as number) / (rows.cellAreaM2[r] as number));
  }
  // the wall's outline (background for the cells) and the cells
  ctx.fillStyle = '#0d1117';
  ctx.fillRect(f.left, f.top, f.width, f.height);
  let c = 0;
  for (let r = 0; r < rows.columns.length; r++) {
    const n = rows.columns[r] as number;
    const radius = rows.radiusM[r] as number;
    const x0 = Math.floor(xOf(f, rows.axialLoM[r] as number));
    const x1 = Math.ceil(xOf(f, rows.axialHiM[r] as number));
    for (let j = 0; j < n; j++, c++) {
      const lo = (j * 360) / n;
      const hi = ((j + 1) * 360) / n;
      // cells past 180° are drawn below zenith (port side)
      const a = lo >= 180 ? lo - 360 : lo;
      const b = hi > 180 ? hi - 360 : hi;
      const y0 = yOfSigned(f, b, radius);
      const y1 = yOfSigned(f, a, radius);
      ctx.fillStyle = viridis(
        maxDensity > 0
          ? Math.sqrt((map.probability[c] as number) / (rows.cellAreaM2[r] as number) / maxDensity)
          : 0,
      );
      ctx.fillRect(x0, Math.floor(y0), x1 - x0, Math.ceil(y1) - Math.floor(y0));
    }
  }
  drawPanels(ctx, f, map);
  drawFeatures(ctx, f, map);
  drawDirections(ctx, f, map);
  drawMarks(ctx, f, map);
  drawNext(ctx, f, map, highlight);
  drawAxes(ctx, f);
  drawLegend(ctx, f, maxDensity);
  return f;
}

function drawPanels(ctx: CanvasRenderingContext2D, f: MapFrame, map: SearchMap): void {
  const owner = panelPerCell(map);
  const { rows } = map.grid;
  ctx.strokeStyle = 'rgba(230,237,243,0.7)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  let first = 0;
  for (let r = 0; r < rows.columns.length; r++) {
    const n = rows.columns[r] as number;
    const radius = rows.radiusM[r] as number;
    const x0 = xOf(f, rows.axialLoM[r] as number);
    const x1 = xOf(f, rows.axialHiM[r] as number);
    // boundaries around the wall inside the row
    for (let j = 0; j < n; j++) {
      if (owner[first + j] !== owner[first + ((j + 1) % n)]) {
        const y = yOfSigned(f, signedDeg(((j + 1) * 360) / n), radius);
        ctx.moveTo(x0, y);
        ctx.lineTo(x1, y);
      }
    }
    // boundaries between this row and the next (same angle)
    if (r + 1 < rows.columns.length) {
      const m = rows.columns[r + 1] as number;
      for (let j = 0; j < n; j++) {
        const deg = ((j + 0.5) * 360) / n;
        const k = Math.min(m - 1, Math.floor((deg / 360) * m));
        if (owner[first + j] !== owner[first + n + k]) {
          const lo = (j * 360) / n;
          const hi = ((j + 1) * 360) / n;
          const a = lo >= 180 ? lo - 360 : lo;
          const b = hi > 180 ? hi - 360 : hi;
          ctx.moveTo(x1, yOfSigned(f, a, radius));
          ctx.lineTo(x1, yOfSigned(f, b, radius));
        }
      }
    }
    first += n;
  }
  ctx.stroke();
}

function radiusAtAxial(map: SearchMap, axialM: number): number {
  const { rows } = map.grid;
  for (let r = 0; r < rows.columns.length; r++)
    if (axialM <= (rows.axialHiM[r] as number)) return rows.radiusM[r] as number;
  return rows.radiusM.at(-1) as number;
}

function drawFeatures(ctx: CanvasRenderingContext2D, f: MapFrame, map: SearchMap): void {
  ctx.save();
  ctx.lineWidth = 1;
  ctx.strokeStyle = 'rgba(255,255,255,0.7)';
  for (const feature of map.features) {
    const [z1, z2] = typeof feature.axialM === 'number' ? [feature.axialM, feature.axialM] : feature.axialM;
    if (feature.angleDeg === undefined) {
      // a girth weld or ring: a line around the wall at that axial position
      if (z1 !== z2) continue;
      const x = xOf(f, z1);
      const r = radiusAtAxial(map, z1);
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(x, yOfSigned(f, 180, r));
      ctx.lineTo(x, yOfSigned(f, -180, r));
      ctx.stroke();
    } else if (typeof feature.angleDeg === 'number') {
      const deg = feature.angleDeg;
      if (z1 !== z2) {
        // a seam or pipe run along the wall
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        for (let z = z1, k = 0; z <= z2 + 1e-9; z += (z2 - z1) / 16, k++) {
          const p = [xOf(f, z), yOf(f, deg, radiusAtAxial(map, z))] as const;
          if (k === 0) ctx.moveTo(p[0], p[1]);
          else ctx.lineTo(p[0], p[1]);
        }
        ctx.stroke();
      } else {
        const r = radiusAtAxial(map, z1);
        const px = ((feature.diameterM ?? 0) / 2 / f.lengthM) * f.width;
        ctx.setLineDash([]);
        ctx.strokeStyle = feature.kind === 'repair' ? '#ff7b72' : 'rgba(255,255,255,0.85)';
        ctx.beginPath();
        ctx.arc(xOf(f, z1), yOf(f, deg, r), Math.max(3, px), 0, 2 * Math.PI);
        ctx.stroke();
        ctx.strokeStyle = 'rgba(255,255,255,0.7)';
      }
    }
  }
  ctx.restore();
}

/** Logged patches (a cross) and spots where particles gathered (a ring). */
function drawMarks(ctx: CanvasRenderingContext2D, f: MapFrame, map: SearchMap): void {
  ctx.save();
  ctx.lineWidth = 2;
  for (const m of map.marks) {
    const x = xOf(f, m.axialM);
    const y = yOf(f, m.angleDeg, radiusAtAxial(map, m.axialM));
    for (const [w, colour] of [
      [4, '#0d1117'],
      [2, m.kind === 'patched' ? '#ff7b72' : '#79c0ff'],
    ] as const) {
      ctx.lineWidth = w;
      ctx.strokeStyle = colour;
      ctx.beginPath();
      if (m.kind === 'patched') {
        ctx.moveTo(x - 6, y - 6);
        ctx.lineTo(x + 6, y + 6);
        ctx.moveTo(x + 6, y - 6);
        ctx.lineTo(x - 6, y + 6);
      } else ctx.arc(x, y, 6, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }
  ctx.restore();
}

/** Named directions as thin lines following the wall's radius, labelled at the right edge. */
function drawDirections(ctx: CanvasRenderingContext2D, f: MapFrame, map: SearchMap): void {
  const { rows } = map.grid;
  ctx.save();
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const [deg, name] of [
    [90, 'stbd'],
    [0, 'zenith'],
    [-90, 'port'],
  ] as const) {
    ctx.strokeStyle = 'rgba(230,237,243,0.25)';
    ctx.setLineDash([1, 3]);
    ctx.beginPath();
    for (let r = 0; r < rows.columns.length; r++) {
      const y = yOfSigned(f, deg, rows.radiusM[r] as number);
      if (r === 0) ctx.moveTo(xOf(f, rows.axialLoM[r] as number), y);
      ctx.lineTo(xOf(f, rows.axialHiM[r] as number), y);
    }
    ctx.stroke();
    ctx.fillStyle = '#c9d1d9';
    ctx.fillText(name, f.left + f.width + 4, yOfSigned(f, deg, rows.radiusM.at(-1) as number));
  }
  ctx.fillStyle = '#8b949e';
  ctx.fillText('nadir', f.left + f.width + 4, f.top + 5);
  ctx.fillText('nadir', f.left + f.width + 4, f.top + f.height - 5);
  ctx.restore();
}

function drawNext(
  ctx: CanvasRenderingContext2D,
  f: MapFrame,
  map: SearchMap,
  highlight: number | null,
): void {
  const shown = map.next.filter((s) => s.action !== 'drift').slice(0, NEXT_SHOWN);
  ctx.save();
  ctx.font = 'bold 12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const s of shown) {
    const strong = highlight === null || highlight === s.step;
    ctx.strokeStyle = strong ? '#ffffff' : 'rgba(255,255,255,0.5)';
    ctx.lineWidth = strong ? 2 : 1;
    ctx.setLineDash(s.step === shown[0]?.step ? [] : [5, 3]);
    for (const [a, b] of signedRanges(s.angleDeg[0], s.angleDeg[1])) {
      const top: [number, number][] = [];
      const bottom: [number, number][] = [];
      const steps = 12;
      for (let k = 0; k <= steps; k++) {
        const z = s.axialM[0] + ((s.axialM[1] - s.axialM[0]) * k) / steps;
        const r = radiusAtAxial(map, Math.min(z, map.grid.lengthM - 1e-9));
        top.push([xOf(f, z), yOfSigned(f, b, r)]);
        bottom.push([xOf(f, z), yOfSigned(f, a, r)]);
      }
      ctx.beginPath();
      [...top, ...bottom.reverse()].forEach(([x, y], k) => {
        if (k === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.closePath();
      ctx.stroke();
    }
    const zMid = (s.axialM[0] + s.axialM[1]) / 2;
    const [a, b] = signedRanges(s.angleDeg[0], s.angleDeg[1])[0] as [number, number];
    const x = xOf(f, zMid);
    const y = yOfSigned(f, (a + b) / 2, radiusAtAxial(map, zMid));
    ctx.setLineDash([]);
    ctx.fillStyle = '#0d1117';
    ctx.beginPath();
    ctx.arc(x, y, 9, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.fillText(String(s.step), x, y + 0.5);
  }
  ctx.restore();
}

function niceStep(span: number, target: number): number {
  const raw = span / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

function drawAxes(ctx: CanvasRenderingContext2D, f: MapFrame): void {
  ctx.save();
  ctx.strokeStyle = '#30363d';
  ctx.fillStyle = '#8b949e';
  ctx.font = '10px system-ui, sans-serif';
  ctx.strokeRect(f.left - 0.5, f.top - 0.5, f.width + 1, f.height + 1);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const dx = niceStep(f.lengthM, Math.max(2, f.width / 70));
  for (let z = 0; z <= f.lengthM + 1e-9; z += dx) {
    const x = xOf(f, z);
    ctx.fillRect(x, f.top + f.height, 1, 4);
    ctx.fillText(z.toFixed(dx < 1 ? 1 : 0), x, f.top + f.height + 5);
  }
  ctx.fillText('axial position from the module start [m]', f.left + f.width / 2, f.top + f.height + 19);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const half = Math.PI * f.maxRadiusM;
  const dy = niceStep(2 * half, Math.max(2, f.height / 40));
  for (let s = -Math.floor(half / dy) * dy; s <= half + 1e-9; s += dy) {
    const y = f.top + ((half - s) / (2 * half)) * f.height;
    ctx.fillRect(f.left - 4, y, 4, 1);
    ctx.fillText(s.toFixed(dy < 1 ? 1 : 0), f.left - 6, y);
  }
  ctx.translate(12, f.top + f.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText('arc from zenith, + stbd [m]', 0, 0);
  ctx.restore();
}

function drawLegend(ctx: CanvasRenderingContext2D, f: MapFrame, maxDensity: number): void {
  const x = f.left + f.width + 42;
  const h = f.height - 20;
  const y0 = f.top + 16;
  ctx.save();
  for (let k = 0; k < h; k++) {
    ctx.fillStyle = viridis(1 - k / h);
    ctx.fillRect(x, y0 + k, 10, 1);
  }
  ctx.strokeStyle = '#30363d';
  ctx.strokeRect(x - 0.5, y0 - 0.5, 11, h + 1);
  ctx.fillStyle = '#8b949e';
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText('P/m²', x - 4, f.top + 5);
  ctx.textAlign = 'left';
  // the colour runs with √density (so the wall's structure shows beside a hot spot): ticks at their values
  for (const t of [0, 0.1, 0.25, 0.5, 1]) {
    const v = 100 * t * maxDensity;
    ctx.fillText(
      `${v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2)}%`,
      x + 13,
      y0 + (1 - Math.sqrt(t)) * h,
    );
  }
  ctx.restore();
}
