/** What every route handler is given: the station, the store, the pipeline, the demo and the tokens. */
import type { Station } from '../core/index.js';
import type { Store } from '../store/index.js';
import type { DemoFeed } from './demo-feed.js';
import type { Pipeline } from './pipeline.js';
import type { Role } from './tokens.js';

export interface ServerContext {
  station: Station;
  store: Store;
  pipeline: Pipeline;
  /** The demo while it plays (or played); null when off. */
  demo: DemoFeed | null;
  tokens: ReadonlyMap<string, Role>;
  /** Wall-clock time [epoch s] (passed in so tests can fix it). */
  now: () => number;
  version: string;
}
