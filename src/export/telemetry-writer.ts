/**
 * Telemetry writers: one interface, one implementation per file format of CONTRACT.md §3.
 * Each takes columnar sample batches (epoch seconds, channel index, value) and streams them out.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gmtDecimalFromEpochS, InputError, isoFromEpochS } from '../core/index.js';
import { type FileSink, openFileSink } from './file-sink.js';

export const TELEMETRY_FORMATS = ['csv', 'jsonl', 'isslive'] as const;
export type TelemetryFormat = (typeof TELEMETRY_FORMATS)[number];

export interface SampleBatch {
  time: Float64Array;
  channel: Int32Array;
  value: Float64Array;
  length: number;
}

export interface TelemetryWriter {
  /** Writes a batch; resolves when the files can take more. */
  write(batch: SampleBatch): Promise<void>;
  /** Flushes and closes; resolves to the files written. */
  close(): Promise<string[]>;
  bytes(): number;
}

export interface WriterOptions {
  /** Channel names, indexed like the batches' channel column. */
  channels: readonly string[];
  /** Year the ISS Live GMT-decimal times count from. */
  year: number;
  /** Write every file gzipped (`telemetry.csv.gz`, `<channel>.txt.gz`), as archives keep telemetry. */
  gzip?: boolean;
}

/** Numbers as short as they can be without losing what a sensor resolves (12 significant digits). */
export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function openTelemetryWriter(
  format: TelemetryFormat,
  dir: string,
  options: WriterOptions,
): TelemetryWriter {
  mkdirSync(dir, { recursive: true });
  const sink = (name: string): FileSink =>
    options.gzip === true ? openFileSink(join(dir, `${name}.gz`), true) : openFileSink(join(dir, name));
  switch (format) {
    case 'csv':
      return lineWriter(sink(TELEMETRY_FILE.csv), 'time,channel,value\n', csvLine(options));
    case 'jsonl':
      return lineWriter(sink(TELEMETRY_FILE.jsonl), '', jsonLine(options));
    case 'isslive':
      return issLiveWriter(options, (name) => sink(channelFileName(name)));
  }
}

/** The file a CSV or JSON Lines writer writes (plain; `.gz` added when gzipped). */
const TELEMETRY_FILE = { csv: 'telemetry.csv', jsonl: 'telemetry.jsonl' } as const;

/** An ISS Live channel's file (plain; `.gz` added when gzipped). */
const channelFileName = (channel: string): string => `${channel}.txt`;

/** Every file name a writer may write for these channels, in every format, plain and gzipped. */
export function telemetryFileNames(channels: readonly string[]): string[] {
  return [TELEMETRY_FILE.csv, TELEMETRY_FILE.jsonl, ...channels.map(channelFileName)].flatMap((name) => [
    name,
    `${name}.gz`,
  ]);
}

type LineFormatter = (time: number, channel: number, value: number) => string;

function csvLine(options: WriterOptions): LineFormatter {
  const names = options.channels.map(csvField);
  return (time, channel, value) => `${isoFromEpochS(time)},${names[channel]},${formatValue(value)}\n`;
}

function jsonLine(options: WriterOptions): LineFormatter {
  const names = options.channels.map((c) => JSON.stringify(c));
  return (time, channel, value) =>
    `{"time":"${isoFromEpochS(time)}","channel":${names[channel]},"value":${formatValue(value)}}\n`;
}

function lineWriter(sink: FileSink, header: string, line: LineFormatter): TelemetryWriter {
  let started = false;
  return {
    async write(batch) {
      let text = started ? '' : header;
      started = true;
      for (let i = 0; i < batch.length; i++) {
        text += line(batch.time[i] as number, batch.channel[i] as number, batch.value[i] as number);
      }
      if (text !== '') await sink.append(text);
    },
    async close() {
      if (!started) await sink.append(header);
      await sink.close();
      return [sink.path];
    },
    bytes: () => sink.bytes(),
  };
}

/** ISS Live folder: one `<channel>.txt` per channel, lines `<GMT decimal> <value>` (DOMAIN.md §6). */
function issLiveWriter(options: WriterOptions, channelSink: (name: string) => FileSink): TelemetryWriter {
  const sinks = new Map<number, FileSink>();
  options.channels.forEach((name, k) => {
    if (/[\\/]|^\.\.?$/.test(name))
      throw new InputError({ problem: 'channel name cannot be an ISS Live file name', value: name });
    sinks.set(k, channelSink(name));
  });
  return {
    async write(batch) {
      const text = new Map<number, string>();
      for (let i = 0; i < batch.length; i++) {
        const k = batch.channel[i] as number;
        const line = `${gmtDecimalFromEpochS(batch.time[i] as number, options.year).toFixed(8)} ${formatValue(batch.value[i] as number)}\n`;
        text.set(k, (text.get(k) ?? '') + line);
      }
      await Promise.all([...text].map(([k, t]) => sinks.get(k)?.append(t)));
    },
    async close() {
      await Promise.all([...sinks.values()].map((s) => s.close()));
      return [...sinks.values()].map((s) => s.path);
    },
    bytes: () => [...sinks.values()].reduce((sum, s) => sum + s.bytes(), 0),
  };
}
