/** The state one read shares among its parts: the station's channels, the tally and the batches. */
import type { Station } from '../core/index.js';
import { BatchBuilder } from './batch-builder.js';
import { type ChannelTable, channelTable } from './channel-table.js';
import { IngestTally } from './report.js';
import type { IngestOptions } from './types.js';

export interface Reading {
  station: Station;
  channels: ChannelTable;
  tally: IngestTally;
  batches: BatchBuilder;
}

export function startReading(options: IngestOptions, batchSize: number): Reading {
  return {
    station: options.station,
    channels: channelTable(options.station),
    tally: new IngestTally(options),
    batches: new BatchBuilder(batchSize),
  };
}
