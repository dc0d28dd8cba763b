/**
 * A bounded per-client message queue (drop-oldest): a slow client never makes the server hold
 * more than `max` messages for it, and learns how many it missed from a `dropped` message sent
 * ahead of the next ones.
 */
export interface ClientQueue<T> {
  readonly max: number;
  items: T[];
  /** Dropped since the client was last told. */
  unreported: number;
  /** Dropped in all. */
  dropped: number;
}

export function createClientQueue<T>(max: number): ClientQueue<T> {
  if (!(Number.isInteger(max) && max >= 1))
    throw new Error(`queue size must be a whole number ≥ 1, got ${max}`);
  return { max, items: [], unreported: 0, dropped: 0 };
}

export function enqueue<T>(queue: ClientQueue<T>, item: T): void {
  queue.items.push(item);
  if (queue.items.length > queue.max) {
    const excess = queue.items.length - queue.max;
    queue.items.splice(0, excess);
    queue.unreported += excess;
    queue.dropped += excess;
  }
}

export type DropNotice = { type: 'dropped'; count: number; total: number };

/**
 * Takes what may be sent now: the drop notice first (when messages were lost), then queued items
 * while `room()` says the connection can take more.
 */
export function takeReady<T>(queue: ClientQueue<T>, room: () => boolean): (T | DropNotice)[] {
  const out: (T | DropNotice)[] = [];
  if (queue.unreported > 0 && room()) {
    out.push({ type: 'dropped', count: queue.unreported, total: queue.dropped });
    queue.unreported = 0;
  }
  let n = 0;
  while (n < queue.items.length && room()) n++;
  out.push(...queue.items.splice(0, n));
  return out;
}
