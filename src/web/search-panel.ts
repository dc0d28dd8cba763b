/**
 * The in-module search panel: a module selector (following the likeliest module until the operator
 * picks one), the search map from GET /api/v1/search drawn on a canvas, the next looks listed and
 * marked on the map, and a form that logs an observation (sweep, drift, gathered, inspect, patched:
 * what `airtight search log` takes) as a search-observation event, then redraws from the server's
 * new map. Fetches only mark the panel dirty; the page's animation frame draws it.
 */
import { getJson, type OperatorEvent, postJson } from './api.js';
import {
  cellAtPoint,
  drawSearchMap,
  type MapFrame,
  type NextLook,
  type SearchMap,
  signedDeg,
} from './search-map-draw.js';

export interface SearchPanelHooks {
  /** Runs work with the page's progress bar. */
  withProgress<T>(label: string, work: Promise<T>): Promise<T>;
  /** Asks for an animation frame (the page then calls `redraw`). */
  requestFrame(): void;
  /** A new operator event was stored. */
  onEvent(event: OperatorEvent): void;
  /** The time of the latest telemetry the page has (ISO 8601), null before any. */
  dataTime?(): string | null;
}

const $ = <T extends HTMLElement>(root: HTMLElement, selector: string): T =>
  root.querySelector(selector) as T;

const DIRECTIONS: [number, string][] = [
  [0, 'zenith'],
  [45, 'zenith-stbd'],
  [90, 'starboard'],
  [135, 'nadir-stbd'],
  [180, 'nadir'],
  [225, 'nadir-port'],
  [270, 'port'],
  [315, 'zenith-port'],
];

/**
 * Which estimate the leak rate searched for is (GET /api/v1/search `rateSource`): the server takes
 * the monitor's rate to two significant figures when the map is asked for, so it may differ from
 * the station panel's (moved since, or rounded) and from the plan's (the station's, all groups summed).
 */
const RATE_SOURCES: Record<string, string> = {
  query: 'as asked',
  'module-group': "the trailing-window rate of the module's group, 2 figures",
  station: "the station's rate as the isolation plan has it, 2 figures",
  'leaking-group': 'the trailing-window rate of the group losing most gas, 2 figures',
  default: 'no leak rate yet: a default',
};

/** Where the searched-for rate came from, and as of when the map was asked for. */
export function searchRateNote(
  map: Pick<SearchMap, 'rateSource' | 'targetKgPerDay' | 'leakKgPerDay'>,
  asOf: string | null,
): string {
  if (map.targetKgPerDay !== map.leakKgPerDay) return 'the residual rate after the last patch';
  const source = RATE_SOURCES[map.rateSource] ?? map.rateSource;
  return map.rateSource === 'query' || map.rateSource === 'default' || asOf === null
    ? source
    : `${source}, data to ${asOf.slice(11, 16)}Z`;
}

const pct = (p: number): string => `${(100 * p).toFixed(p < 0.1 ? 1 : 0)} %`;

/** One line for a logged observation (also used by the event log). */
export function describeObservation(o: Record<string, unknown>): string {
  const region = o.region as { panels?: string[]; axialM?: number[] } | undefined;
  switch (o.kind) {
    case 'sweep':
      return `ultrasonic sweep ${region?.panels?.join('+') ?? `axial ${region?.axialM?.join('–')} m`} ${o.minutes} min: ${o.result === 'heard' ? 'HEARD' : 'nothing heard'}`;
    case 'drift':
      return `particles drifted toward ${o.towardDeg}° from axial ${o.fromAxialM} m`;
    case 'gathered':
      return `particles gathered at axial ${o.axialM} m, ${o.angleDeg}°`;
    case 'inspect':
      return `${o.panel} inspected: nothing seen`;
    case 'patched':
      return `leak PATCHED at axial ${o.axialM} m, ${o.angleDeg}°, ${o.residualKgPerDay} kg/day left`;
    default:
      return String(o.kind);
  }
}

