// The reserve time of a leak in a module closed off from the crew's cabin: the module's own, and
// the two joined were its hatch opened, against DOMAIN.md §4's closed form on the simulator's gas.
import { describe, expect, it } from 'vitest';
import { caseScenario, runCase } from '../../bench/cases.js';
import { mmHgToPa } from '../core/index.js';
import { moduleMassKg, pressurePa, simulationTruth } from '../sim/index.js';
import { buildReport } from './index.js';

/** DOMAIN.md §4: T_res = p·T1mm·ln(p/490) for an orifice, T1mm the seconds to lose 1 mmHg [h]. */
function closedFormH(massKg: number, pressure: number, rateKgPerDay: number): number {
  const t1mm = ((massKg / pressure) * mmHgToPa(1)) / (rateKgPerDay / 86400);
  const p = pressure / mmHgToPa(1);
  return (p * t1mm * Math.log(p / 490)) / 3600;
}

describe('the reserve time of a leak closed off from the cabin', () => {
  // 3 kg/day through an orifice in Zvezda's PrK; its hatch closed after 2 h, watched 6 h more
  const scenario = caseScenario({
    seed: 41,
    hours: 8,
    events: [
      '{ at_h: 0, hatch: zvezda-ro-zvezda-prk, state: open }',
      '{ at_h: 0, leak: { id: prk-hole, module: zvezda-prk, law: orifice, cd: 1, rate_kg_day: 3 } }',
      '{ at_h: 2, hatch: zvezda-ro-zvezda-prk, state: closed }',
    ],
  });
  const { monitor, sim } = runCase(scenario);
  const { leak } = buildReport(monitor);
  const { gas, moduleIndex } = sim.state;
  const prk = moduleIndex.get('zvezda-prk') as number;
  const prkMass = moduleMassKg(gas, prk);
  const prkPa = pressurePa(gas, prk);
  // the rest of the station: the modules joined to Zvezda's RO at the end (at its pressure; the aft
  // Progress is closed off, and modules not docked hold no gas)
  const roPa = pressurePa(gas, moduleIndex.get('zvezda-ro') as number);
  const rest = [...moduleIndex.entries()].filter(
    ([id, i]) => id !== 'zvezda-prk' && Math.abs(pressurePa(gas, i) - roPa) < mmHgToPa(1),
  );
  const restMass = rest.reduce((s, [, i]) => s + moduleMassKg(gas, i), 0);
  const restKgPerPa = rest.reduce((s, [, i]) => s + moduleMassKg(gas, i) / pressurePa(gas, i), 0);
  const trueRate = simulationTruth(sim).leaks[0]?.rate_kg_per_day.at(-1)?.[1] ?? Number.NaN;

  it('is the closed-off module’s own, named as such', () => {
    expect(leak.reserveModules).toEqual(['zvezda-prk']);
    const truth = closedFormH(prkMass, prkPa, trueRate);
    // the PrK fell ~80 mmHg in the 6 h: hours left, not the station's months
    expect(truth).toBeLessThan(48);
    // 13.7 h against 13.6
    expect(Math.abs((leak.reserveTimeH as number) / truth - 1)).toBeLessThan(0.05);
  });

  it('says what the crew would have were the hatch opened: both at the mixed pressure, the orifice’s flow scaled there', () => {
    const kgPerPa = prkMass / prkPa + restKgPerPa;
    const mixedPa = (prkMass + restMass) / kgPerPa;
    // choked orifice flow is proportional to the upstream pressure
    const truth = closedFormH(prkMass + restMass, mixedPa, (trueRate * mixedPa) / prkPa);
    expect(truth).toBeGreaterThan(24 * 30);
    // 3,939 h against 3,921; at the PrK's own rate, unscaled, 14 % longer (its 656 mmHg against 745)
    expect(Math.abs((leak.reserveIfOpenedH as number) / truth - 1)).toBeLessThan(0.05);
  });
});

describe('the severity of a leak closed off in a module no crew lives in', () => {
  // the PrK (habitable: false) open to the station for a day, then 3 kg/day through an orifice in
  // it from hour 24, its hatch closed at hour 26
  const scenario = caseScenario({
    seed: 41,
    hours: 34,
    events: [
      '{ at_h: 0, hatch: zvezda-ro-zvezda-prk, state: open }',
      '{ at_h: 24, leak: { id: prk-hole, module: zvezda-prk, law: orifice, cd: 1, rate_kg_day: 3 } }',
      '{ at_h: 26, hatch: zvezda-ro-zvezda-prk, state: closed }',
    ],
  });
  const { monitor } = runCase(scenario);

  it('is graded by the crew’s reserve were it opened, not by its own', () => {
    const prk = monitor.alarms.filter((a) => a.kind === 'leak' && a.modules?.join() === 'zvezda-prk');
    // its own reserve to 490 mmHg, 21 h, made it CRITICAL; joined to the cabin, 178 days
    expect(prk.map((a) => a.severity)).toEqual(['WARNING']);
    expect((prk[0]?.reserveTimeMin ?? Number.NaN) / 60).toBeLessThan(24);
    expect(prk[0]?.message).toMatch(
      /; not habitable and closed off, graded by the reserve were it opened to zarya, .*: (\d+) days$/,
    );
    const days = Number(/: (\d+) days$/.exec(prk[0]?.message ?? '')?.[1]);
    expect(days).toBeGreaterThan(100);
    // its reserve time carries the 90 % interval of the rate it was taken at (the detection bench
    // measures how often such intervals hold the truth)
    const [low, high] = prk[0]?.reserveTimeMin90 ?? [Number.NaN, Number.NaN];
    const reserve = prk[0]?.reserveTimeMin ?? Number.NaN;
    expect(low).toBeLessThan(reserve);
    expect(high ?? Number.POSITIVE_INFINITY).toBeGreaterThan(reserve);
    // and the message tells them, in hours below two days, the interval rounded outwards
    const told = /; reserve ([\d.]+) h to 490 mmHg \(90 %: ([\d.]+) to ([\d.]+) h\)/.exec(
      prk[0]?.message ?? '',
    );
    expect(told).not.toBeNull();
    const [h, lowH, highH] = (told ?? []).slice(1).map(Number) as [number, number, number];
    expect(Math.abs(h - reserve / 60)).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(lowH).toBeLessThanOrEqual(low / 60);
    expect(lowH).toBeGreaterThan(low / 60 - 0.1);
    expect(highH).toBeGreaterThanOrEqual((high ?? Number.NaN) / 60);
    expect(highH).toBeLessThan((high ?? Number.NaN) / 60 + 0.1);
  });

  it('calls no fault on the PrK’s dial gauge (whole mmHg) for its first reading being 1.3 mmHg low', () => {
    expect(monitor.alarms.filter((a) => a.kind === 'sensor-fault')).toEqual([]);
  });
});
