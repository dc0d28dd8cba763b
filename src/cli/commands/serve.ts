/**
 * `airtight serve` (what `npm start` runs, CONTRACT.md §1): the server with the dashboard and the
 * API on http://localhost:8080, storing in ./airtight.db (or PostgreSQL), playing the built-in
 * ISS scenario live until real telemetry arrives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { loadScenario, loadStation, packageRoot } from '../../config/index.js';
import { isoFromEpochS, type Scenario, UsageError } from '../../core/index.js';
import { buildServer, generateToken, parseTokens, type Role } from '../../server/index.js';
import { describeLocation, openStore } from '../../store/index.js';
import type { Io } from '../io.js';

export interface ServeOptions {
  port: number;
  host: string;
  db: string;
  station?: string;
  demo: boolean;
  demoScenario: string;
  demoFrom?: number;
  demoSpeed: number;
}

/** The scenario the demo plays by default, and where: the first isolation weekend of the PrK hunt. */
const DEMO_SCENARIO = 'prk-2020';
const DEMO_FROM = '2020-08-20T12:00:00Z';

/**
 * Where the demo starts: --demo-from, else the default scenario's isolation weekend, else the
 * scenario's start; inside the scenario (a time past its end played it through unseen to its end).
 */
function demoStartMs(scenario: Scenario, fromMs: number | undefined): number {
  const ms = fromMs ?? (scenario.name === DEMO_SCENARIO ? Date.parse(DEMO_FROM) : scenario.startMs);
  const endMs = scenario.startMs + scenario.durationS * 1000;
  if (!(ms >= scenario.startMs && ms < endMs))
    throw new UsageError(
      `--demo-from ${isoFromEpochS(ms / 1000)} is outside the demo scenario '${scenario.name}', which runs from ${isoFromEpochS(scenario.startMs / 1000)} to ${isoFromEpochS(endMs / 1000)}`,
    );
  return ms;
}

export async function serveCommand(
  io: Io,
  options: ServeOptions,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
) {
  let tokens: Map<string, Role>;
  let generated: string | null = null;
  if (env.AIRTIGHT_TOKENS !== undefined && env.AIRTIGHT_TOKENS.trim() !== '')
    tokens = parseTokens(env.AIRTIGHT_TOKENS);
  else {
    generated = generateToken();
    tokens = new Map([[generated, 'admin']]);
  }
  const scenario = options.demo ? loadScenario(options.demoScenario, { baseDir: io.cwd }) : null;
  const station =
    options.station !== undefined
      ? loadStation(options.station, io.cwd)
      : (scenario?.station ?? loadStation('iss'));
  if (scenario !== null && scenario.station.id !== station.id)
    throw new UsageError(
      `the demo scenario '${scenario.name}' runs on station '${scenario.station.id}', not '${station.id}' (use --no-demo)`,
    );
  const demoFromMs = scenario === null ? Number.NaN : demoStartMs(scenario, options.demoFrom);
  const location = {
    ...(env.DATABASE_URL !== undefined && env.DATABASE_URL !== '' && { databaseUrl: env.DATABASE_URL }),
    sqlitePath: options.db,
  };
  const store = await openStore(location);
  const server = await buildServer({
    station,
    store,
    tokens,
    webRoot: join(packageRoot(), 'dist', 'web'),
    version: packageVersion(),
    ...(scenario !== null && {
      demo: {
        scenario,
        options: {
          speed: options.demoSpeed,
          tickMs: 250,
          fromMs: demoFromMs,
        },
      },
    }),
  });
  const url = await server.app.listen({ port: options.port, host: options.host });
  io.out(
    `Airtight server on ${url.replace('127.0.0.1', 'localhost')} (station ${station.id}, ${describeLocation(location)})\n`,
  );
  const resumed = server.context.pipeline.status().resumed;
  if (resumed !== null)
    io.out(
      `resuming the watch of real telemetry: replaying the stored samples from ${resumed.from} to ${resumed.to} into the monitor${scenario !== null ? ' (no demo)' : ''}\n`,
    );
  else if (scenario !== null)
    io.out(
      `demo: playing ${scenario.name} from ${isoFromEpochS(demoFromMs / 1000)} at ${options.demoSpeed}× until real telemetry arrives (AIRTIGHT_DEMO=0 turns it off)\n`,
    );
  if (generated !== null)
    io.out(
      `admin token (printed once; set AIRTIGHT_TOKENS="<token>=<role>,…" to choose your own): ${generated}\n`,
    );
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  io.out('stopping…\n');
  await server.close();
  await store.close();
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(`--port must be a whole number from 0 to 65535 (got "${value}")`);
  return n;
}

function speed(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`--demo-speed must be a number > 0 (got "${value}")`);
  return n;
}

function isoTime(value: string): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(ms))
    throw new InvalidArgumentError(
      `--demo-from must be an ISO 8601 time such as ${DEMO_FROM} (got "${value}")`,
    );
  return ms;
}

export function registerServeCommand(program: Command, io: Io, env: NodeJS.ProcessEnv = process.env): void {
  program
    .command('serve')
    .description(
      'run the server: dashboard and API (/api/v1) with the live leak pipeline (what npm start runs)',
    )
    .option('--port <port>', 'port to listen on (PORT, default 8080)', portNumber)
    .option('--host <host>', 'address to listen on (HOST)', env.HOST ?? '127.0.0.1')
    .option(
      '--db <file>',
      'SQLite file (AIRTIGHT_DB); DATABASE_URL=postgres://… selects PostgreSQL',
      env.AIRTIGHT_DB ?? './airtight.db',
    )
    .option('--station <station>', "station of the telemetry (default: the demo scenario's, iss)")
    .option('--no-demo', 'do not play the demo scenario (AIRTIGHT_DEMO=0)')
    .option('--demo-scenario <scenario>', 'scenario the demo plays', DEMO_SCENARIO)
    .option(
      '--demo-from <time>',
      `simulated time the demo starts at (default ${DEMO_FROM} for ${DEMO_SCENARIO}, else the scenario's start)`,
      isoTime,
    )
    .option(
      '--demo-speed <x>',
      'simulated seconds per real second (AIRTIGHT_DEMO_SPEED, default 3600)',
      speed,
    )
    .addHelpText(
      'after',
      '\nWrites need a token (Authorization: Bearer <token>): AIRTIGHT_TOKENS="<token>=<role>,…" with roles\n' +
        'viewer, operator (events, alarms), ingest (telemetry), admin (all). Unset: an admin token is made and printed.',
    )
    .action(
      async (given: Omit<ServeOptions, 'port' | 'demoSpeed'> & { port?: number; demoSpeed?: number }) => {
        // the environment's defaults are read here, so a bad PORT troubles only `serve`
        const fromEnv = <T>(name: string, parse: (text: string) => T, fallback: T): T => {
          const text = env[name];
          if (text === undefined || text === '') return fallback;
          try {
            return parse(text);
          } catch (error) {
            throw new UsageError(`${name}: ${(error as Error).message.replace(/^--[a-z-]+ /, '')}`);
          }
        };
        const options: ServeOptions = {
          ...given,
          port: given.port ?? fromEnv('PORT', portNumber, 8080),
          demoSpeed: given.demoSpeed ?? fromEnv('AIRTIGHT_DEMO_SPEED', speed, 3600),
        };
        const abort = new AbortController();
        const stop = (): void => abort.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          await serveCommand(
            io,
            { ...options, demo: options.demo && env.AIRTIGHT_DEMO !== '0' },
            env,
            abort.signal,
          );
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      },
    );
}
