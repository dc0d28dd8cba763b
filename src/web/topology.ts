/**
 * The station as a graph: modules (boxes) joined by hatches (lines; dashed red when closed),
 * laid out in breadth-first layers from the largest module, each module tinted by the chance
 * that its group is losing gas: P(rate > 0) from the estimate's 90 % band (normal) — or, when an
 * isolation plan is at hand, by the plan's P(the module holds the leak), relative to the likeliest.
 */
import type { LeakState } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Label font [px] (style.css) and a generous width of one of its characters [px]. */
const FONT_PX = 11;
const CHAR_PX = 0.62 * FONT_PX;
const LINE_PX = 13;
const PAD_X = 5;
const PAD_Y = 4;
const GAP_X = 10;
const GAP_Y = 12;
const MARGIN = 4;
const MIN_BOX_W = 64;
const MAX_BOX_W = 150;
/** Label lines at most in a box (more is cut with an ellipsis; the box's tooltip names it in full). */
const MAX_LINES = 3;

export interface TopologyBox {
  x: number;
  y: number;
  w: number;
  h: number;
  /** The module's id on one to three lines, split after its hyphens. */
  lines: string[];
}

/** Where each module's box is, in px of a drawing `width` × `height` (the SVG's viewBox). */
export interface TopologyLayout {
  boxes: Map<string, TopologyBox>;
  width: number;
  height: number;
}

/**
 * A module id on lines of at most `maxChars` characters, split after hyphens
 * (`quest-equipment-lock` → `quest-`, `equipment-lock`), at most three lines; what does not fit
 * is cut with an ellipsis.
 */
export function labelLines(id: string, maxChars: number): string[] {
  const words = id.match(/[^-]+-?|-/g) ?? [id];
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + word.length <= maxChars) lines[lines.length - 1] = last + word;
    else lines.push(word);
  }
  const more = lines.length > MAX_LINES;
  return lines
    .slice(0, MAX_LINES)
    .map((l, i) =>
      l.length > maxChars || (more && i === MAX_LINES - 1) ? `${l.slice(0, Math.max(1, maxChars - 1))}…` : l,
    );
}

/**
 * The station in breadth-first layers from the largest module, one layer per row, each row's
 * modules side by side and centred, boxes as wide as `widthPx` allows (labels at full size when
 * the rows fit it; a wider drawing is scaled down by the browser).
 */
export function topologyLayout(state: LeakState, widthPx: number): TopologyLayout {
  const layers = bfsLayers(state);
  const columns = Math.max(1, ...layers.map((l) => l.length));
  const boxW = Math.min(
    MAX_BOX_W,
    Math.max(MIN_BOX_W, Math.floor((widthPx - 2 * MARGIN - (columns - 1) * GAP_X) / columns)),
  );
  const maxChars = Math.floor((boxW - 2 * PAD_X) / CHAR_PX);
  const width = Math.max(widthPx, 2 * MARGIN + columns * boxW + (columns - 1) * GAP_X);
  const boxes = new Map<string, TopologyBox>();
  let y = MARGIN;
  for (const layer of layers) {
    const lines = layer.map((id) => labelLines(id, maxChars));
    const h = 2 * PAD_Y + LINE_PX * Math.max(1, ...lines.map((l) => l.length));
    const rowW = layer.length * boxW + (layer.length - 1) * GAP_X;
    let x = (width - rowW) / 2;
    for (const [i, id] of layer.entries()) {
      boxes.set(id, { x, y, w: boxW, h, lines: lines[i] as string[] });
      x += boxW + GAP_X;
    }
    y += h + GAP_Y;
  }
  return { boxes, width, height: layers.length === 0 ? 0 : y - GAP_Y + MARGIN };
}

function bfsLayers(state: LeakState): string[][] {
  const present = state.modules.filter((m) => m.present);
  const ids = new Set(present.map((m) => m.id));
  const neighbours = new Map<string, string[]>(present.map((m) => [m.id, []]));
  for (const h of state.hatches) {
    const [a, b] = h.between;
    if (ids.has(a) && ids.has(b)) {
      neighbours.get(a)?.push(b);
      neighbours.get(b)?.push(a);
    }
  }
  const layers: string[][] = [];
  const seen = new Set<string>();
  const byVolume = [...present].sort((a, b) => b.volumeM3 - a.volumeM3);
  for (const root of byVolume) {
    if (seen.has(root.id)) continue;
    let frontier = [root.id];
    seen.add(root.id);
    for (let depth = 0; frontier.length > 0; depth++) {
      layers[depth] = [...(layers[depth] ?? []), ...frontier];
      const next: string[] = [];
      for (const id of frontier)
        for (const n of neighbours.get(id) ?? [])
          if (!seen.has(n)) {
            seen.add(n);
            next.push(n);
          }
      frontier = next;
    }
  }
  return layers;
}

