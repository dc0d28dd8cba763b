import { describe, expect, it } from 'vitest';
import { huntScenarioYaml } from '../../bench/localization.js';
import { loadStation, parseDocumentText, scenarioFromDocument } from '../config/index.js';
import {
  advanceSimulation,
  convertToSI,
  createSimulation,
  moduleMassKg,
  SampleBuffer,
  type Simulation,
} from '../sim/index.js';
import {
  createMonitor,
  defaultMonitorOptions,
  finishMonitor,
  type MonitorState,
  monitorBatch,
} from './index.js';

// A leak-hunt ISS (bench/localization.ts), Zvezda RO leaking 0.55 kg/day, Nauka closed off alone for 3.25 h:
// Nauka holds no leak, its gas mass does not change, only its temperature drifts.
const SCENARIO = `${huntScenarioYaml({ module: 'zvezda-ro', rateKgPerDay: 0.549, seed: 102 })}  - { at_h: 30, hatch: zvezda-pkho-nauka, state: closed }
  - { at_h: 30, hatch: nauka-prichal, state: closed }
  - { at_h: 33.25, hatch: zvezda-pkho-nauka, state: open }
  - { at_h: 33.25, hatch: nauka-prichal, state: open }
`;

/** Scenario events closing hatches at `fromH` and opening them at `toH`. */
function closedFor(fromH: number, toH: number, hatches: readonly string[]): string {
  return hatches
    .map(
      (h) =>
        `  - { at_h: ${fromH}, hatch: ${h}, state: closed }\n  - { at_h: ${toH}, hatch: ${h}, state: open }\n`,
    )
    .join('');
}

/**
 * Simulates the scenario to `untilH` with the monitor watching (no scans: isolation periods only),
 * calling `each` after every 15 simulated minutes; the finished monitor.
 */
function watch(yaml: string, untilH: number, each?: (sim: Simulation) => void): MonitorState {
  const scenario = scenarioFromDocument(parseDocumentText(yaml, 'isolated.yaml'), 'isolated', (n, d) =>
    loadStation(n, d),
  );
  const sim = createSimulation(scenario);
  const monitor = createMonitor(scenario.station, {
    ...defaultMonitorOptions(scenario.station),
    scanWindowsS: [],
  });
  const units = scenario.station.sensors.map((s) => s.unit);
  const buffer = new SampleBuffer();
  while (sim.state.timeS < untilH * 3600) {
    advanceSimulation(sim, buffer, { untilS: sim.state.timeS + 900 });
    convertToSI(buffer, units);
    monitorBatch(monitor, buffer);
    buffer.clear();
    each?.(sim);
  }
  finishMonitor(monitor);
  return monitor;
}

/** p/T of the station's nominal cabin: a sealed volume's coupling [Pa/K]. */
const P_OVER_T = (() => {
  const iss = loadStation('iss');
  return iss.nominalPressurePa / iss.airTemperatureK;
})();

describe('a module closed off for a few hours', () => {
  it('reads no leak where there is none: its coupling comes from the earlier long fit, not the short window', () => {
    let before = Number.NaN;
    let after = Number.NaN;
    const monitor = watch(SCENARIO, 34, (sim) => {
      const nauka = sim.state.moduleIndex.get('nauka') as number;
      const h = sim.state.timeS / 3600;
      if (Math.abs(h - 30.25) < 1e-6) before = moduleMassKg(sim.state.gas, nauka);
      if (Math.abs(h - 33) < 1e-6) after = moduleMassKg(sim.state.gas, nauka);
    });
    // the truth: no gas leaves Nauka while it is closed off
    expect(Math.abs(after - before)).toBeLessThan(1e-6);
    const segment = monitor.segments.find((s) => s.modules.length === 1 && s.modules[0] === 'nauka');
    const e = segment?.estimate;
    expect(e).toBeTruthy();
    if (!e) return;
    // its 90 % interval holds the true zero (a coupling fitted on the 3.25 h window read
    // −0.26 ± 0.08 kg/day here, an interval of −0.39 to −0.13)
    expect(e.low90).toBeLessThanOrEqual(0);
    expect(e.high90).toBeGreaterThanOrEqual(0);
    // and the coupling is that of a sealed volume read by a bulk thermometer, p/T, within 30 %
    expect(Math.abs(e.couplingPaPerK / P_OVER_T - 1)).toBeLessThan(0.3);
  }, 120_000);

  // The Crew Dragon (with PMA-3 and the Cupola) closed off for 3 h half an hour after a 4 h test has
  // ended (Zvezda RO with PrK and the aft Progress, Columbus, Leonardo closed off, then rejoined), as
  // a leak hunt did: the rejoined station's fits are short, and must not
  // stand in for the long fit the Crew Dragon borrows its coupling from (when they did, it read a
  // gain of 0.047 ± 0.011 kg/day with a coupling of 94 Pa/K).
  it('reads no leak where there is none after an earlier test has ended', () => {
    const yaml = `${huntScenarioYaml({ module: 'zvezda-prk', rateKgPerDay: 0.556, seed: 103 })}${closedFor(
      31,
      35,
      ['zvezda-pkho-zvezda-ro', 'node2-columbus', 'node3-leonardo'],
    )}${closedFor(35.5, 38.5, ['pma2-crew-dragon', 'node2-pma3', 'node3-cupola'])}`;
    const monitor = watch(yaml, 39);
    const e = monitor.segments.find(
      (s) => s.modules.length === 1 && s.modules[0] === 'crew-dragon',
    )?.estimate;
    expect(e).toBeTruthy();
    if (!e) return;
    expect(e.low90).toBeLessThanOrEqual(0);
    expect(e.high90).toBeGreaterThanOrEqual(0);
    expect(Math.abs(e.couplingPaPerK / P_OVER_T - 1)).toBeLessThan(0.3);
  }, 120_000);
});
