/**
 * `airtight search locate`: acoustic leak localization on a flat panel from a multichannel WAV
 * recording and the sensors' positions (CONTRACT.md §5): dispersion-compensated GCC-PHAT per sensor
 * pair, steered response over the panel, the fix with its 90 % ellipse, printed as text or JSON.
 */
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  type AcousticFix,
  DEFAULT_BAND_HZ,
  durationS,
  locateLeak,
  readSensorsFile,
  readWav,
} from '../../acoustic/index.js';
import { InputError, UsageError } from '../../core/index.js';
import type { AcousticPanel, AcousticSensor, DispersionKind, GroupSpeedModel } from '../../search/index.js';
import type { Io } from '../io.js';
import { formatNumber, formatTable } from '../table.js';

export interface SearchLocateOptions {
  sensors: string;
  speed: number;
  dispersion: DispersionKind;
  referenceKhz: number;
  bandKhz: [number, number];
  panel?: AcousticPanel;
  wrapsAround?: boolean;
  json?: boolean;
}

/** Nodes of the steered-response map printed in JSON, m (the full map is 5 mm). */
const JSON_MAP_STEP_M = 0.02;

function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0)
      throw new InvalidArgumentError(`${name} must be a number > 0 (got "${value}")`);
    return n;
  };
}

function band(value: string): [number, number] {
  const parts = value.split(',').map(Number);
  const [lo, hi] = parts;
  if (parts.length !== 2 || lo === undefined || hi === undefined || !(lo > 0) || !(hi > lo))
    throw new InvalidArgumentError(
      `--band-khz must be two numbers lo,hi in kHz with 0 < lo < hi (got "${value}")`,
    );
  return [lo, hi];
}

function panelSize(value: string): AcousticPanel {
  const match = /^([0-9.]+)x([0-9.]+)$/.exec(value.trim());
  const widthM = Number(match?.[1]);
  const heightM = Number(match?.[2]);
  if (!match || !(widthM > 0) || !(heightM > 0))
    throw new InvalidArgumentError(`--panel must be WIDTHxHEIGHT in metres, e.g. 1x1 (got "${value}")`);
  return { widthM, heightM };
}

/** Adds `locate` to the `search` command. */
export function registerSearchLocate(search: Command, io: Io): void {
  search
    .command('locate')
    .description(
      'locate a leak on a flat panel (or an unrolled cylindrical wall) from a multichannel WAV of structure-borne sound (GCC-PHAT + steered response)',
    )
    .argument('<recording.wav>', 'multichannel WAV (16/24/32-bit integer or 32-bit float PCM), e.g. 1 MHz')
    .requiredOption(
      '--sensors <sensors.json>',
      'sensor positions: [{"channel": 0, "x_m": 0.0, "y_m": 0.0}, …]',
    )
    .requiredOption(
      '--speed <m/s>',
      'group speed of the wave at the reference frequency',
      positiveNumber('--speed'),
    )
    .addOption(
      new Option(
        '--dispersion <model>',
        'flexural: group speed ∝ √f (A0 plate wave); nondispersive: one speed',
      )
        .choices(['flexural', 'nondispersive'])
        .default('flexural'),
    )
    .option(
      '--reference-khz <f>',
      'frequency at which --speed is the group speed',
      positiveNumber('--reference-khz'),
      200,
    )
    .addOption(
      new Option('--band-khz <lo,hi>', 'analysis band')
        .argParser(band)
        .default(
          [DEFAULT_BAND_HZ[0] / 1000, DEFAULT_BAND_HZ[1] / 1000],
          `${DEFAULT_BAND_HZ[0] / 1000},${DEFAULT_BAND_HZ[1] / 1000}`,
        ),
    )
    .option(
      '--panel <WxH>',
      'panel size in metres from (0, 0) (default: max + min sensor coordinate per axis)',
      panelSize,
    )
    .option(
      '--wraps-around',
      'curved wall: the y axis is the circumference of a cylinder, unrolled (y = radius × angle); needs --panel LENGTHxCIRCUMFERENCE',
    )
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nPair time differences come from GCC-PHAT of Welch-averaged cross-spectra (16 384-point Hann\n' +
        'frames), resampled to wavenumber so that a dispersive flexural wave still gives one sharp peak;\n' +
        'the fix is the maximum of the steered response over the panel (5 mm grid, refined to 0.25 mm).\n' +
        'The 90 % ellipse scales the fix geometry by the scatter of the pair path differences about it.\n',
    )
    .action((recording: string, options: SearchLocateOptions) => searchLocateCommand(io, recording, options));
}

