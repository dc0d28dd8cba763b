/**
 * The `airtight` command line. Every command has --help; bad input or usage prints one line
 * naming the file, place and value and exits 2; an internal error exits 1 (AIRTIGHT_DEBUG=1 shows
 * its stack). CONTRACT.md §1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { packageRoot } from '../config/index.js';
import { AirtightError, InputError, UsageError } from '../core/index.js';
import { TELEMETRY_FORMATS } from '../export/index.js';
import { type AnalyzeOptions, analyzeCommand } from './commands/analyze.js';
import { demoCommand } from './commands/demo.js';
import { registerForecastCommands } from './commands/forecast.js';
import { huntCommand, planCommand } from './commands/plan.js';
import { listScenarios } from './commands/scenarios.js';
import { registerSearchCommands } from './commands/search.js';
import { registerServeCommand } from './commands/serve.js';
import { type SimulateOptions, simulateCommand } from './commands/simulate.js';
import { listStations, showStation } from './commands/stations.js';
import { checkWritableFile, type Io, processIo } from './io.js';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;

function integer(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be an integer ≥ ${min} (got "${value}")`);
    return n;
  };
}

function between(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!(Number.isFinite(n) && n >= min && n <= max))
      throw new InvalidArgumentError(`${name} must be a number in [${min}, ${max}] (got "${value}")`);
    return n;
  };
}

function fraction(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n > 0 && n <= 1))
      throw new InvalidArgumentError(`${name} must be a number in (0, 1] (got "${value}")`);
    return n;
  };
}

function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0)
      throw new InvalidArgumentError(`${name} must be a number > 0 (got "${value}")`);
    return n;
  };
}

function isoTime(name: string) {
  return (value: string): number => {
    const ms = Date.parse(value);
    if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(ms))
      throw new InvalidArgumentError(
        `${name} must be an ISO 8601 time such as 2020-08-20T12:00:00Z (got "${value}")`,
      );
    return ms;
  };
}

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
}

export function buildProgram(io: Io): Command {
  const program = new Command('airtight')
    .description(
      'Finds air leaks in crewed spacecraft: leak rate, which module, where in it, how long the gas lasts.',
    )
    .version(version(), '-V, --version')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      outputError: (text, write) =>
        write(
          `airtight: ${text
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')}\n`,
        ),
    })
    .exitOverride()
    // every command's --plot: a folder that is not there is bad input, found before the work starts
    .hook('preAction', (_program, action) => {
      const plot: unknown = action.opts().plot;
      if (typeof plot === 'string') checkWritableFile(plot, io.cwd);
    });

  program
    .command('stations')
    .description('list the built-in stations')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => listStations(io, options));

  const station = program.command('station').description('inspect a station model');
  station
    .command('show')
    .description('print a readable summary of a station: modules, hatches, sensors, life support')
    .argument('<station>', 'built-in name (iss, haven, chamber) or a .yaml/.json station file')
    .option('--json', 'print the station model as JSON (SI units)')
    .action((name: string, options: { json?: boolean }) => showStation(io, name, options));

  program
    .command('scenarios')
    .description('list the built-in scenarios')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => listScenarios(io, options));

  program
    .command('simulate')
    .description('run a scenario and write its telemetry and truth.json')
    .requiredOption('--scenario <scenario>', 'built-in scenario name or a .yaml/.json scenario file')
    .requiredOption('--out <dir>', 'folder for telemetry and truth.json (created if missing)')
    .addOption(new Option('--format <format>', 'telemetry format').choices(TELEMETRY_FORMATS).default('csv'))
    .option('--seed <n>', "random seed (overrides the scenario's)", integer('--seed', 0))
    .option(
      '--gzip',
      'write the telemetry gzipped (telemetry.csv.gz, …), as archives keep it; analyze reads it so',
    )
    .option('--quiet', 'no progress bar')
    .addHelpText(
      'after',
      '\nFormats (CONTRACT.md §3): csv = telemetry.csv (time,channel,value); jsonl = telemetry.jsonl;\n' +
        'isslive = one <channel>.txt per channel with GMT-decimal times counted from the start year.\n' +
        'With --gzip each file is written gzipped: telemetry.csv.gz, telemetry.jsonl.gz, <channel>.txt.gz.\n' +
        'truth.json holds each leak with its rate over time (rate_kg_per_day), the events and the gas budget.',
    )
    .action((options: SimulateOptions) => simulateCommand(io, options));

  program
    .command('analyze')
    .description('detect and size leaks in telemetry: rate with its 90 % interval, alarms, where the leak is')
    .argument(
      '<telemetry>',
      'telemetry.csv (long or wide), telemetry.jsonl, an ISS Live folder (each may be gzipped: .csv.gz, .jsonl.gz, <channel>.txt.gz), or the folder simulate wrote (its truth.json says which station and modules the run had)',
    )
    .option(
      '--station <station>',
      'built-in name (iss, haven, chamber) or a station file (required, but for a folder simulate wrote: its truth.json names it)',
    )
    .option(
      '--year <year>',
      'year the ISS Live GMT-decimal times count from (required for that format)',
      integer('--year', 1900),
    )
    .option('--json', 'print the analysis as JSON (CONTRACT.md §5)')
    .option(
      '--plot <file>',
      'also draw pressure, compensated inventory, leak rate and alarms (.png, .svg or .html)',
    )
    .option('--strict', 'stop at the first bad row')
    .option('--cd <cd>', 'discharge coefficient of the equivalent hole', fraction('--cd'), 1)
    .option(
      '--window-h <hours>',
      'trailing window of the reported leak rate; the noise model and temperature coupling the scans judge by are fitted over it too, so detection may move with it',
      positiveNumber('--window-h'),
      24,
    )
    .option(
      '--evacuation-mmhg <p>',
      "evacuation pressure for reserve times (default: the station's, 490 mmHg)",
      positiveNumber('--evacuation-mmhg'),
    )
    .option(
      '--false-alarm-days <days>',
      'at most one false leak alarm per this many days',
      positiveNumber('--false-alarm-days'),
      90,
    )
    .option('--quiet', 'no progress bar')
    .addHelpText(
      'after',
      '\nThe leak rate is the temperature-compensated trend of the gas inventory (ppN2 where measured,\n' +
        'else total pressure) of each group of modules joined by open hatches, per hatch configuration.\n' +
        'Alarms: leak (WATCH…SEVERE by rate and reserve time), rapid-depress (with T1mm and reserve time;\n' +
        'one per severity, its latest reading updated as the fall goes on: "now …" under it, `latest` in\n' +
        'the JSON), sensor-fault and stale-data; a reserve time has its 90 % interval, reserveTimeMin90.\n' +
        'Bad rows are printed (first 10) and counted.\n' +
        'How it works, step by step: docs/analysis.md.',
    )
    .action(
      (
        telemetry: string,
        // commander spells --evacuation-mmHg as evacuationMmhg
        options: Omit<AnalyzeOptions, 'evacuationMmHg'> & { evacuationMmhg?: number },
      ) =>
        analyzeCommand(io, telemetry, {
          station: options.station,
          ...(options.year !== undefined && { year: options.year }),
          ...(options.json && { json: true }),
          ...(options.plot !== undefined && { plot: options.plot }),
          ...(options.strict && { strict: true }),
          cd: options.cd,
          windowH: options.windowH,
          ...(options.evacuationMmhg !== undefined && { evacuationMmHg: options.evacuationMmhg }),
          falseAlarmDays: options.falseAlarmDays,
          ...(options.quiet && { quiet: true }),
        }),
    );

  program
    .command('demo')
    .description(
      'play a built-in scenario in accelerated time in the terminal, the leak monitor watching live (serve plays it on the dashboard)',
    )
    .option('--scenario <scenario>', 'scenario to play', 'prk-2020')
    .option('--speed <x>', 'simulated seconds per real second', positiveNumber('--speed'), 3600)
    .option('--every <minutes>', 'simulated minutes between lines', positiveNumber('--every'), 60)
    .option('--lines <n>', 'stop after n lines (0 = play to the end)', integer('--lines', 0), 0)
    .option('--from <time>', 'fast-forward to this ISO 8601 time first', isoTime('--from'))
    .action((options: { scenario: string; speed: number; every: number; lines: number; from?: number }) => {
      const abort = new AbortController();
      const stop = (): void => abort.abort();
      process.once('SIGINT', stop);
      return demoCommand(
        io,
        {
          scenario: options.scenario,
          speed: options.speed,
          everyMin: options.every,
          lines: options.lines,
          ...(options.from !== undefined && { fromMs: options.from }),
        },
        abort.signal,
      ).finally(() => process.off('SIGINT', stop));
    });

  registerServeCommand(program, io);
  registerPlanCommands(program, io);
  registerForecastCommands(program, io);
  registerSearchCommands(program, io);
  return program;
}

function leakRate(value: string): { mean: number; sd: number } {
  const [mean, sd] = value.split(':').map(Number);
  if (!(mean !== undefined && Number.isFinite(mean) && mean > 0) || (sd !== undefined && !(sd >= 0)))
    throw new InvalidArgumentError(
      `--leak-kg-day must be <mean>[:<sd>] in kg/day, mean > 0 (got "${value}")`,
    );
  return { mean, sd: sd ?? 0.3 * mean };
}

function registerPlanCommands(program: Command, io: Io): void {
  program
    .command('plan')
    .description('where the leak is likely to be, and the next hatch-closure test to find out')
    .requiredOption('--station <station>', 'built-in name (iss, haven, chamber) or a station file')
    .option(
      '--telemetry <path>',
      'telemetry so far: every hatch configuration in it is evidence, and it sizes the tests',
    )
    .option(
      '--year <year>',
      'year of ISS Live times; else the year module ages are counted to',
      integer('--year', 1900),
    )
    .option(
      '--leak-kg-day <mean[:sd]>',
      'leak rate to size tests for (default: from telemetry, else 0.5:0.15)',
      leakRate,
    )
    .option('--crew <n>', "crew aboard (default: the station's nominal)", integer('--crew', 0))
    .option('--max-hours <h>', 'longest test allowed', positiveNumber('--max-hours'), 72)
    .option(
      '--confidence <c>',
      'confidence at which a test must separate its outcomes, 0.5 to 0.999 (as verify-repair)',
      between('--confidence', 0.5, 0.999),
      0.95,
    )
    .option(
      '--json',
      'print JSON: posterior, next test (close, crewIn, durationH, decisionRule), expected remaining tests',
    )
    .option('--quiet', 'no progress bar')
    .addHelpText(
      'after',
      '\nThe posterior: one leak in each module, none, or more than one; prior from wall area, age and repairs\n' +
        '(leak_prior_weight in the station file overrides), updated with every hatch configuration in the telemetry.\n' +
        'The next test maximises expected information per hour; it is as long as needed to separate its outcomes at\n' +
        "the confidence (power analysis with the leak rate's 90 % interval and the noise the telemetry showed), keeps\n" +
        "every crew with life support and its return vehicle, and stays within --max-hours and the modules' reserve.",
    )
    .action(
      (options: {
        station: string;
        telemetry?: string;
        year?: number;
        leakKgDay?: { mean: number; sd: number };
        crew?: number;
        maxHours: number;
        confidence: number;
        json?: boolean;
        quiet?: boolean;
      }) => planCommand(io, options),
    );
  program
    .command('hunt')
    .description('replay a scenario with Airtight planning every isolation test, in closed loop (simulation)')
    .argument('<scenario>', 'built-in scenario name or a scenario file')
    .option(
      '--from <time>',
      "first test at this ISO 8601 time (the scenario's own hatch closures from then on are dropped)",
      isoTime('--from'),
    )
    .option('--hours <h>', 'hours of telemetry watched before the first test', positiveNumber('--hours'), 24)
    .option('--json', 'print JSON')
    .action((scenario: string, options: { from?: number; hours: number; json?: boolean }) =>
      huntCommand(io, scenario, {
        hours: options.hours,
        ...(options.from !== undefined && { fromMs: options.from }),
        ...(options.json && { json: true }),
      }),
    );
}

/** Runs the CLI on `argv` (as process.argv: node, script, args…); resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.exitCode === 0
    )
      return EXIT_OK;
    if (error.code === 'commander.help') return EXIT_OK;
    return EXIT_BAD_INPUT;
  }
  if (error instanceof InputError || error instanceof UsageError) {
    io.err(`airtight: ${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  const message = error instanceof Error ? error.message : String(error);
  const kind = error instanceof AirtightError ? '' : 'internal error: ';
  io.err(
    `airtight: ${kind}${message}${process.env.AIRTIGHT_DEBUG ? `\n${(error as Error).stack ?? ''}` : ' (AIRTIGHT_DEBUG=1 shows details)'}\n`,
  );
  return EXIT_INTERNAL;
}
