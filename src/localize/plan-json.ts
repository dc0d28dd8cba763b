/**
 * A plan as JSON, in the units people read (hours, mmHg, kg/day): what `airtight plan --json` prints
 * and the server's GET /api/v1/plan returns.
 */
import { paToMmHg, type Station } from '../core/index.js';
import type { PlanResult } from './plan-from.js';
import type { TestPlan } from './planner.js';

export function roundTo(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A test plan as JSON (durations in hours, pressures in mmHg). */
export function testJson(test: TestPlan) {
  return {
    close: test.close,
    crewIn: test.crewIn,
    generatorsOff: test.generatorsOff,
    durationH: roundTo(test.durationS / 3600, 2),
    decisionRule: {
      rule: 'after durationH, the group whose leak rate is above its threshold (its pressure fell by more than thresholdDropMmHg, temperature-compensated) holds the leak; if none is, the leak is in no group that was measured to be tight',
      groups: test.groups.map((g) => ({
        modules: g.modules,
        probability: roundTo(g.probability),
        crewed: g.crewed,
        seKgPerDay: g.seKgPerDay === null ? null : roundTo(g.seKgPerDay),
        thresholdKgPerDay: roundTo(g.thresholdKgPerDay),
        thresholdDropMmHg: roundTo(paToMmHg(g.thresholdDropPa), 3),
        dropIfLeakMmHg: g.dropIfLeakPa.map((p) => roundTo(paToMmHg(p), 3)),
      })),
    },
    errorProbability: roundTo(test.errorProbability, 6),
    informationBits: roundTo(test.informationBits),
  };
}

/** A plan as JSON: `airtight plan --json` and GET /api/v1/plan. */
export function planJson(
  station: Station,
  result: PlanResult,
  rate: { mean: number; low: number; high: number; source: string },
) {
  const { posterior, plan } = result;
  return {
    station: station.id,
    posterior: Object.fromEntries([...posterior.modules].map(([id, p]) => [id, roundTo(p, 6)])),
    none: roundTo(posterior.none, 6),
    several: roundTo(posterior.several, 6),
    holdsLeak: Object.fromEntries([...posterior.holdsLeak].map(([id, p]) => [id, roundTo(p, 6)])),
    isolationPeriods: result.periods.length,
    leak: {
      rateKgPerDay: roundTo(rate.mean),
      rateKgPerDay90: [roundTo(rate.low), roundTo(rate.high)],
      source: rate.source,
    },
    sizedFor: {
      crew: result.crew,
      rateLowKgPerDay: roundTo(result.rateLowKgPerDay),
      rateHighKgPerDay: roundTo(result.rateHighKgPerDay),
      wanderCrewedPa: roundTo(result.noise.crewed.wanderPa, 2),
      wanderClosedOffPa: roundTo(result.noise.closedOff.wanderPa, 2),
    },
    next: plan.next === null ? null : testJson(plan.next),
    reason: plan.reason,
    undecided: plan.undecided,
    expectedRemainingTests: roundTo(plan.expectedTests, 2),
    expectedRemainingHours: roundTo(plan.expectedHours, 1),
    followUps: plan.followUps.map((t) => ({
      ifIn: t.ifIn,
      probability: roundTo(t.probability),
      next: t.next === null ? null : testJson(t.next),
    })),
  };
}
