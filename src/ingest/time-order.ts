/**
 * Puts one stream of samples (one file) in time order and keeps out times that cannot be right.
 *
 * - A time outside EARLIEST_S … LATEST_S (1970-01-01 to 2200-01-01) is a bad row, 'time out of
 *   range', or 'time in epoch milliseconds, not seconds' when a thousandth of it is a time since 2000.
 *   1970 is epoch 0 (and before the first station, Salyut 1 in 1971); 2200 is past any mission yet
 *   far below epoch milliseconds of any day after March 1970, and keeps dates printable.
 * - A delay line holds REORDER_WINDOW_S of samples: one leaves once a sample 10 minutes later has been
 *   read (or the stream has ended), so rows up to 10 minutes out of order come out in order. A sample
 *   more than 10 minutes behind the newest is 'out of order'; more than 1,000 of those and over 10 % of
 *   the rows so far stop the read (InputError): the file is not in time order and would read wrong.
 * - A sample more than JUMP_S (1 h) ahead of the newest is held aside. An hour is well above the reorder
 *   window and the spacing of sparse on-change channels (ISS Live: 7 to 12 minutes and more), so an
 *   ordinary step is never held (a glitch less far ahead still costs the rows read before the
 *   stream reaches its time: 'out of order'). When JUMP_CONFIRM (5) distinct times have come back within reach of
 *   the newest, the held samples were an island ('time far from the rows around it'); when they reach
 *   JUMP_CONFIRM distinct times themselves, the stream really jumped (loss of signal, a quiet channel)
 *   and they join it. A run (from the start or the last jump) of fewer than JUMP_CONFIRM distinct times
 *   within 10 minutes that the stream then leaves by more than ISLAND_S (a stray 1970 row before the
 *   data) is rejected as an island too, and so is a held island more than ISLAND_S ahead when the
 *   stream ends:
 *   with the stream on one side only, a gap of hours is an ordinary quiet on-change channel.
 *
 * In-order samples only append to the delay line; one behind the newest is inserted by binary search.
 */
import { InputError, isoFromEpochS } from '../core/index.js';
import type { BatchBuilder } from './batch-builder.js';
import type { IngestTally } from './report.js';

/** Disorder tolerated within a stream [s]. */
export const REORDER_WINDOW_S = 600;
/** Earliest plausible sample time [epoch s]: 1970-01-01. */
export const EARLIEST_S = 0;
/** First implausible sample time [epoch s]: 2200-01-01. */
export const LATEST_S = Date.UTC(2200, 0, 1) / 1000;
/** A sample this far [s] ahead of the newest is held until the stream around it tells what it is. */
export const JUMP_S = 3600;
/** Distinct times that confirm a jump, or reject the samples held across one. */
export const JUMP_CONFIRM = 5;
/** Gap [s] that cuts off a small island with the stream on one side only. */
export const ISLAND_S = 86_400;
/** 'Out of order' rows, and their share of the rows so far, that stop the read. */
const DISORDER_ROWS = 1000;
const DISORDER_SHARE = 0.1;
/** A thousandth of a time at least this [epoch s, 2000-01-01] reads as epoch milliseconds. */
const MILLISECONDS_FROM_S = Date.UTC(2000, 0, 1) / 1000;

interface HeldSample {
  time: number;
  channel: number;
  value: number;
  line: number;
  text: string | undefined;
}

export class TimeOrder {
  /** Newest time in the delay line [epoch s]. */
  newest = Number.NEGATIVE_INFINITY;
  private time = new Float64Array(1024);
  private channel = new Int32Array(1024);
  private value = new Float64Array(1024);
  private line = new Float64Array(1024);
  private start = 0;
  private end = 0;
  private ended = false;
  /** Samples more than JUMP_S ahead of the newest, in the order read. */
  private held: HeldSample[] = [];
  private heldDistinct = 0;
  private heldLast = Number.NaN;
  private heldEarliest = Number.POSITIVE_INFINITY;
  private returned = 0;
  private returnedLast = Number.NaN;
  /** The run: samples since the stream began or last jumped. */
  private runStart = Number.NEGATIVE_INFINITY;
  private runDistinct = 0;
  private runLast = Number.NaN;
  /** Samples with a plausible time, and how many of them were out of order. */
  private checked = 0;
  private behind = 0;
  private firstBehindLine = 0;

