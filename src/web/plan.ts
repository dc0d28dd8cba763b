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
  const [low, high] = plan.leak.rateKgPerDay90;
  status.textContent =
    `leak ${plan.leak.rateKgPerDay} kg/day (90 % ${low} to ${high})` +
    (plan.next === null
      ? ` · no further test: ${plan.reason}`
      : ` · about ${plan.expectedRemainingTests} more tests, ${plan.expectedRemainingHours} h`);
  const rows: [string, number][] = [
    ...Object.entries(plan.posterior)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5),
    ['no module', plan.none],
    ['several', plan.several],
  ];
  posterior.replaceChildren(
    ...rows.map(([name, p]) => {
      const row = document.createElement('div');
      row.className = 'plan-row';
      row.innerHTML = '<span class="name"></span><span class="bar"><i></i></span><span class="p"></span>';
      (row.querySelector('.name') as HTMLElement).textContent = name;
      (row.querySelector('i') as HTMLElement).style.width = `${Math.min(100, 100 * p).toFixed(1)}%`;
      (row.querySelector('.p') as HTMLElement).textContent = pct(p);
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
