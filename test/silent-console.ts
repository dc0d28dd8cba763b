// Tests are silent: any console output inside a test is a failure (zod's habit).
import { afterEach, beforeEach } from 'vitest';

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
let spoken: string[] = [];
const originals = methods.map((m) => console[m]);

beforeEach(() => {
  spoken = [];
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      spoken.push(`console.${m}: ${args.map(String).join(' ')}`);
    };
  }
});

afterEach(() => {
  methods.forEach((m, i) => {
    console[m] = originals[i] as (typeof console)[typeof m];
  });
  if (spoken.length > 0) throw new Error(`test wrote to the console:\n${spoken.join('\n')}`);
});
