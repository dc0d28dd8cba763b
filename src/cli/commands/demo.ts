/**
 * `airtight demo` (what `npm start` runs until the server lands): plays a built-in scenario in
 * accelerated time and prints, every simulated interval, the cabin pressures, the true leaks and
 * the closed hatches. It shows the simulator only; detection and localization come later.
 */
import { loadScenario } from '../../config/index.js';
import { InputError, isoFromEpochS, paToMmHg } from '../../core/index.js';
import {
  advanceSimulation,
  createSimulation,
  isFinished,
  pressurePa,
  SampleBuffer,
} from '../../sim/index.js';
import type { Io } from '../io.js';

export interface DemoOptions {
  scenario: string;
  /** Simulated seconds per real second. */
  speed: number;
  /** Simulated minutes between printed lines. */
  everyMin: number;
  /** Stop after this many printed lines (0 = run to the end). */
  lines: number;
  /** Fast-forward to this time (epoch ms) before playing; undefined = from the start. */
  fromMs?: number;
}

export async function demoCommand(io: Io, options: DemoOptions, signal?: AbortSignal): Promise<void> {
  const scenario = loadScenario(options.scenario, { baseDir: io.cwd });
  const simulation = createSimulation(scenario);
  const buffer = new SampleBuffer();
  const realMsPerLine = (options.everyMin * 60 * 1000) / options.speed;
  io.out(
    `Airtight demo: ${scenario.name} on ${scenario.station.name}, ${options.speed}× real time ` +
      `(the simulator only: the live server with detection comes later; Ctrl-C stops)\n`,
  );
  if (options.fromMs !== undefined) {
    const skipS = (options.fromMs - scenario.startMs) / 1000;
    if (skipS < 0 || skipS > scenario.durationS)
      throw new InputError({
        where: '--from',
        problem: `must lie within the scenario (${isoFromEpochS(scenario.startMs / 1000)} + ${scenario.durationS / 3600} h)`,
        value: isoFromEpochS(options.fromMs / 1000),
      });
    io.out(`fast-forwarding to ${isoFromEpochS(options.fromMs / 1000)}…\n`);
    advanceSimulation(simulation, buffer, { untilS: skipS });
    buffer.clear();
  }
  let printed = 0;
  while (!isFinished(simulation) && !signal?.aborted && (options.lines === 0 || printed < options.lines)) {
    const tick = performance.now();
    advanceSimulation(simulation, buffer, { untilS: simulation.state.timeS + options.everyMin * 60 });
    buffer.clear();
    io.out(`${statusLine(simulation)}\n`);
    printed++;
    const wait = realMsPerLine - (performance.now() - tick);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

function statusLine(simulation: ReturnType<typeof createSimulation>): string {
  const { state } = simulation;
  const { station } = state;
  const time = isoFromEpochS(state.scenario.startMs / 1000 + state.timeS);
  // One pressure per group of modules joined by open hatches, the biggest group first.
  const groups = state.topology.groups
    .map((group) => {
      const modules = Array.from(group.modules);
      const volume = modules.reduce((sum, i) => sum + (station.modules[i]?.volumeM3 ?? 0), 0);
      const largest = modules.reduce((a, b) =>
        (station.modules[b]?.volumeM3 ?? 0) > (station.modules[a]?.volumeM3 ?? 0) ? b : a,
      );
      const name = station.modules[largest]?.id ?? '';
      const label = modules.length > 1 ? `${name}+${modules.length - 1}` : name;
      return { volume, text: `${label} ${paToMmHg(pressurePa(state.gas, largest)).toFixed(1)}` };
    })
    .sort((a, b) => b.volume - a.volume);
  const leaks = state.leaks
    .filter((l) => l.purpose === 'leak')
    .map((l) => `${l.id} in ${station.modules[l.module]?.id}`);
  return [
    `${time.slice(0, 16)}Z`,
    `mmHg: ${groups.map((g) => g.text).join(', ')}`,
    leaks.length > 0 ? `true leaks: ${leaks.join('; ')}` : 'no leak',
  ].join(' | ');
}