  constructor(
    private readonly source: string,
    private readonly tally: IngestTally,
  ) {}

  /** Adds a sample read at `line`: time [epoch s], channel index, SI value; `text` for messages. */
  push(time: number, channel: number, value: number, line: number, text?: string): void {
    if (!(time >= EARLIEST_S && time < LATEST_S)) {
      this.rejectOutOfRange(time, line, text);
      return;
    }
    this.checked++;
    this.accept(time, channel, value, line, text);
  }

  /** True when the earliest sample can leave: nothing read later can come before it. */
  get ready(): boolean {
    return (
      this.end > this.start &&
      (this.ended || (this.time[this.start] as number) <= this.newest - REORDER_WINDOW_S)
    );
  }

  /** Time [epoch s] of the earliest sample, once `ready`. */
  get headTime(): number {
    return this.time[this.start] as number;
  }

  /** Moves the earliest sample into `builder`, once `ready`. */
  take(builder: BatchBuilder): void {
    const i = this.start++;
    builder.push(this.time[i] as number, this.channel[i] as number, this.value[i] as number);
    if (this.start === this.end) this.start = this.end = 0;
  }

  /** Moves every sample that can leave into `builder`. */
  release(builder: BatchBuilder): void {
    const { time, channel, value, end } = this;
    const limit = this.ended ? Number.POSITIVE_INFINITY : this.newest - REORDER_WINDOW_S;
    let i = this.start;
    while (i < end && (time[i] as number) <= limit) {
      builder.push(time[i] as number, channel[i] as number, value[i] as number);
      i++;
    }
    this.start = i;
    if (i === end) this.start = this.end = 0;
  }

  /** The stream has ended: held samples are settled and every sample can leave. */
  finish(): void {
    while (this.held.length > 0) {
      if ((this.held[0] as HeldSample).time - this.newest > ISLAND_S) this.rejectHeld();
      else this.jump({ cutIsland: false });
    }
    this.ended = true;
  }

  private accept(time: number, channel: number, value: number, line: number, text: string | undefined): void {
    const newest = this.newest;
    if (time >= newest) {
      if (time > newest + JUMP_S) {
        if (newest !== Number.NEGATIVE_INFINITY) {
          this.hold(time, channel, value, line, text);
          return;
        }
        this.runStart = time;
      }
      this.append(time, channel, value, line);
      this.newest = time;
    } else if (time >= newest - REORDER_WINDOW_S) {
      this.insert(time, channel, value, line);
    } else {
      this.rejectBehind(time, line, text);
      return;
    }
    if (time !== this.runLast) {
      this.runDistinct++;
      this.runLast = time;
    }
    if (this.held.length > 0) this.settleHeld(time);
  }

  /** A sample accepted while others are held: the stream caught up with them, or came back again. */
  private settleHeld(time: number): void {
    if (this.heldEarliest <= this.newest + JUMP_S) {
      for (const s of this.takeHeld()) this.accept(s.time, s.channel, s.value, s.line, s.text);
      return;
    }
    if (time !== this.returnedLast) {
      this.returned++;
      this.returnedLast = time;
      if (this.returned >= JUMP_CONFIRM) this.rejectHeld();
    }
  }

  private hold(time: number, channel: number, value: number, line: number, text: string | undefined): void {
    this.held.push({ time, channel, value, line, text });
    if (time < this.heldEarliest) this.heldEarliest = time;
    if (time !== this.heldLast) {
      this.heldLast = time;
      if (++this.heldDistinct >= JUMP_CONFIRM) this.jump({ cutIsland: true });
    }
  }

  /**
   * The held samples are the stream going on: it jumps to the first one held (the run before may be
   * cut off as an island first) and they are accepted afresh.
   */
  private jump(options: { cutIsland: boolean }): void {
    const held = this.takeHeld();
    const first = (held[0] as HeldSample).time;
    if (
      options.cutIsland &&
      this.runDistinct < JUMP_CONFIRM &&
      this.newest - this.runStart <= REORDER_WINDOW_S &&
      first - this.newest > ISLAND_S
    )
      this.rejectRun();
    this.runStart = first;
    this.runDistinct = 0;
    this.runLast = Number.NaN;
    this.newest = first;
    for (const s of held) this.accept(s.time, s.channel, s.value, s.line, s.text);
  }

