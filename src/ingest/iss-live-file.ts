/**
 * One ISS Live channel file (`<channel>.txt`, lines `<GMT decimal> <value>`) as a time-ordered
 * source. Lines may be slightly out of order, so each file keeps a reorder buffer of REORDER_WINDOW_S:
 * a sample leaves only once a line 10 minutes later has been read (or the file has ended). A line more
 * than 10 minutes earlier than the latest line of its file could no longer be put in order and is a
 * bad row ('out of order'). The feed has no year: GMT decimal counts from 1 January of `year`, values
 * past the year's end roll into the next one, and a fall of more than half a year (the feed starting
 * again at day 1 on New Year) moves the file into the next year.
 */
import { epochSFromGmtDecimal } from '../core/index.js';
import { parseNumber } from './fields.js';
import { readLines } from './line-reader.js';
import { MinHeap } from './min-heap.js';
import type { Reading } from './reading.js';

/** Disorder tolerated within a file [s]. */
export const REORDER_WINDOW_S = 600;
const NEW_YEAR_FALL_S = 182 * 86400;
/** Largest gap [s] across New Year that still reads as the feed restarting at day 1. */
const NEW_YEAR_GAP_S = 30 * 86400;
const FIELD_SEPARATOR = /\s+/;
/** Characters read from a file at a time: a folder may hold a hundred files open at once. */
const PIECE_CHARS = 1 << 16;

export interface PendingSample {
  /** Epoch seconds. */
  time: number;
  /** SI value. */
  value: number;
  /** Order read, to keep equal times in file order. */
  seq: number;
}

const earlier = (a: PendingSample, b: PendingSample): boolean =>
  a.time < b.time || (a.time === b.time && a.seq < b.seq);

export class IssLiveFile {
  private readonly lines: AsyncGenerator<(string | null)[]>;
  private buffer: (string | null)[] = [];
  private next = 0;
  private line = 0;
  private ended = false;
  private readonly pending = new MinHeap<PendingSample>(earlier);
  /** Latest time read [epoch s]. */
  private latest = Number.NEGATIVE_INFINITY;
  private yearsRolled = 0;
  private seq = 0;

  constructor(
    readonly path: string,
    /** Index into the station's sensors. */
    readonly channel: number,
    private readonly year: number,
    private readonly reading: Reading,
  ) {
    this.lines = readLines(path, PIECE_CHARS);
  }

  /** The next sample to take, once `prepare()` has said there is one. */
  get head(): PendingSample | undefined {
    return this.pending.peek();
  }

  /**
   * Reads until the earliest pending sample can leave: true when there is one, false when the file
   * is done. Synchronous unless more of the file has to be read.
   */
  prepare(): boolean | Promise<boolean> {
    for (;;) {
      const top = this.pending.peek();
      if (top !== undefined && (this.ended || top.time <= this.latest - REORDER_WINDOW_S)) return true;
      if (this.ended) return false;
      if (this.next < this.buffer.length) this.readLine(this.buffer[this.next++] as string | null);
      else return this.refill().then(() => this.prepare());
    }
  }

  take(): PendingSample {
    return this.pending.pop() as PendingSample;
  }

  /** Stops reading the file early (a strict-mode error elsewhere). */
  async close(): Promise<void> {
    await this.lines.return(undefined);
  }

  private async refill(): Promise<void> {
    const piece = await this.lines.next();
    if (piece.done) this.ended = true;
    else {
      this.buffer = piece.value;
      this.next = 0;
    }
  }

  /** Reads one line into the reorder buffer; false when it was rejected. */
  private readLine(text: string | null): boolean {
    const { tally, channels } = this.reading;
    const line = ++this.line;
    if (text === null) {
      tally.rows++;
      return tally.reject(this.path, line, 'line too long');
    }
    const trimmed = text.trim();
    if (trimmed === '') return true;
    tally.rows++;
    const fields = trimmed.split(FIELD_SEPARATOR);
    if (fields.length !== 2) return tally.reject(this.path, line, 'wrong number of fields', trimmed);
    const gmt = parseNumber(fields[0] as string);
    if (Number.isNaN(gmt)) return tally.reject(this.path, line, 'unparseable time', fields[0]);
    const x = parseNumber(fields[1] as string);
    if (Number.isNaN(x)) return tally.reject(this.path, line, 'not a number', fields[1]);
    let time = epochSFromGmtDecimal(gmt, this.year + this.yearsRolled);
    if (time < this.latest - NEW_YEAR_FALL_S) {
      const rolled = epochSFromGmtDecimal(gmt, this.year + this.yearsRolled + 1);
      if (rolled >= this.latest - REORDER_WINDOW_S && rolled <= this.latest + NEW_YEAR_GAP_S) {
        this.yearsRolled++;
        time = rolled;
      }
    }
    if (time < this.latest - REORDER_WINDOW_S) return tally.reject(this.path, line, 'out of order', trimmed);
    if (time > this.latest) this.latest = time;
    const k = this.channel;
    this.pending.push({
      time,
      value: x * (channels.scale[k] as number) + (channels.offset[k] as number),
      seq: this.seq++,
    });
    return true;
  }
}
