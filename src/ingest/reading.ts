/**
 * The state one read shares among its parts: the station's channels, the tally, the batch builder
 * and, for a CSV or JSON Lines file, the time order its samples pass through on the way there.
 */
import type { Station } from '../core/index.js';
import { BatchBuilder } from './batch-builder.js';
import { type ChannelTable, channelTable } from './channel-table.js';
import { OrderedBatches } from './ordered-batches.js';
import { IngestTally } from './report.js';
import { TimeOrder } from './time-order.js';
import type { IngestOptions } from './types.js';

export interface Reading {
  station: Station;
  channels: ChannelTable;
  tally: IngestTally;
  /** Where samples in time order go (ISS Live merges its files' time orders into it). */
  builder: BatchBuilder;
  /** Where a CSV or JSON Lines reader pushes its samples, with their line numbers. */
  batches: OrderedBatches;
}

/** A fresh read of `source` (a file, or an ISS Live folder). */
export function startReading(source: string, options: IngestOptions, batchSize: number): Reading {
  const tally = new IngestTally(options);
  const builder = new BatchBuilder(batchSize);
  return {
    station: options.station,
    channels: channelTable(options.station),
    tally,
    builder,
    batches: new OrderedBatches(new TimeOrder(source, tally), builder),
  };
}
