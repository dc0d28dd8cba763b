/**
 * One ISS Live channel file (`<channel>.txt`, lines `<GMT decimal> <value>`) as a time-ordered
 * source. Lines may be slightly out of order, so each file's samples pass through its own TimeOrder:
 * a sample leaves only once a line 10 minutes later has been read (or the file has ended); a line more
 * than 10 minutes earlier than the latest is a bad row ('out of order'), and implausible times and far
 * jumps are checked there too. The feed has no year: GMT decimal counts from 1 January of `year`,
 * values past the year's end roll into the next one, and a fall of more than half a year (the feed
 * starting again at day 1 on New Year) moves the file into the next year. Once it has, a line more
 * than half a year ahead is a late line of the year before (placed there, so in order within the
 * reorder window or rejected as out of order), never a second New Year.
 */
import { epochSFromGmtDecimal } from '../core/index.js';
import type { BatchBuilder } from './batch-builder.js';
import { parseNumber } from './fields.js';
import { readLines } from './line-reader.js';
import type { Reading } from './reading.js';
import { REORDER_WINDOW_S, TimeOrder } from './time-order.js';

const NEW_YEAR_FALL_S = 182 * 86400;
/** Largest gap [s] across New Year that still reads as the feed restarting at day 1. */
const NEW_YEAR_GAP_S = 30 * 86400;
const FIELD_SEPARATOR = /\s+/;
/** Characters read from a file at a time: a folder may hold a hundred files open at once. */
const PIECE_CHARS = 1 << 16;

export class IssLiveFile {
  private readonly lines: AsyncGenerator<(string | null)[]>;
  private buffer: (string | null)[] = [];
  private next = 0;
  private line = 0;
  private ended = false;
  private readonly order: TimeOrder;
  private yearsRolled = 0;

  constructor(
    readonly path: string,
    /** Index into the station's sensors. */
    readonly channel: number,
    private readonly year: number,
    private readonly reading: Reading,
  ) {
    this.lines = readLines(path, PIECE_CHARS);
    this.order = new TimeOrder(path, reading.tally);
  }

  /** Time [epoch s] of the next sample to take, once `prepare()` has said there is one. */
  get headTime(): number {
    return this.order.headTime;
  }

  /**
   * Reads until the earliest pending sample can leave: true when there is one, false when the file
   * is done. Synchronous unless more of the file has to be read.
   */
  prepare(): boolean | Promise<boolean> {
    for (;;) {
      if (this.order.ready) return true;
      if (this.ended) return false;
      if (this.next < this.buffer.length) this.readLine(this.buffer[this.next++] as string | null);
      else return this.refill().then(() => this.prepare());
    }
  }

  /** Moves the next sample into `builder`. */
  take(builder: BatchBuilder): void {
    this.order.take(builder);
  }

  /** Stops reading the file early (a strict-mode error elsewhere). */
  async close(): Promise<void> {
    await this.lines.return(undefined);
  }

  private async refill(): Promise<void> {
    const piece = await this.lines.next();
    if (piece.done) {
      this.ended = true;
      this.order.finish();
    } else {
      this.buffer = piece.value;
      this.next = 0;
    }
  }

  /** Reads one line into the time order; false when it was rejected here. */
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
    const latest = this.order.newest;
    let time = epochSFromGmtDecimal(gmt, this.year + this.yearsRolled);
    if (time < latest - NEW_YEAR_FALL_S) {
      const rolled = epochSFromGmtDecimal(gmt, this.year + this.yearsRolled + 1);
      if (rolled >= latest - REORDER_WINDOW_S && rolled <= latest + NEW_YEAR_GAP_S) {
        this.yearsRolled++;
        time = rolled;
      }
    } else if (this.yearsRolled > 0 && time > latest + NEW_YEAR_FALL_S) {
      time = epochSFromGmtDecimal(gmt, this.year + this.yearsRolled - 1);
    }
    const k = this.channel;
    this.order.push(
      time,
      k,
      x * (channels.scale[k] as number) + (channels.offset[k] as number),
      line,
      trimmed,
    );
    return true;
  }
}
