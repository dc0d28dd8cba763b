/**
 * The batches a CSV or JSON Lines reader pushes into: each sample passes through the file's TimeOrder
 * (plausible times, reordered within 10 minutes, far jumps checked) before it reaches the BatchBuilder.
 */
import type { BatchBuilder } from './batch-builder.js';
import type { TimeOrder } from './time-order.js';
import type { SampleBatch } from './types.js';

export class OrderedBatches {
  constructor(
    private readonly order: TimeOrder,
    private readonly builder: BatchBuilder,
  ) {}

  /** Adds a sample read at `line`: time [epoch s], channel index, value in SI. */
  push(time: number, channel: number, value: number, line: number): void {
    this.order.push(time, channel, value, line);
  }

  /**
   * The full batches of the samples that can leave the delay line; with `all` (the file has ended),
   * every sample, and the partly filled batch too.
   */
  drain(all = false): SampleBatch[] {
    if (all) this.order.finish();
    this.order.release(this.builder);
    return this.builder.drain(all);
  }
}