/**
 * P(rate > 0) for a group from its 90 % band, as a normal. Null (not known) for a band wholly
 * below zero: the group reads as gaining gas with none added, which a sealed group cannot do, so
 * the band understates a disturbance and P(losing) ≈ 0 would be a claim the data do not make.
 */
export function lossProbability(band: [number, number] | null, rate: number | null): number | null {
  if (band === null || rate === null || gaining(band)) return null;
  const se = (band[1] - band[0]) / (2 * 1.645);
  if (!(se > 0)) return rate > 0 ? 1 : 0;
  return normalCdf(rate / se);
}

/** True for a 90 % band wholly below zero: gas gained with none added (a disturbance, not a leak). */
export function gaining(band: [number, number] | null): boolean {
  return band !== null && band[1] < 0;
}

/** Φ(z) by the Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496735) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

function tint(p: number | null): string {
  if (p === null) return '#21262d';
  const red = Math.round(40 + 200 * p);
  const green = Math.round(60 + 60 * (1 - p));
  return `rgb(${red}, ${green}, ${Math.round(70 * (1 - p))})`;
}

export function drawTopology(
  svg: SVGSVGElement,
  state: LeakState,
  holdsLeak: Readonly<Record<string, number>> | null = null,
): void {
  const shownPx = svg.clientWidth || 560;
  const { boxes, width, height } = topologyLayout(state, shownPx);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  // as tall as the graph is at the width shown: no empty band above or below it
  svg.style.height = `${Math.ceil((height * shownPx) / width)}px`;
  svg.replaceChildren();
  svg.dataset.tint = holdsLeak === null ? 'groups' : 'plan';
  const probability = new Map<string, number | null>();
  if (holdsLeak !== null) for (const [m, p] of Object.entries(holdsLeak)) probability.set(m, p);
  else
    for (const g of state.groups) {
      const p = lossProbability(g.rateKgPerDay90, g.rateKgPerDay);
      for (const m of g.modules) probability.set(m, p);
    }
  const top = holdsLeak === null ? 1 : Math.max(1e-9, ...Object.values(holdsLeak));
  const centre = (b: TopologyBox): [number, number] => [b.x + b.w / 2, b.y + b.h / 2];
  for (const h of state.hatches) {
    const [a, b] = h.between.map((id) => boxes.get(id));
    if (a === undefined || b === undefined) continue;
    const line = document.createElementNS(SVG, 'line');
    const [x1, y1] = centre(a);
    const [x2, y2] = centre(b);
    line.setAttribute('x1', String(x1));
    line.setAttribute('y1', String(y1));
    line.setAttribute('x2', String(x2));
    line.setAttribute('y2', String(y2));
    line.setAttribute('class', h.open ? 'open' : 'closed');
    line.setAttribute('data-hatch', h.id);
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${h.id}: ${h.open ? 'open' : 'CLOSED'}`;
    line.append(title);
    svg.append(line);
  }
  for (const m of state.modules) {
    const b = boxes.get(m.id);
    if (b === undefined) continue;
    const p = probability.get(m.id) ?? null;
    // one group per module: its tooltip (the full name) shows over the box and its label alike
    const group = document.createElementNS(SVG, 'g');
    group.setAttribute('data-module', m.id);
    const box = document.createElementNS(SVG, 'rect');
    box.setAttribute('x', String(b.x));
    box.setAttribute('y', String(b.y));
    box.setAttribute('width', String(b.w));
    box.setAttribute('height', String(b.h));
    box.setAttribute('rx', '3');
    box.setAttribute('fill', tint(p === null ? null : p / top));
    box.setAttribute('stroke', '#484f58');
    box.setAttribute('data-module', m.id);
    const title = document.createElementNS(SVG, 'title');
    const what = holdsLeak === null ? 'P(losing gas)' : 'P(holds the leak)';
    title.textContent = `${m.id}: ${m.name} (${m.volumeM3} m³)${p === null ? '' : `: ${what} ${(100 * p).toFixed(0)} %`}`;
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', String(b.x + PAD_X));
    // the lines centred in the box (a row is as tall as its longest label)
    label.setAttribute('y', String(b.y + (b.h - b.lines.length * LINE_PX) / 2 + LINE_PX - 3));
    for (const [i, text] of b.lines.entries()) {
      const line = document.createElementNS(SVG, 'tspan');
      line.setAttribute('x', String(b.x + PAD_X));
      if (i > 0) line.setAttribute('dy', String(LINE_PX));
      line.textContent = text;
      label.append(line);
    }
    group.append(title, box, label);
    svg.append(group);
  }
}
