import { describe, expect, it } from 'vitest';
import { createClientQueue, enqueue, takeReady } from './client-queue.js';

describe('client queue', () => {
  it('keeps the newest max messages and reports the dropped count once, ahead of the rest', () => {
    const q = createClientQueue<number>(3);
    for (let i = 1; i <= 7; i++) enqueue(q, i);
    expect(q.items).toEqual([5, 6, 7]);
    expect(takeReady(q, () => true)).toEqual([{ type: 'dropped', count: 4, total: 4 }, 5, 6, 7]);
    enqueue(q, 8);
    expect(takeReady(q, () => true)).toEqual([8]);
    expect(q.dropped).toBe(4);
  });

  it('sends only while the connection has room, keeping the rest queued', () => {
    const q = createClientQueue<string>(10);
    for (const m of ['a', 'b', 'c']) enqueue(q, m);
    let room = 2;
    expect(takeReady(q, () => room-- > 0)).toEqual(['a', 'b']);
    expect(q.items).toEqual(['c']);
    expect(takeReady(q, () => false)).toEqual([]);
  });

  it('rejects a size that is not a whole number', () => {
    expect(() => createClientQueue(0)).toThrow(/got 0/);
  });
});
