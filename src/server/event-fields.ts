/** The fields an operator event of each kind may carry; any other is refused, never dropped. */
import type { EventKind } from '../store/index.js';

const FIELDS: Readonly<Record<EventKind, readonly string[]>> = {
  hatch: ['hatch', 'state', 'note'],
  repair: ['module', 'note'],
  'search-observation': ['module', 'place', 'found', 'observation', 'note'],
  note: ['text'],
  'plan-step': ['step', 'text', 'testClose', 'done', 'note'],
};

/** Every field a body of this kind may hold, `kind` and `time` included. */
export function allowedEventFields(kind: EventKind): readonly string[] {
  return ['kind', 'time', ...FIELDS[kind]];
}
