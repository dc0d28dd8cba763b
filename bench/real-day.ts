// The real ISS day read once into memory (samples in SI), for injection experiments.
import type { Station } from '../src/core/index.js';
import { readTelemetry } from '../src/ingest/index.js';
import type { Samples } from './inject.js';

const cache = new Map<string, Promise<Samples>>();

export function ingestAll(path: string, station: Station, year: number): Promise<Samples> {
  let pending = cache.get(path);
  if (pending === undefined) {
    pending = (async () => {
      const time: number[] = [];
      const channel: number[] = [];
      const value: number[] = [];
      for await (const b of readTelemetry(path, { station, year }).batches) {
        for (let i = 0; i < b.length; i++) {
          time.push(b.time[i] as number);
          channel.push(b.channel[i] as number);
          value.push(b.value[i] as number);
        }
      }
      return {
        time: Float64Array.from(time),
        channel: Int32Array.from(channel),
        value: Float64Array.from(value),
        length: time.length,
      };
    })();
    cache.set(path, pending);
  }
  return pending;
}
