// Acoustic leak localization on a flat panel or an unrolled cylindrical wall: averaged
// cross-spectra of all sensor pairs, dispersion-compensated GCC-PHAT over path difference, steered
// response over the panel (coarse, fine, fine-structure), the fix with its 90 % ellipse, and the
// fix as evidence for the search map.
import {
  type AcousticMap,
  type AcousticPanel,
  type AcousticSensor,
  acousticMapFromFix,
  describeGroupSpeed,
  type FixCovariance,
  type FixEllipse90,
  fixCovariance,
  fixEllipse90,
  type GroupSpeedModel,
  pathDifference,
  sensorDistance,
  sensorPairs,
  wavenumber,
  wrapOf,
} from '../search/index.js';
import { bandSnr, crossSpectra } from './cross-spectra.js';
import {
  type CrossWeighting,
  correlationPeak,
  type PathCorrelation,
  pathCorrelation,
} from './path-correlation.js';
import type { Recording } from './recording.js';
import { argMax, type Grid2d, gridAround, gridNode, steeredResponse } from './steered-response.js';

export interface LocateOptions {
  model: GroupSpeedModel;
  /** the panel searched; a wall that wraps around (a cylinder unrolled) has no edges in y */
  panel: AcousticPanel;
  /** analysis band, Hz (default 50–400 kHz) */
  bandHz?: [number, number];
  /** GCC weighting (default 'phat') */
  weighting?: CrossWeighting;
  /** FFT frame length, a power of two (default 16 384, shortened to fit the recording) */
  frameSize?: number;
  /** refine on the correlation's fine structure after the envelope (default true) */
  fineStructure?: boolean;
  /** step of the coarse response grid and of the returned map, m (default 5 mm) */
  coarseStepM?: number;
}

/** The measured path difference of one sensor pair at its strongest correlation peak. */
export interface PairDelay {
  /** WAV channels of the pair (i, j): Δ = d_i − d_j */
  channels: [number, number];
  pathDifferenceM: number;
  /** time difference t_i − t_j at the stated group speed, s */
  tdoaS: number;
  /** peak height of the normalised correlation (1 = perfectly coherent) */
  peak: number;
  /** Δ the fix predicts for this pair, m */
  fixPathDifferenceM: number;
}

export interface AcousticFix {
  xM: number;
  yM: number;
  covariance: FixCovariance;
  ellipse90: FixEllipse90;
  pairs: PairDelay[];
  /** in-band signal-to-noise ratio estimated from the pairs' coherence, dB */
  snrDb: number;
  model: GroupSpeedModel;
  groupSpeedStatement: string;
  bandHz: [number, number];
  panel: AcousticPanel;
  frameSize: number;
  frames: number;
  /** steered response (envelope, mean over pairs) on the coarse grid */
  response: { grid: Grid2d; power: Float64Array };
}

export const DEFAULT_BAND_HZ: [number, number] = [50e3, 400e3];
const DEFAULT_FRAME = 16384;
/** Search window of the local peak that measures each pair's scatter about the fix, m. */
const LOCAL_PEAK_M = 0.005;
/** Chance that a fix is a wrong peak, kept in the map handed to the search (see acousticMapFromFix). */
const OUTLIER_PROBABILITY = 0.05;

