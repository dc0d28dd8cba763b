/**
 * ISS Live folder (CONTRACT.md §3): one `<channel>.txt` per channel. Files named after a station
 * channel are merged into one stream, non-decreasing in time (each file through its reorder buffer,
 * see IssLiveFile); other `.txt` files are counted as unknown channels (count = lines); anything else
 * (README.md, …) is ignored.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { unreadable } from './fs-errors.js';
import { IssLiveFile, type PendingSample } from './iss-live-file.js';
import { readLines } from './line-reader.js';
import { MinHeap } from './min-heap.js';
import type { Reading } from './reading.js';
import type { SampleBatch } from './types.js';

export async function* readIssLive(
  folder: string,
  reading: Reading,
  year: number,
): AsyncGenerator<SampleBatch> {
  const { channels, tally, batches } = reading;
  let names: string[];
  try {
    names = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.txt'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw unreadable(folder, error);
  }
  tally.files.push(...names.map((name) => join(folder, name)));

  const files: IssLiveFile[] = [];
  for (const name of names) {
    const path = join(folder, name);
    const channel = channels.indexOf(name.slice(0, -'.txt'.length));
    if (channel >= 0) files.push(new IssLiveFile(path, channel, year, reading));
    else await countUnknown(path, name.slice(0, -'.txt'.length), reading);
  }

  // equal times leave in the station's channel order, so that a read replays exactly
  const queue = new MinHeap<IssLiveFile>((a, b) => {
    const ta = (a.head as PendingSample).time;
    const tb = (b.head as PendingSample).time;
    return ta < tb || (ta === tb && a.channel < b.channel);
  });
  try {
    for (const file of files) if (await file.prepare()) queue.push(file);
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      const sample = file.take();
      batches.push(sample.time, file.channel, sample.value);
      if (batches.hasFull) yield* batches.drain();
      let more = file.prepare();
      if (typeof more !== 'boolean') more = await more;
      if (more) queue.push(file);
    }
  } finally {
    await Promise.all(files.map((file) => file.close()));
  }
  yield* batches.drain(true);
}

/** Counts the non-blank lines of a file whose channel the station does not have. */
async function countUnknown(path: string, channel: string, reading: Reading): Promise<void> {
  let line = 0;
  let first = 0;
  let count = 0;
  for await (const lines of readLines(path)) {
    for (const text of lines) {
      line++;
      if (text !== null && text.trim() === '') continue;
      if (count++ === 0) first = line;
    }
  }
  if (count === 0) return;
  reading.tally.rows += count;
  reading.tally.unknownChannel(path, first, channel, count);
}
