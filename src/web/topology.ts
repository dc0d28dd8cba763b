/**
 * The station as a graph: modules (boxes) joined by hatches (lines; dashed red when closed),
 * laid out in breadth-first layers from the largest module, each module tinted by the chance
 * that its group is losing gas: P(rate > 0) from the estimate's 90 % band (normal) — or, when an
 * isolation plan is at hand, by the plan's P(the module holds the leak), relative to the likeliest.
 */
import type { LeakState } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';
const BOX_W = 66;
const BOX_H = 20;

interface Layout {
  x: Map<string, number>;
  y: Map<string, number>;
  width: number;
  height: number;
}

function layout(state: LeakState): Layout {
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
  const x = new Map<string, number>();
  const y = new Map<string, number>();
  const tallest = Math.max(1, ...layers.map((l) => l.length));
  for (const [depth, layer] of layers.entries())
    for (const [row, id] of layer.entries()) {
      x.set(id, 8 + depth * (BOX_W + 18));
      y.set(id, 8 + (row + (tallest - layer.length) / 2) * (BOX_H + 8));
    }
  return { x, y, width: 16 + layers.length * (BOX_W + 18), height: 16 + tallest * (BOX_H + 8) };
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
  const { x, y, width, height } = layout(state);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
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
  for (const h of state.hatches) {
    const [a, b] = h.between;
    if (!x.has(a) || !x.has(b)) continue;
    const line = document.createElementNS(SVG, 'line');
    line.setAttribute('x1', String((x.get(a) as number) + BOX_W / 2));
    line.setAttribute('y1', String((y.get(a) as number) + BOX_H / 2));
    line.setAttribute('x2', String((x.get(b) as number) + BOX_W / 2));
    line.setAttribute('y2', String((y.get(b) as number) + BOX_H / 2));
    line.setAttribute('class', h.open ? 'open' : 'closed');
    line.setAttribute('data-hatch', h.id);
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${h.id}: ${h.open ? 'open' : 'CLOSED'}`;
    line.append(title);
    svg.append(line);
  }
  for (const m of state.modules) {
    if (!x.has(m.id)) continue;
    const p = probability.get(m.id) ?? null;
    const box = document.createElementNS(SVG, 'rect');
    box.setAttribute('x', String(x.get(m.id)));
    box.setAttribute('y', String(y.get(m.id)));
    box.setAttribute('width', String(BOX_W));
    box.setAttribute('height', String(BOX_H));
    box.setAttribute('rx', '3');
    box.setAttribute('fill', tint(p === null ? null : p / top));
    box.setAttribute('stroke', '#484f58');
    box.setAttribute('data-module', m.id);
    const title = document.createElementNS(SVG, 'title');
    const what = holdsLeak === null ? 'P(losing gas)' : 'P(holds the leak)';
    title.textContent = `${m.name} (${m.volumeM3} m³)${p === null ? '' : `: ${what} ${(100 * p).toFixed(0)} %`}`;
    box.append(title);
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', String((x.get(m.id) as number) + 4));
    label.setAttribute('y', String((y.get(m.id) as number) + 13));
    label.textContent = m.id.length > 12 ? `${m.id.slice(0, 11)}…` : m.id;
    svg.append(box, label);
  }
}