  private rejectHeld(): void {
    for (const s of this.takeHeld())
      this.tally.reject(
        this.source,
        s.line,
        'time far from the rows around it',
        s.text ?? describeTime(s.time),
      );
  }

  private takeHeld(): HeldSample[] {
    const held = this.held;
    this.held = [];
    this.heldDistinct = 0;
    this.heldLast = Number.NaN;
    this.heldEarliest = Number.POSITIVE_INFINITY;
    this.returned = 0;
    this.returnedLast = Number.NaN;
    return held;
  }

  /** Rejects the run (within the reorder window, so still in the delay line): samples from `runStart` on. */
  private rejectRun(): void {
    let i = this.end;
    while (i > this.start && (this.time[i - 1] as number) >= this.runStart) i--;
    for (let j = i; j < this.end; j++)
      this.tally.reject(
        this.source,
        this.line[j] as number,
        'time far from the rows around it',
        describeTime(this.time[j] as number),
      );
    this.end = i;
  }

  private rejectBehind(time: number, line: number, text: string | undefined): void {
    if (this.behind++ === 0) this.firstBehindLine = line;
    this.tally.reject(this.source, line, 'out of order', text ?? describeTime(time));
    if (this.behind > DISORDER_ROWS && this.behind > DISORDER_SHARE * this.checked)
      throw new InputError({
        source: this.source,
        where: `line ${this.firstBehindLine}`,
        problem: `rows must be in time order: ${this.behind} of the first ${this.checked} are more than ${REORDER_WINDOW_S / 60} minutes behind a row before them (sort the file by time)`,
      });
  }

  private rejectOutOfRange(time: number, line: number, text: string | undefined): void {
    const milliseconds = time / 1000 >= MILLISECONDS_FROM_S && time / 1000 < LATEST_S;
    this.tally.reject(
      this.source,
      line,
      milliseconds ? 'time in epoch milliseconds, not seconds' : 'time out of range',
      text ?? (milliseconds ? String(time) : describeTime(time)),
    );
  }

  private append(time: number, channel: number, value: number, line: number): void {
    if (this.end === this.time.length) this.makeRoom();
    const i = this.end++;
    this.time[i] = time;
    this.channel[i] = channel;
    this.value[i] = value;
    this.line[i] = line;
  }

  /** Inserts after every sample at or before `time`, so that equal times keep the order read. */
  private insert(time: number, channel: number, value: number, line: number): void {
    if (this.end === this.time.length) this.makeRoom();
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.time[mid] as number) <= time) lo = mid + 1;
      else hi = mid;
    }
    const end = this.end++;
    this.time.copyWithin(lo + 1, lo, end);
    this.channel.copyWithin(lo + 1, lo, end);
    this.value.copyWithin(lo + 1, lo, end);
    this.line.copyWithin(lo + 1, lo, end);
    this.time[lo] = time;
    this.channel[lo] = channel;
    this.value[lo] = value;
    this.line[lo] = line;
  }

  /** Moves the samples to the front, or doubles the columns when they are more than half full. */
  private makeRoom(): void {
    const { start, end } = this;
    const length = end - start;
    const size = length * 2 > this.time.length ? this.time.length * 2 : this.time.length;
    const move = <T extends Float64Array | Int32Array>(column: T, fresh: T): T => {
      fresh.set(column.subarray(start, end));
      return fresh;
    };
    if (size === this.time.length) {
      this.time.copyWithin(0, start, end);
      this.channel.copyWithin(0, start, end);
      this.value.copyWithin(0, start, end);
      this.line.copyWithin(0, start, end);
    } else {
      this.time = move(this.time, new Float64Array(size));
      this.channel = move(this.channel, new Int32Array(size));
      this.value = move(this.value, new Float64Array(size));
      this.line = move(this.line, new Float64Array(size));
    }
    this.start = 0;
    this.end = length;
  }
}

/** A time for a message: ISO 8601 and epoch seconds when Date can show it, else epoch seconds. */
function describeTime(time: number): string {
  return Math.abs(time) <= 8.64e12 ? `${isoFromEpochS(time)} (${time})` : String(time);
}
