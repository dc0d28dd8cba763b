/**
 * The "Next isolation test" panel: where the leak probably is (the most likely modules, no module,
 * several) and the next test as a checklist. Ticking a step is an operator event (kind plan-step,
 * naming the test by the hatches it closes), so the ticks survive a reload and are shared.
 */
import type { OperatorEvent, Plan, PlanTest } from './api.js';

const pct = (p: number): string => `${(100 * p).toFixed(p < 0.01 ? 1 : 0)} %`;
const list = (ids: string[], most = 6): string =>
  ids.length > most ? `${ids.slice(0, most).join(', ')} +${ids.length - most} more` : ids.join(', ');

/** The steps of a test, in the order the crew does them. */
export function planSteps(test: PlanTest): string[] {
  const steps: string[] = [];
  if (test.crewIn.length > 0) steps.push(`Crew to ${list(test.crewIn)}`);
  if (test.generatorsOff.length > 0) steps.push(`Generators off: ${test.generatorsOff.join(', ')}`);
  for (const hatch of test.close) steps.push(`Close hatch ${hatch}`);
  steps.push(`Wait ${test.durationH} h`);
  for (const g of test.decisionRule.groups)
    steps.push(
      `Read ${list(g.modules)}: the leak is there if the pressure fell by more than ` +
        `${g.thresholdDropMmHg} mmHg (rate above ${g.thresholdKgPerDay} kg/day; now ${pct(g.probability)})`,
    );
  if (test.close.length > 0) steps.push(`Reopen ${[...test.close].reverse().join(', ')}`);
  return steps;
}

/** Which steps of the test closing `close` are ticked: the latest plan-step event of each wins. */
export function tickedSteps(events: readonly OperatorEvent[], close: readonly string[]): Set<number> {
  const key = close.join(',');
  const done = new Set<number>();
  for (const e of [...events].sort((a, b) => a.id - b.id)) {
    if (e.kind !== 'plan-step' || !Array.isArray(e.payload.testClose)) continue;
    if ((e.payload.testClose as string[]).join(',') !== key) continue;
    const step = Number(e.payload.step);
    if (e.payload.done === false) done.delete(step);
    else done.add(step);
  }
  return done;
}

const utcMinute = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')}Z`;

/** The module likeliest to hold a leak (single or one of two), with that probability. */
function topHolder(plan: Plan): [string, number] | null {
  const best = Object.entries(plan.holdsLeak).sort((a, b) => b[1] - a[1])[0];
  return best === undefined ? null : best;
}

/**
 * The plan's status line: the leak rate it was sized for and which estimate that is (the station's:
 * every group's rate summed, each over its present hatch configuration, as of the plan's data),
 * then the tests still to come or why there is none. "localized" is the planner's word for one
 * module holding a leak (its single leak plus every pair of leaks it is in) at its localization
 * probability: it says where a leak is, not that there is only one.
 */
export function planStatus(plan: Plan): string {
  const [low, high] = plan.leak.rateKgPerDay90;
  const rate =
    `station leak ${plan.leak.rateKgPerDay} kg/day (90 % ${low} to ${high}): every group's rate summed, ` +
    `each over its present hatch configuration${plan.at === null ? '' : `, data to ${utcMinute(plan.at)}`}`;
  if (plan.next !== null)
    return `${rate} · about ${plan.expectedRemainingTests} more tests, ${plan.expectedRemainingHours} h`;
  const top = topHolder(plan);
  if (plan.reason !== 'localized' || top === null) return `${rate} · no further test: ${plan.reason}`;
  const [id, holds] = top;
  const only = plan.posterior[id] ?? 0;
  return (
    `${rate} · no further test: localized to ${id}, which holds a leak with P ${pct(holds)} ` +
    `(${pct(only)} as the only leak, ${pct(Math.max(0, holds - only))} as one of two); ` +
    `P(a second leak elsewhere too) ${pct(plan.several)}`
  );
}

export interface PosteriorRow {
  name: string;
  /** P(the leak is here and nowhere else). */
  only: number;
  /** P(this module holds a leak, alone or as one of two); null for the rows that are no module. */
  holds: number | null;
}

/** The five modules likeliest to hold a leak, then no module and several. */
export function posteriorRows(plan: Plan): PosteriorRow[] {
  const modules = Object.entries(plan.posterior)
    .map(([name, only]) => ({ name, only, holds: plan.holdsLeak[name] ?? only }))
    .sort((a, b) => b.holds - a.holds || b.only - a.only)
    .slice(0, 5);
  return [
    ...modules,
    { name: 'no module', only: plan.none, holds: null },
    { name: 'several', only: plan.several, holds: null },
  ];
}

export type PlanView = { plan: Plan } | { reason: string } | null;

export type TickAction = (
  step: number,
  text: string,
  testClose: string[],
  done: boolean,
  box: HTMLInputElement,
) => void;

export function renderPlan(
  root: HTMLElement,
  view: PlanView,
  events: readonly OperatorEvent[],
  onTick: TickAction,
) {
  const status = root.querySelector('.plan-status') as HTMLElement;
  const posterior = root.querySelector('.plan-posterior') as HTMLElement;
  const steps = root.querySelector('.plan-steps') as HTMLOListElement;
  root.dataset.state = view === null ? 'loading' : 'reason' in view ? 'none' : 'plan';
  if (view === null || 'reason' in view) {
    status.textContent = view === null ? 'asking the server…' : view.reason;
    posterior.replaceChildren();
    steps.replaceChildren();
    return;
  }
  const { plan } = view;
  status.textContent = planStatus(plan);
  const head = document.createElement('div');
  head.className = 'plan-head';
  head.innerHTML =
    '<span></span><span>P(the only leak is here)</span><span></span><span class="p">P(holds a leak)</span>';
  posterior.replaceChildren(
    head,
    ...posteriorRows(plan).map(({ name, only, holds }) => {
      const row = document.createElement('div');
      row.className = 'plan-row';
      row.innerHTML =
        '<span class="name"></span><span class="bar"><i></i></span><span class="p"></span><span class="p holds"></span>';
      (row.querySelector('.name') as HTMLElement).textContent = name;
      (row.querySelector('i') as HTMLElement).style.width = `${Math.min(100, 100 * only).toFixed(1)}%`;
      (row.querySelector('.p') as HTMLElement).textContent = pct(only);
      (row.querySelector('.holds') as HTMLElement).textContent = holds === null ? '' : pct(holds);
      return row;
    }),
  );
  const test = plan.next;
  if (test === null) {
    steps.replaceChildren();
    return;
  }
  const ticked = tickedSteps(events, test.close);
  steps.dataset.test = test.close.join(',');
  steps.replaceChildren(
    ...planSteps(test).map((text, index) => {
      const item = document.createElement('li');
      item.dataset.step = String(index);
      item.classList.toggle('done', ticked.has(index));
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = ticked.has(index);
      box.dataset.step = String(index);
      box.addEventListener('change', () => onTick(index, text, test.close, box.checked, box));
      const span = document.createElement('span');
      span.textContent = text;
      label.append(box, span);
      item.append(label);
      return item;
    }),
  );
}
