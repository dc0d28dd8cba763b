// Bench jobs that run inside workers. Each takes plain data and returns plain data.
// biome-ignore-all lint/suspicious/noExplicitAny: inputs arrive untyped from postMessage
import { type CaseSpec, caseScenario, runCase } from './cases.js';

export interface EstimateResult {
  seed: number;
  truthKgPerDay: number;
  rateKgPerDay: number;
  low: number;
  high: number;
  alarms: { time: number; severity: string; kind: string }[];
}

export const jobs: Record<string, (input: any) => unknown> = {
  /** One simulated case: the main group's estimate at the end and every alarm. */
  estimate(spec: CaseSpec): EstimateResult {
    const scenario = caseScenario(spec);
    const { monitor, truth } = runCase(scenario);
    const main = [...monitor.segments].sort((a, b) => b.modules.length - a.modules.length)[0];
    const e = main?.estimate;
    const truthKgPerDay = truth.leaks.reduce((sum, l) => sum + (l.rate_kg_per_day.at(-1)?.[1] ?? 0), 0);
    return {
      seed: spec.seed,
      truthKgPerDay,
      rateKgPerDay: (e?.rateKgPerS ?? Number.NaN) * 86400,
      low: (e?.low90 ?? Number.NaN) * 86400,
      high: (e?.high90 ?? Number.NaN) * 86400,
      alarms: monitor.alarms.map((a) => ({ time: a.time, severity: a.severity, kind: a.kind })),
    };
  },
};
