/** `airtight scenarios`: the built-in scenarios. */
import { builtinNames, loadScenario } from '../../config/index.js';
import { isoFromEpochS } from '../../core/index.js';
import type { Io } from '../io.js';
import { formatTable } from '../table.js';

export function listScenarios(io: Io, options: { json?: boolean }): void {
  const scenarios = builtinNames('scenario').map((name) => ({ name, scenario: loadScenario(name) }));
  const rows = scenarios.map(({ name, scenario }) => ({
    name,
    station: scenario.station.id,
    start: isoFromEpochS(scenario.startMs / 1000),
    durationH: scenario.durationS / 3600,
    stepS: scenario.stepS,
    description: scenario.description ?? '',
  }));
  if (options.json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  io.out(
    `${formatTable(
      ['name', 'station', 'start', 'hours', 'step s', 'what happens'],
      rows.map((r) => [
        r.name,
        r.station,
        r.start.slice(0, 16),
        r.durationH,
        r.stepS,
        r.description.split('\n')[0] ?? '',
      ]),
    )}\n`,
  );
}