export class SearchPanel {
  map: SearchMap | null = null;
  /** Bumped at every draw (tests and the benchmark read it from `data-draws`). */
  draws = 0;
  private module = '';
  private chosen = false;
  private dirty = false;
  private loading = false;
  private frame: MapFrame | null = null;
  /** The page's data time when the map shown was asked for. */
  private mapAsOf: string | null = null;
  private highlight: number | null = null;
  private readonly canvas: HTMLCanvasElement;
  private readonly select: HTMLSelectElement;
  private readonly form: HTMLFormElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly hooks: SearchPanelHooks,
  ) {
    this.canvas = $(root, '#search-map');
    this.select = $(root, '#search-module');
    this.form = $(root, '#observation');
    this.select.addEventListener('change', () => {
      this.chosen = true;
      void this.load(this.select.value);
    });
    $<HTMLSelectElement>(root, '#obs-kind').addEventListener('change', () => this.showFields());
    for (const [deg, name] of DIRECTIONS) {
      const option = document.createElement('option');
      option.value = String(deg);
      option.textContent = `${name} (${deg}°)`;
      $<HTMLSelectElement>(root, '#obs-toward').append(option);
    }
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.log();
    });
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('click', (e) => this.pick(e));
    this.showFields();
  }

  /** Fills the module selector with the modules whose wall can be searched. */
  async start(): Promise<void> {
    const { modules } = await getJson<{ modules: { id: string; name: string }[] }>('search/modules');
    for (const m of modules) {
      const option = document.createElement('option');
      option.value = m.id;
      option.textContent = m.name;
      this.select.append(option);
    }
  }

  /** Shows `moduleId` unless the operator picked a module (or it cannot be searched). */
  suggest(moduleIds: string[]): void {
    if (this.chosen) return;
    const searchable = new Set([...this.select.options].map((o) => o.value));
    const id = moduleIds.find((m) => searchable.has(m)) ?? this.select.options[0]?.value;
    if (id !== undefined && id !== this.module) void this.load(id);
  }

  /** Refetches the shown module's map (after the leak estimate moved, say). */
  refresh(): void {
    if (this.module !== '' && !this.loading) void this.load(this.module);
  }

  async load(moduleId: string): Promise<void> {
    this.module = moduleId;
    this.select.value = moduleId;
    this.root.dataset.state = 'loading';
    this.loading = true;
    const asOf = this.hooks.dataTime?.() ?? null;
    try {
      const map = await this.hooks.withProgress(
        `computing the search map of ${moduleId}`,
        getJson<SearchMap>(`search?module=${encodeURIComponent(moduleId)}`),
      );
      if (map.module.id !== this.module) return; // another module was chosen meanwhile
      this.map = map;
      this.mapAsOf = asOf;
      this.fillPanels(map);
      this.root.dataset.state = 'map';
      this.dirty = true;
      this.hooks.requestFrame();
    } catch (error) {
      this.root.dataset.state = 'error';
      $(this.root, '#search-figures').textContent = `search map not loaded: ${(error as Error).message}`;
    } finally {
      this.loading = false;
    }
  }

  /** Draws the map, the figures and the next looks if anything changed. */
  redraw(): void {
    if (!this.dirty || this.map === null) return;
    this.dirty = false;
    const map = this.map;
    this.frame = drawSearchMap(this.canvas, map, this.highlight);
    this.draws++;
    this.canvas.dataset.module = map.module.id;
    this.canvas.dataset.observations = String(map.observations);
    this.canvas.dataset.draws = String(this.draws);
    const rejected =
      map.rejected.length > 0 ? ` · ${map.rejected.length} stored observation(s) rejected` : '';
    $(this.root, '#search-figures').textContent =
      `${map.observations} observation(s) · P(found so far) ${pct(map.pFoundSoFar)} · ` +
      `P(leak remains) ${pct(map.pLeakRemains)} · searching for ${map.targetKgPerDay.toFixed(2)} kg/day` +
      ` (${searchRateNote(map, this.mapAsOf)})${rejected}`;
    $(this.root, '#search-rejected').textContent = map.rejected
      .map((r) => `event #${r.event}: ${r.field}: ${r.problem}`)
      .join('; ');
    this.renderNext(map);
  }

  resize(): void {
    this.dirty = true;
    this.hooks.requestFrame();
  }

  private renderNext(map: SearchMap): void {
    const list = $(this.root, '#search-next');
    list.replaceChildren(
      ...map.next.slice(0, 5).map((s) => {
        const item = document.createElement('li');
        item.dataset.step = String(s.step);
        item.textContent = describeLook(s);
        const figures = document.createElement('span');
        figures.className = 'dim';
        figures.textContent =
          s.action === 'drift'
            ? ` ${s.minutes} min`
            : ` ${Math.round(s.minutes)} min · P(found) ${pct(s.pFound)} by ${Math.round(s.cumulativeMinutes)} min`;
        item.append(figures);
        item.onmouseenter = () => this.setHighlight(s.step);
        item.onmouseleave = () => this.setHighlight(null);
        return item;
      }),
    );
    const more = map.steps - Math.min(5, map.next.length);
    $(this.root, '#search-plan').textContent =
      `P(found) ${pct(map.pFoundAfterPlan)} after the ${Math.round(map.plannedMinutes)}-min plan` +
      (more > 0 ? ` (${more} more steps)` : '');
  }

  private setHighlight(step: number | null): void {
    this.highlight = step;
    this.dirty = true;
    this.hooks.requestFrame();
  }

  private fillPanels(map: SearchMap): void {
    const select = $<HTMLSelectElement>(this.root, '#obs-panel');
    const keep = select.value;
    select.replaceChildren(
      ...map.panels
        .filter((p) => p.id !== 'open-wall')
        .sort((a, b) => a.axialM[0] - b.axialM[0] || a.angleDeg[0] - b.angleDeg[0])
        .map((p) => {
          const option = document.createElement('option');
          option.value = p.id;
          option.textContent = `${p.id} (${pct(p.probability)})`;
          return option;
        }),
    );
    if ([...select.options].some((o) => o.value === keep)) select.value = keep;
  }

  private showFields(): void {
    const kind = $<HTMLSelectElement>(this.root, '#obs-kind').value;
    for (const label of this.form.querySelectorAll<HTMLElement>('[data-for]'))
      label.hidden = !(label.dataset.for ?? '').split(' ').includes(kind);
  }

  private hover(e: MouseEvent): void {
    if (this.map === null || this.frame === null) return;
    const at = cellAtPoint(this.frame, this.map, e.offsetX, e.offsetY);
    const out = $(this.root, '#search-hover');
    if (at === null) {
      out.textContent = '';
      return;
    }
    const p = this.map.probability[at.cell] as number;
    const area = this.map.grid.rows.cellAreaM2[at.row] as number;
    out.textContent = `axial ${at.axialM.toFixed(2)} m · ${Math.round(at.angleDeg)}° (${signedDeg(at.angleDeg) >= 0 ? 'stbd' : 'port'} side) · P ${(100 * p).toFixed(2)} % in this ${(100 * 100 * area).toFixed(0)} cm² cell · click to fill the form`;
  }

  /** A click on the map fills the form's position fields. */
  private pick(e: MouseEvent): void {
    if (this.map === null || this.frame === null) return;
    const at = cellAtPoint(this.frame, this.map, e.offsetX, e.offsetY);
    if (at === null) return;
    $<HTMLInputElement>(this.root, '#obs-axial').value = at.axialM.toFixed(2);
    $<HTMLInputElement>(this.root, '#obs-angle').value = String(Math.round(at.angleDeg));
  }

  /** The form as an observation (fields as `airtight search log` names them). */
  private observation(): Record<string, unknown> {
    const value = (id: string) => $<HTMLInputElement | HTMLSelectElement>(this.root, id).value.trim();
    const num = (id: string) => (value(id) === '' ? Number.NaN : Number(value(id)));
    const kind = value('#obs-kind');
    switch (kind) {
      case 'sweep':
        return {
          kind,
          region: { panels: [value('#obs-panel')] },
          minutes: num('#obs-minutes'),
          result: value('#obs-heard'),
        };
      case 'drift':
        return { kind, fromAxialM: num('#obs-axial'), towardDeg: num('#obs-toward') };
      case 'gathered':
        return { kind, axialM: num('#obs-axial'), angleDeg: num('#obs-angle') };
      case 'inspect':
        return { kind, panel: value('#obs-panel'), result: 'nothing' };
      default:
        return {
          kind,
          axialM: num('#obs-axial'),
          angleDeg: num('#obs-angle'),
          residualKgPerDay: num('#obs-residual'),
        };
    }
  }

  private async log(): Promise<void> {
    const status = $(this.root, '#obs-result');
    const button = $<HTMLButtonElement>(this.form, 'button[type="submit"]');
    const note = $<HTMLInputElement>(this.root, '#obs-note').value.trim();
    button.disabled = true;
    status.textContent = 'logging…';
    try {
      const { event } = await this.hooks.withProgress(
        'logging the observation',
        postJson<{ event: OperatorEvent }>('events', {
          kind: 'search-observation',
          module: this.module,
          observation: this.observation(),
          ...(note !== '' && { note }),
        }),
      );
      this.hooks.onEvent(event);
      status.textContent = `logged #${event.id}; updating the map…`;
      await this.load(this.module);
      status.textContent = `logged #${event.id}`;
    } catch (error) {
      status.textContent = `not logged: ${(error as Error).message}`;
    } finally {
      button.disabled = false;
    }
  }
}

function describeLook(s: NextLook): string {
  if (s.action === 'drift') return `particle-drift test: ${s.panelName}`;
  const where = `axial ${s.axialM[0].toFixed(1)}–${s.axialM[1].toFixed(1)} m, ${s.angleDeg[0].toFixed(0)}–${s.angleDeg[1].toFixed(0)}°`;
  return `${s.open ? `open ${s.panel}, then ` : ''}${s.action === 'sweep' ? 'ultrasonic sweep' : 'visual inspection'} of ${s.panel} (${where})`;
}
