/**
 * `GET /api/v1/live` (WebSocket): realtime values, leak estimates, alarms and demo notices as JSON
 * messages. Each client has a bounded queue (drop-oldest); what a slow client misses is reported
 * to it as `{type: 'dropped', count, total}`.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { createClientQueue, enqueue, takeReady } from './client-queue.js';
import type { ServerContext } from './context.js';
import type { LiveMessage } from './pipeline.js';

export interface LiveSocketOptions {
  /** Messages held per client. */
  queueSize: number;
  /** Bytes the socket may have unsent before the queue holds back [B]. */
  highWaterBytes: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveSocketOptions = { queueSize: 256, highWaterBytes: 1 << 20 };

export function registerLiveSocket(
  app: FastifyInstance,
  ctx: ServerContext,
  options: LiveSocketOptions,
): void {
  app.get('/api/v1/live', { websocket: true }, (socket: WebSocket) => {
    const queue = createClientQueue<LiveMessage>(options.queueSize);
    let retry: NodeJS.Timeout | null = null;
    const flush = (): void => {
      retry = null;
      if (socket.readyState !== socket.OPEN) return;
      const ready = takeReady(queue, () => socket.bufferedAmount < options.highWaterBytes);
      for (const message of ready) socket.send(JSON.stringify(message));
      if (queue.items.length > 0 || queue.unreported > 0) retry = setTimeout(flush, 50);
    };
    const unsubscribe = ctx.pipeline.subscribe((message) => {
      enqueue(queue, message);
      if (retry === null) flush();
    });
    socket.on('close', () => {
      unsubscribe();
      if (retry !== null) clearTimeout(retry);
    });
    void ctx.pipeline.currentLeakState().then((state) => {
      if (state !== null && socket.readyState === socket.OPEN)
        socket.send(JSON.stringify({ type: 'leak', state }));
    });
  });
}