export function searchLocateCommand(io: Io, recordingPath: string, options: SearchLocateOptions): void {
  const wavPath = resolve(io.cwd, recordingPath);
  const sensorsPath = resolve(io.cwd, options.sensors);
  const sensors = readSensorsFile(sensorsPath);
  const recording = readWav(wavPath);
  sensors.forEach((sensor, index) => {
    if (sensor.channel >= recording.channels.length)
      throw new InputError({
        source: sensorsPath,
        where: `[${index}].channel`,
        problem: `is beyond the ${recording.channels.length} channel(s) of ${wavPath}`,
        value: sensor.channel,
      });
  });
  const bandHz: [number, number] = [options.bandKhz[0] * 1000, options.bandKhz[1] * 1000];
  if (bandHz[1] >= recording.sampleRateHz / 2)
    throw new InputError({
      source: wavPath,
      problem: `sample rate ${recording.sampleRateHz} Hz is too low for the band's upper edge ${bandHz[1] / 1000} kHz (needs > ${(2 * bandHz[1]) / 1000} kHz, or a lower --band-khz)`,
      value: recording.sampleRateHz,
    });
  const samples = recording.channels[0]?.length ?? 0;
  if (samples < 1024)
    throw new InputError({
      source: wavPath,
      problem: 'too short: at least 1024 samples per channel',
      value: samples,
    });
  const model: GroupSpeedModel = {
    kind: options.dispersion,
    groupSpeedMPerS: options.speed,
    referenceHz: options.referenceKhz * 1000,
  };
  if (options.wrapsAround && options.panel === undefined)
    throw new UsageError('--wraps-around needs --panel LENGTHxCIRCUMFERENCE (metres), e.g. --panel 2x4.7');
  const panel = {
    ...(options.panel ?? defaultPanel(sensors)),
    ...(options.wrapsAround && { wrapsAround: true }),
  };
  const outside = sensors.filter(
    (s) => !(s.xM >= 0 && s.xM <= panel.widthM && s.yM >= 0 && s.yM <= panel.heightM),
  );
  if (options.panel !== undefined && outside.length > 0)
    io.err(
      `airtight: warning: --panel ${panel.widthM}x${panel.heightM} does not hold the sensor${outside.length === 1 ? '' : 's'} on channel${outside.length === 1 ? '' : 's'} ` +
        `${outside.map((s) => `${s.channel} (${s.xM}, ${s.yM} m)`).join(', ')}; the leak is searched for only on the panel\n`,
    );
  const fix = locateLeak(recording, sensors, { model, panel, bandHz });
  const { semiMajorM, semiMinorM, angleDeg } = fix.ellipse90;
  if (![semiMajorM, semiMinorM, angleDeg].every(Number.isFinite))
    throw new InputError({
      source: sensorsPath,
      problem: `the sensors (channels ${sensors.map((s) => s.channel).join(', ')}) do not fix a position: their geometry leaves the fix's uncertainty undefined; spread them over the panel`,
    });
  const report = locateReport(fix, {
    recording: wavPath,
    sampleRateHz: recording.sampleRateHz,
    durationS: durationS(recording),
    channels: recording.channels.length,
    panel,
  });
  if (options.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
  else io.out(textReport(fix, report));
}

function defaultPanel(sensors: AcousticSensor[]): AcousticPanel {
  const xs = sensors.map((s) => s.xM);
  const ys = sensors.map((s) => s.yM);
  return {
    widthM: Math.max(...xs) + Math.max(0, Math.min(...xs)),
    heightM: Math.max(...ys) + Math.max(0, Math.min(...ys)),
  };
}

const round = (x: number, digits = 6): number => Number(x.toPrecision(digits));

function locateReport(
  fix: AcousticFix,
  input: {
    recording: string;
    sampleRateHz: number;
    durationS: number;
    channels: number;
    panel: AcousticPanel;
  },
) {
  const { grid, power } = fix.response;
  const every = Math.max(1, Math.round(JSON_MAP_STEP_M / grid.dxM));
  const nu = Math.floor((grid.nx - 1) / every) + 1;
  const nv = Math.floor((grid.ny - 1) / every) + 1;
  const srp: number[] = [];
  for (let iv = 0; iv < nv; iv++)
    for (let iu = 0; iu < nu; iu++) srp.push(round(power[iv * every * grid.nx + iu * every] as number, 4));
  const { covariance: cov } = fix;
  return {
    recording: input.recording,
    sample_rate_hz: input.sampleRateHz,
    duration_s: round(input.durationS),
    channels: input.channels,
    panel: {
      width_m: input.panel.widthM,
      height_m: input.panel.heightM,
      wraps_around: input.panel.wrapsAround === true,
    },
    best: { x_m: round(fix.xM), y_m: round(fix.yM) },
    region90: {
      semi_major_m: round(fix.ellipse90.semiMajorM, 4),
      semi_minor_m: round(fix.ellipse90.semiMinorM, 4),
      angle_deg: round(fix.ellipse90.angleDeg, 4),
    },
    sigma_x_m: round(Math.sqrt(cov.xx), 4),
    sigma_y_m: round(Math.sqrt(cov.yy), 4),
    covariance_m2: [
      [round(cov.xx, 4), round(cov.xy, 4)],
      [round(cov.xy, 4), round(cov.yy, 4)],
    ],
    path_residual_rms_m: round(cov.residualRmsM, 4),
    group_speed: {
      model: fix.model.kind,
      speed_m_per_s: fix.model.groupSpeedMPerS,
      reference_hz: fix.model.referenceHz,
      statement: fix.groupSpeedStatement,
    },
    band_hz: fix.bandHz,
    snr_db: round(fix.snrDb, 3),
    frame_size: fix.frameSize,
    frames: fix.frames,
    pairs: fix.pairs.map((p) => ({
      channels: p.channels,
      path_difference_m: round(p.pathDifferenceM),
      tdoa_s: round(p.tdoaS),
      peak: round(p.peak, 4),
      fix_path_difference_m: round(p.fixPathDifferenceM),
    })),
    map: {
      quantity: 'steered response power (GCC-PHAT envelope, mean over pairs; 1 = fully coherent)',
      u0_m: grid.x0M,
      v0_m: grid.y0M,
      du_m: round(grid.dxM * every),
      dv_m: round(grid.dyM * every),
      nu,
      nv,
      values: srp,
    },
  };
}

function textReport(fix: AcousticFix, report: ReturnType<typeof locateReport>): string {
  const mm = (m: number): string => formatNumber(m * 1000);
  return [
    `Acoustic fix on a ${report.panel.width_m} × ${report.panel.height_m} m ${report.panel.wraps_around ? 'cylindrical wall (unrolled, y around)' : 'panel'} from ${report.recording}`,
    `(${report.channels} channels, ${formatNumber(report.sample_rate_hz / 1000)} kHz, ${formatNumber(report.duration_s)} s, ${fix.frames} frames of ${fix.frameSize})`,
    '',
    `Leak at x = ${formatNumber(fix.xM)} m, y = ${formatNumber(fix.yM)} m`,
    `90 % ellipse: ${mm(fix.ellipse90.semiMajorM)} × ${mm(fix.ellipse90.semiMinorM)} mm (semi-axes), major axis at ${formatNumber(fix.ellipse90.angleDeg)}°`,
    `In-band SNR estimate: ${formatNumber(fix.snrDb)} dB; band ${fix.bandHz[0] / 1000}–${fix.bandHz[1] / 1000} kHz`,
    `Group speed: ${fix.groupSpeedStatement}`,
    '',
    formatTable(
      ['pair', 'Δ path mm', 'TDOA µs', 'peak', 'fix Δ mm'],
      fix.pairs.map((p) => [
        `${p.channels[0]}–${p.channels[1]}`,
        p.pathDifferenceM * 1000,
        p.tdoaS * 1e6,
        p.peak,
        p.fixPathDifferenceM * 1000,
      ]),
    ),
    '',
  ].join('\n');
}
