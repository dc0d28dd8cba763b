/**
 * Collects samples into columnar batches of a fixed size and keeps the totals for the report. A
 * reader pushes a bounded amount (one piece of a file) and then hands the finished batches on.
 */
import type { SampleBatch } from './types.js';

export class BatchBuilder {
  /** Samples accepted so far. */
  samples = 0;
  /** Earliest and latest accepted time [epoch s]. */
  firstTime = Number.POSITIVE_INFINITY;
  lastTime = Number.NEGATIVE_INFINITY;
  private time: Float64Array;
  private channel: Int32Array;
  private value: Float64Array;
  private length = 0;
  private finished: SampleBatch[] = [];

  constructor(private readonly size: number) {
    this.time = new Float64Array(size);
    this.channel = new Int32Array(size);
    this.value = new Float64Array(size);
  }

  /** Adds a sample: time [epoch s], channel index, value in SI. */
  push(time: number, channel: number, value: number): void {
    const i = this.length++;
    this.time[i] = time;
    this.channel[i] = channel;
    this.value[i] = value;
    this.samples++;
    if (time < this.firstTime) this.firstTime = time;
    if (time > this.lastTime) this.lastTime = time;
    if (this.length === this.size) this.finish();
  }

  /** True when full batches wait to be drained. */
  get hasFull(): boolean {
    return this.finished.length > 0;
  }

  /** The full batches since the last call; with `all`, the partly filled one too. */
  drain(all = false): SampleBatch[] {
    if (all && this.length > 0) this.finish();
    const batches = this.finished;
    this.finished = [];
    return batches;
  }

  private finish(): void {
    const length = this.length;
    const whole = length === this.size;
    this.finished.push({
      time: whole ? this.time : this.time.slice(0, length),
      channel: whole ? this.channel : this.channel.slice(0, length),
      value: whole ? this.value : this.value.slice(0, length),
      length,
    });
    if (whole) {
      this.time = new Float64Array(this.size);
      this.channel = new Int32Array(this.size);
      this.value = new Float64Array(this.size);
    }
    this.length = 0;
  }
}
