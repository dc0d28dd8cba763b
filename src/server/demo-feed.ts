/**
 * The demo feed (CONTRACT.md §1): while no real telemetry arrives, the server plays a built-in
 * scenario (the 2020 PrK story) in accelerated time through the live pipeline, as `airtight demo`
 * does in the terminal: fast-forward unwatched to a day before `from`, then a watched day so the
 * monitor has the history its scans need, then live at `speed` simulated seconds per real second.
 * Long simulation runs are cut into slices so the server keeps answering meanwhile.
 */
import type { Scenario } from '../core/index.js';
import {
  advanceSimulation,
  convertToSI,
  createSimulation,
  isFinished,
  SampleBuffer,
  type Simulation,
  stationAsItIs,
} from '../sim/index.js';
import type { SampleColumns } from '../store/index.js';
import type { Pipeline } from './pipeline.js';

export interface DemoOptions {
  /** Fast-forward to this time [epoch ms] before playing live; undefined = from the start. */
  fromMs?: number;
  /** Simulated seconds per real second. */
  speed: number;
  /** Real milliseconds between live batches. */
  tickMs: number;
}

export type DemoPhase = 'fast-forward' | 'warm-up' | 'live' | 'stopped' | 'finished';

export interface DemoStatus {
  scenario: string;
  phase: DemoPhase;
  error: string | null;
  /** Simulated time now (ISO 8601). */
  time: string;
  speed: number;
}

/** History the monitor reads before going live [s]. */
const MONITOR_HISTORY_S = 24 * 3600;
/** Simulated seconds per slice while fast-forwarding (unwatched, watched). */
const SKIP_SLICE_S = 7 * 86400;
const WATCH_SLICE_S = 3600;

export class DemoFeed {
  phase: DemoPhase = 'fast-forward';
  private readonly simulation: Simulation;
  private readonly buffer = new SampleBuffer();
  private readonly units: string[];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Ends the live phase's wait at once when the demo is stopped between ticks. */
  private wake: (() => void) | null = null;
  /** Why the demo stopped by itself, if it failed. */
  error: string | null = null;
  readonly done: Promise<void>;

  constructor(
    private readonly scenario: Scenario,
    private readonly pipeline: Pipeline,
    private readonly options: DemoOptions,
  ) {
    this.simulation = createSimulation(scenario);
    this.units = scenario.station.sensors.map((s) => s.unit);
    this.done = this.run().catch((error: unknown) => {
      this.error = error instanceof Error ? error.message : String(error);
      this.stop();
    });
  }

  status(): DemoStatus {
    return {
      scenario: this.scenario.name,
      phase: this.phase,
      error: this.error,
      time: new Date(this.scenario.startMs + this.simulation.state.timeS * 1000).toISOString(),
      speed: this.options.speed,
    };
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.phase !== 'finished') this.phase = 'stopped';
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.wake?.();
  }

  private async run(): Promise<void> {
    const { simulation } = this;
    const skipS =
      this.options.fromMs === undefined
        ? 0
        : Math.min(
            this.scenario.durationS,
            Math.max(0, (this.options.fromMs - this.scenario.startMs) / 1000),
          );
    const watchFromS = Math.max(0, skipS - MONITOR_HISTORY_S);
    while (!this.stopped && simulation.state.timeS < watchFromS && !isFinished(simulation)) {
      advanceSimulation(simulation, this.buffer, {
        untilS: Math.min(watchFromS, simulation.state.timeS + SKIP_SLICE_S),
      });
      this.buffer.clear();
      await yieldToServer();
    }
    if (this.stopped) return;
    this.phase = 'warm-up';
    // the controllers know the configuration the station is in when they start watching
    this.pipeline.reset(stationAsItIs(simulation.state), 'demo');
    while (!this.stopped && simulation.state.timeS < skipS && !isFinished(simulation)) {
      await this.step(Math.min(skipS, simulation.state.timeS + WATCH_SLICE_S));
      await yieldToServer();
    }
    if (this.stopped) return;
    this.phase = 'live';
    this.pipeline.broadcast({ type: 'demo', running: true, note: `playing ${this.scenario.name} live` });
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      const tick = async (): Promise<void> => {
        if (this.stopped || isFinished(simulation)) {
          if (isFinished(simulation)) this.phase = 'finished';
          resolve();
          return;
        }
        const started = performance.now();
        try {
          await this.step(simulation.state.timeS + (this.options.speed * this.options.tickMs) / 1000);
        } catch (error) {
          this.error = error instanceof Error ? error.message : String(error);
          this.stop();
          resolve();
          return;
        }
        const wait = Math.max(0, this.options.tickMs - (performance.now() - started));
        this.timer = setTimeout(() => void tick(), wait);
      };
      void tick();
    });
  }

  /** Advances the simulation to `untilS` and hands its telemetry to the pipeline. */
  private async step(untilS: number): Promise<void> {
    advanceSimulation(this.simulation, this.buffer, { untilS });
    convertToSI(this.buffer, this.units);
    const n = this.buffer.length;
    const batch: SampleColumns = {
      time: this.buffer.time.slice(0, n),
      channel: this.buffer.channel.slice(0, n),
      value: this.buffer.value.slice(0, n),
      length: n,
    };
    this.buffer.clear();
    if (!this.stopped) await this.pipeline.ingest(batch, 'demo');
  }
}

function yieldToServer(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
