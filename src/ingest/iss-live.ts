/**
 * ISS Live folder (CONTRACT.md §3): one `<channel>.txt` per channel, or `<channel>.txt.gz` gzipped
 * (an archive's; read through gunzip as it streams). Files named after a station
 * channel are merged into one stream, non-decreasing in time (each file through its reorder buffer,
 * see IssLiveFile and TimeOrder); other `.txt` files are counted as unknown channels (count = lines); anything else
 * (README.md, …) is ignored.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/index.js';
import { unreadable } from './fs-errors.js';
import { IssLiveFile } from './iss-live-file.js';
import { readLines } from './line-reader.js';
import { MinHeap } from './min-heap.js';
import type { Reading } from './reading.js';
import type { SampleBatch } from './types.js';

export async function* readIssLive(
  folder: string,
  reading: Reading,
  year: number,
): AsyncGenerator<SampleBatch> {
  const { channels, tally, builder } = reading;
  const names = channelFiles(folder);
  tally.files.push(...names.map(([name]) => join(folder, name)));

  const files: IssLiveFile[] = [];
  for (const [name, id] of names) {
    const path = join(folder, name);
    const channel = channels.indexOf(id);
    if (channel >= 0) files.push(new IssLiveFile(path, channel, year, reading));
    else await countUnknown(path, id, reading);
  }

  // equal times leave in the station's channel order, so that a read replays exactly
  const queue = new MinHeap<IssLiveFile>((a, b) => {
    const ta = a.headTime;
    const tb = b.headTime;
    return ta < tb || (ta === tb && a.channel < b.channel);
  });
  try {
    for (const file of files) if (await file.prepare()) queue.push(file);
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      file.take(builder);
      if (builder.hasFull) yield* builder.drain();
      let more = file.prepare();
      if (typeof more !== 'boolean') more = await more;
      if (more) queue.push(file);
    }
  } finally {
    await Promise.all(files.map((file) => file.close()));
  }
  yield* builder.drain(true);
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

/** An ISS Live channel file's name ending: plain, or gzipped. */
export const CHANNEL_FILE = /\.txt(\.gz)?$/i;

/**
 * The folder's channel files and the channel each names, sorted by name: `<channel>.txt` or
 * `<channel>.txt.gz`. One channel in both forms is an error naming the two (read twice, every
 * sample would be its own duplicate).
 */
export function channelFiles(folder: string): [name: string, channel: string][] {
  let names: string[];
  try {
    names = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && CHANNEL_FILE.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw unreadable(folder, error);
  }
  const seen = new Map<string, string>();
  return names.map((name) => {
    const channel = name.replace(CHANNEL_FILE, '');
    const twin = seen.get(channel);
    if (twin !== undefined)
      throw new InputError({
        source: folder,
        problem: `holds channel ${channel} twice, plain and gzipped: keep one`,
        value: [twin, name],
      });
    seen.set(channel, name);
    return [name, channel];
  });
}
