/**
 * Hourly means of a few channels over the last days, on the clock's hours: what a watch for slow
 * sensor drift compares across days (the trailing window's bins hold one day only). A bin counts in
 * the hour its start falls in; an hour with no reading of a channel holds NaN for it. Each hour
 * also counts its readings: the bins whose value differs from the channel's last (a held reading
 * fills several bins, a feed written every 30 minutes two an hour).
 */
export interface HourlyMeans {
  channels: readonly number[];
  /** Hours kept (a ring). */
  capacity: number;
  /** Start [epoch s] of the hour being summed (NaN before the first bin). */
  hourS: number;
  sums: Float64Array;
  counts: Int32Array;
  changes: Int32Array;
  /** Each channel's last value added (a new reading is one that differs). */
  last: Float64Array;
  /** Completed hours: start [epoch s] and per channel its mean and readings, slot `hour % capacity`. */
  starts: Float64Array;
  means: Float64Array;
  readings: Int32Array;
  /** Hours completed so far. */
  completed: number;
}

export function createHourlyMeans(channels: readonly number[], capacity: number): HourlyMeans {
  return {
    channels,
    capacity,
    hourS: Number.NaN,
    sums: new Float64Array(channels.length),
    counts: new Int32Array(channels.length),
    changes: new Int32Array(channels.length),
    last: new Float64Array(channels.length).fill(Number.NaN),
    starts: new Float64Array(capacity).fill(Number.NaN),
    means: new Float64Array(capacity * channels.length).fill(Number.NaN),
    readings: new Int32Array(capacity * channels.length),
    completed: 0,
  };
}

/** Adds one bin's means (`skip[k]` = 1 leaves channel k out, a stale or faulty reading). */
export function addHourlyBin(h: HourlyMeans, startS: number, means: Float64Array, skip: Uint8Array): void {
  const hourS = Math.floor(startS / 3600) * 3600;
  if (hourS !== h.hourS) {
    if (!Number.isNaN(h.hourS)) completeHour(h);
    // hours with no bin at all (a loss of signal) are left out: the ring holds hours that were read
    h.hourS = hourS;
  }
  h.channels.forEach((k, c) => {
    const v = means[k] as number;
    if (!Number.isFinite(v) || skip[k] === 1) return;
    h.sums[c] = (h.sums[c] as number) + v;
    h.counts[c] = (h.counts[c] as number) + 1;
    if (v !== h.last[c]) h.changes[c] = (h.changes[c] as number) + 1;
    h.last[c] = v;
  });
}

function completeHour(h: HourlyMeans): void {
  const slot = h.completed % h.capacity;
  h.starts[slot] = h.hourS;
  const n = h.channels.length;
  for (let c = 0; c < n; c++) {
    const count = h.counts[c] as number;
    h.means[slot * n + c] = count > 0 ? (h.sums[c] as number) / count : Number.NaN;
    h.readings[slot * n + c] = h.changes[c] as number;
  }
  h.sums.fill(0);
  h.counts.fill(0);
  h.changes.fill(0);
  h.completed++;
}

/**
 * Channel k's mean over the `hours` completed hours that start within [fromS, fromS + hours·3600),
 * how many of them read it, and its readings in them; NaN when fewer than half did.
 */
export function meanOverHours(
  h: HourlyMeans,
  k: number,
  fromS: number,
  hours: number,
): { value: number; hoursRead: number; readings: number } {
  const c = h.channels.indexOf(k);
  if (c < 0) return { value: Number.NaN, hoursRead: 0, readings: 0 };
  const n = h.channels.length;
  let sum = 0;
  let count = 0;
  let readings = 0;
  const kept = Math.min(h.completed, h.capacity);
  for (let i = 0; i < kept; i++) {
    const slot = (h.completed - 1 - i) % h.capacity;
    const start = h.starts[slot] as number;
    if (start < fromS || start >= fromS + hours * 3600) continue;
    const v = h.means[slot * n + c] as number;
    if (!Number.isFinite(v)) continue;
    sum += v;
    count++;
    readings += h.readings[slot * n + c] as number;
  }
  return { value: count >= hours / 2 ? sum / count : Number.NaN, hoursRead: count, readings };
}

/** Start [epoch s] of the oldest completed hour kept (NaN before one is). */
export function firstHourS(h: HourlyMeans): number {
  return h.completed === 0
    ? Number.NaN
    : (h.starts[h.completed > h.capacity ? h.completed % h.capacity : 0] as number);
}

/** Start [epoch s] of the latest completed hour (NaN before one is). */
export function lastHourS(h: HourlyMeans): number {
  return h.completed === 0 ? Number.NaN : (h.starts[(h.completed - 1) % h.capacity] as number);
}