/** Locates a leak from a recording of `sensors` (each names its WAV channel) on a flat or wrapping panel. */
export function locateLeak(
  recording: Recording,
  sensors: AcousticSensor[],
  options: LocateOptions,
): AcousticFix {
  const bandHz = options.bandHz ?? DEFAULT_BAND_HZ;
  const length = recording.channels[0]?.length ?? 0;
  let frameSize = options.frameSize ?? DEFAULT_FRAME;
  while (frameSize > length && frameSize > 256) frameSize /= 2;
  const pairs = sensorPairs(sensors.length);
  const signals = sensors.map((s) => recording.channels[s.channel] as Float64Array);
  const spectra = crossSpectra(signals, recording.sampleRateHz, pairs, { frameSize, bandHz });
  const wrapM = wrapOf(options.panel);
  let maxSpacing = 0;
  for (const { i, j } of pairs) {
    const a = sensors[i] as AcousticSensor;
    const b = sensors[j] as AcousticSensor;
    maxSpacing = Math.max(maxSpacing, sensorDistance(a, b.xM, b.yM, wrapM));
  }
  const corrOptions = {
    model: options.model,
    weighting: options.weighting ?? 'phat',
    maxPathDifferenceM: maxSpacing + 0.02,
    resolutionM: 0.0005,
    taperFraction: 0.1,
  } as const;
  const correlations: PathCorrelation[] = pairs.map((_, p) => pathCorrelation(spectra, p, corrOptions));
  const { model } = options;

  const { widthM, heightM } = options.panel;
  // on a wrapping wall the fine grids may cross the seam y = 0 ≡ heightM
  const bounds = {
    x0M: 0,
    y0M: wrapM > 0 ? -heightM : 0,
    x1M: widthM,
    y1M: wrapM > 0 ? 2 * heightM : heightM,
  };
  const coarseStep = options.coarseStepM ?? 0.005;
  const coarse: Grid2d = {
    x0M: 0,
    y0M: 0,
    dxM: coarseStep,
    dyM: coarseStep,
    nx: Math.floor(widthM / coarseStep + 1e-9) + 1,
    ny: Math.floor(heightM / coarseStep + 1e-9) + 1,
  };
  const coarsePower = steeredResponse(sensors, pairs, correlations, coarse, 'envelope', wrapM);
  let best = gridNode(coarse, argMax(coarsePower));
  const fine = gridAround(best.xM, best.yM, 2 * coarseStep, 0.0005, bounds);
  best = gridNode(fine, argMax(steeredResponse(sensors, pairs, correlations, fine, 'envelope', wrapM)));
  if (options.fineStructure ?? true) {
    // half a wavelength at the band's centre wavenumber: stay on the envelope's carrier cycle
    const kMid = wavenumber(model, (bandHz[0] + bandHz[1]) / 2);
    const detail = gridAround(best.xM, best.yM, Math.PI / kMid / 2, 0.00025, bounds);
    best = gridNode(detail, argMax(steeredResponse(sensors, pairs, correlations, detail, 'real', wrapM)));
  }
  if (wrapM > 0) best = { xM: best.xM, yM: best.yM - wrapM * Math.floor(best.yM / wrapM) };

  const c0 = model.groupSpeedMPerS;
  const local = new Float64Array(pairs.length);
  const pairDelays = pairs.map(({ i, j }, p): PairDelay => {
    const a = sensors[i] as AcousticSensor;
    const b = sensors[j] as AcousticSensor;
    const corr = correlations[p] as PathCorrelation;
    const strongest = correlationPeak(corr, sensorDistance(a, b.xM, b.yM, wrapM) + 0.01);
    const predicted = pathDifference(a, b, best.xM, best.yM, wrapM);
    local[p] = correlationPeak(corr, LOCAL_PEAK_M, predicted).deltaM;
    return {
      channels: [a.channel, b.channel],
      pathDifferenceM: strongest.deltaM,
      tdoaS: strongest.deltaM / c0,
      peak: strongest.peak,
      fixPathDifferenceM: predicted,
    };
  });
  const covariance = fixCovariance(
    sensors,
    pairs,
    local,
    best.xM,
    best.yM,
    correlations[0]?.stepM ?? 0.0005,
    wrapM,
  );
  const snrs = pairs.map((_, p) => 10 * Math.log10(bandSnr(spectra, p)));
  snrs.sort((x, y) => x - y);
  return {
    xM: best.xM,
    yM: best.yM,
    covariance,
    ellipse90: fixEllipse90(covariance),
    pairs: pairDelays,
    snrDb: snrs[Math.floor(snrs.length / 2)] ?? Number.NaN,
    model,
    groupSpeedStatement: describeGroupSpeed(model),
    bandHz,
    panel: options.panel,
    frameSize,
    frames: spectra.frames,
    response: { grid: coarse, power: coarsePower },
  };
}

/** The fix as a likelihood map over the panel for the search posterior (CONTRACT: AcousticMap). */
export function acousticMapOf(fix: AcousticFix, stepM = 0.01): AcousticMap {
  const { widthM, heightM } = fix.panel;
  const nu = Math.max(1, Math.round(widthM / stepM));
  const nv = Math.max(1, Math.round(heightM / stepM));
  // cell centres of a nu × nv tiling of the panel
  return acousticMapFromFix(
    { u0M: widthM / nu / 2, v0M: heightM / nv / 2, duM: widthM / nu, dvM: heightM / nv, nu, nv },
    { xM: fix.xM, yM: fix.yM },
    fix.covariance,
    OUTLIER_PROBABILITY,
    wrapOf(fix.panel),
  );
}
