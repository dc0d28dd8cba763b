/**
 * The Airtight server: the JSON API under /api/v1, the live WebSocket, and the dashboard's files.
 * `buildServer` wires a store, a station and (optionally) the demo feed into a Fastify instance
 * that tests drive with `inject` (no sockets); `airtight serve` listens on a port.
 */
import { existsSync } from 'node:fs';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Scenario, Station } from '../core/index.js';
import type { Store } from '../store/index.js';
import type { ServerContext } from './context.js';
import { DemoFeed, type DemoOptions } from './demo-feed.js';
import { registerForecastRoute } from './forecast-route.js';
import { DEFAULT_LIVE_OPTIONS, type LiveSocketOptions, registerLiveSocket } from './live-socket.js';
import { Pipeline } from './pipeline.js';
import { registerPlanRoute } from './plan-route.js';
import { registerReadRoutes } from './read-routes.js';
import { HttpError, installErrorHandler } from './request-errors.js';
import { registerSearchRoute } from './search-route.js';
import type { Role } from './tokens.js';
import { registerWriteRoutes, SMALL_BODY_LIMIT } from './write-routes.js';

export interface ServerOptions {
  station: Station;
  store: Store;
  tokens: ReadonlyMap<string, Role>;
  /**
   * Play this scenario until real telemetry arrives; its station must be `station`. Not played
   * when the store shows the server was last watching real telemetry: that watch is resumed.
   */
  demo?: { scenario: Scenario; options: DemoOptions };
  /** Folder of the built dashboard (index.html …); the API works without it. */
  webRoot?: string;
  live?: Partial<LiveSocketOptions>;
  /** Wall clock [epoch s]; default Date.now. */
  now?: () => number;
  version?: string;
  logger?: boolean;
}

export interface AirtightServer {
  app: FastifyInstance;
  context: ServerContext;
  /** Stops the demo, closes the server and saves what is pending (the store stays open); once. */
  close(): Promise<void>;
}

export async function buildServer(options: ServerOptions): Promise<AirtightServer> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: SMALL_BODY_LIMIT });
  const pipeline = new Pipeline(options.station, options.store);
  const context: ServerContext = {
    station: options.station,
    store: options.store,
    pipeline,
    demo: null,
    tokens: options.tokens,
    now: options.now ?? (() => Date.now() / 1000),
    version: options.version ?? '0.0.0',
  };
  installErrorHandler(app);
  // bodies sent compressed (Content-Encoding gzip, deflate or br: a feed's telemetry over a thin
  // link) are inflated as they arrive, the body limits holding for what they inflate to; answers
  // are compressed for clients that take it (the leak state's rate history, the dashboard's files)
  await app.register(fastifyCompress, {
    requestEncodings: ['gzip', 'deflate', 'br'],
    onUnsupportedRequestEncoding: (encoding) =>
      new HttpError(415, `request body: Content-Encoding ${encoding} is not taken (gzip, deflate or br)`),
    onInvalidRequestPayload: (encoding, _request, error) =>
      enumerableMessage(
        new HttpError(400, `request body: not ${encoding} data, or corrupt (${error.message})`),
      ),
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 1 << 16 } });
  registerReadRoutes(app, context);
  registerPlanRoute(app, context, options.demo?.scenario.crew.count);
  registerForecastRoute(app, context, options.demo?.scenario.crew.count);
  registerSearchRoute(app, context);
  registerWriteRoutes(app, context);
  registerLiveSocket(app, context, { ...DEFAULT_LIVE_OPTIONS, ...options.live });
  if (options.webRoot !== undefined && existsSync(options.webRoot))
    await app.register(fastifyStatic, { root: options.webRoot, prefix: '/' });
  else
    app.get('/', async (_request, reply) =>
      reply.type('text/plain').send('Airtight API at /api/v1 (the dashboard is not built: npm run build)\n'),
    );
  await app.ready();
  // a restart of a server that was watching real telemetry takes that watch up: no demo then
  const resumed = await pipeline.resume();
  if (options.demo !== undefined && !resumed)
    context.demo = new DemoFeed(options.demo.scenario, pipeline, options.demo.options);
  let closed = false;
  return {
    app,
    context,
    async close() {
      if (closed) return;
      closed = true;
      context.demo?.stop();
      await context.demo?.done.catch(() => undefined);
      await app.close();
      await pipeline.close();
    },
  };
}

/**
 * The error with its message an enumerable field: @fastify/compress copies the enumerable fields of
 * the error it is given onto zlib's (Object.assign), which would keep zlib's bare message.
 */
function enumerableMessage<E extends Error>(error: E): E {
  return Object.defineProperty(error, 'message', { value: error.message, enumerable: true });
}
