// The server bench's telemetry feed, run as its own process (so the HTTP client's work is not
// counted against the server): posts each line of a file (one JSON array of samples per line) to
// /api/v1/telemetry, one request at a time as a feed keeps its batches in time order, and prints
// what it posted and how long the acknowledgements took as one JSON line.
//   node server-client.js <url> <token> <file>
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const [url, token, file] = process.argv.slice(2);
if (url === undefined || token === undefined || file === undefined)
  throw new Error('usage: server-client.js <url> <token> <file>');

/** Samples between two split times (to see whether the rate holds over the run). */
const SPLIT = 1_000_000;
const splits: number[] = [];
let samples = 0;
let requests = 0;
let waits = 0;
let started = Number.NaN;
for await (const body of createInterface({
  input: createReadStream(file),
  crlfDelay: Number.POSITIVE_INFINITY,
})) {
  if (body === '') continue;
  if (Number.isNaN(started)) started = performance.now();
  for (;;) {
    const answer = await fetch(`${url}/api/v1/telemetry`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    const text = await answer.text();
    if (answer.status === 503) {
      // the monitor is behind: wait as told, then send the same batch again
      waits++;
      await new Promise((resolve) =>
        setTimeout(resolve, 1000 * Number(answer.headers.get('retry-after') ?? 1)),
      );
      continue;
    }
    if (answer.status !== 200) throw new Error(`ingest answered ${answer.status}: ${text}`);
    const before = samples;
    samples += (JSON.parse(text) as { accepted: number }).accepted;
    if (Math.floor(samples / SPLIT) > Math.floor(before / SPLIT))
      splits.push((performance.now() - started) / 1000);
    requests++;
    break;
  }
}
const seconds = (performance.now() - started) / 1000;
// how far the monitor was behind at the last acknowledgement, and how long it took to catch up
const health = async () =>
  ((await (await fetch(`${url}/api/v1/health`)).json()) as { monitor: { lagSamples: number; lagS: number } })
    .monitor;
const end = await health();
const drainStarted = performance.now();
while ((await health()).lagSamples > 0) await new Promise((resolve) => setTimeout(resolve, 10));
const cpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({
    samples,
    requests,
    refused: waits,
    seconds,
    lagSamples: end.lagSamples,
    lagS: end.lagS,
    drainS: end.lagSamples === 0 ? 0 : (performance.now() - drainStarted) / 1000,
    cpuS: (cpu.user + cpu.system) / 1e6,
    splits,
  })}\n`,
);
