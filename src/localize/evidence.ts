/**
 * The isolation evidence in an analysis: for every hatch configuration, the leak rate each of its
 * groups showed over that configuration alone (not a trailing window reaching back across hatch
 * changes, which would mix what other groups lost). A group whose air had not yet mixed after
 * joining (`settling`), or that has no estimate, is left out; a short configuration stays in with
 * its wide standard error, so it moves the posterior as little as it should.
 *
 * When a configuration splits the station's life support (O2 generators and CO2 removal in more
 * than one group), O2 is made in one group and breathed in another, in amounts the telemetry
 * cannot place: the groups where the crew lives (those with CO2 removal) whose inventory is the
 * total pressure (no ppN2 measured) then carry, on top of their standard error, the crew's whole
 * metabolic O2 use as an uncertainty. Groups closed off
 * from the crew (generators switched off, as a test procedure asks) keep their own.
 */
import { CREW_O2_KG_PER_DAY, type Station } from '../core/index.js';
import { byConfiguration, type SegmentResult } from '../monitor/index.js';
import type { IsolationPeriod } from './posterior.js';

export function isolationPeriods(segments: readonly SegmentResult[], station?: Station): IsolationPeriod[] {
  const scrubbers = new Set(station?.scrubbers.filter((s) => s.gas === 'co2').map((s) => s.module) ?? []);
  const lifeSupport = new Set([...scrubbers, ...(station?.generators.map((g) => g.module) ?? [])]);
  const splitSd = (station?.crew.nominal ?? 0) * CREW_O2_KG_PER_DAY;
  return byConfiguration(segments)
    .map((groups) => {
      const split = groups.filter((g) => g.modules.some((m) => lifeSupport.has(m))).length > 1;
      return {
        groups: groups.flatMap((g) => {
          // the configuration's last day, the evidence the posterior and its wander model were
          // built and checked on: a whole 48 h weekend's rate is sharper than the posterior's
          // model of a test (a closed-off module's leak slows as its pressure falls)
          const e = g.lastDay;
          if (e === null || g.settling !== null || !(e.seKgPerS > 0)) return [];
          const se = e.seKgPerS * 86400;
          // a nitrogen inventory does not move with O2 made or breathed; a total-pressure one does
          const crewed = split && g.kind === 'total' && g.modules.some((m) => scrubbers.has(m));
          return [
            {
              moduleIds: g.modules,
              rateKgPerDay: e.rateKgPerS * 86400,
              seKgPerDay: crewed ? Math.hypot(se, splitSd) : se,
            },
          ];
        }),
      };
    })
    .filter((p) => p.groups.length > 0);
}
