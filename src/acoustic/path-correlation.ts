// Generalised cross-correlation of a sensor pair as a function of the path difference Δ = d_i − d_j
// (m), with PHAT weighting and dispersion compensation: the band's cross-spectrum is resampled
// onto a uniform wavenumber grid and inverse-transformed (fft.js, zero-padded) so that a flexural
// wave, whose phase k(f)·Δ is not linear in f, still correlates into one sharp peak at Δ.

import { frequencyOfWavenumber, type GroupSpeedModel, wavenumber } from '../search/index.js';
import type { CrossSpectra } from './cross-spectra.js';
import { fftOf } from './fft-plan.js';

export type CrossWeighting = 'phat' | 'none';

export interface PathCorrelationOptions {
  model: GroupSpeedModel;
  /** 'phat': unit magnitude per bin (GCC-PHAT); 'none': plain cross-correlation */
  weighting: CrossWeighting;
  /** largest |Δ| needed (m), e.g. the largest sensor spacing */
  maxPathDifferenceM: number;
  /** spacing of the Δ grid before sub-sample interpolation (m) */
  resolutionM: number;
  /** fraction of the wavenumber band tapered (cosine) at each end against sidelobes; 0: none */
  taperFraction: number;
}

/** Correlation of one pair on a Δ grid: Δ_n = (n − half)·stepM, n = 0 … 2·half. */
export interface PathCorrelation {
  stepM: number;
  half: number;
  /** normalised correlation, 1 for identical signals at that Δ */
  real: Float64Array;
  /** its envelope (magnitude of the analytic correlation) */
  envelope: Float64Array;
}

/**
 * Correlation of pair `p` over path difference.
 * ## Method
 * r(Δ) = Re Σ_m w_m·Ĝ(f(k_m))·e^{i·k_m·Δ} / Σ w_m on a uniform grid k_m = k_lo + m·dk of the
 * band's wavenumbers, Ĝ = G/|G| (PHAT, Knapp & Carter 1976) or G/√(P_i·P_j) averaged (plain),
 * linearly interpolated between FFT bins. With k(f) = 2πf/c this is GCC-PHAT at τ = Δ/c. dk is
 * the finest bin spacing in k (so no bin is skipped); zero-padding to L points gives
 * Δ steps 2π/(L·dk) ≤ resolutionM; |Δ| up to π/dk is unambiguous.
 */
export function pathCorrelation(
  spectra: CrossSpectra,
  p: number,
  options: PathCorrelationOptions,
): PathCorrelation {
  const { model } = options;
  const binHz = spectra.sampleRateHz / spectra.frameSize;
  const fLo = spectra.binLo * binHz;
  const fHi = spectra.binHi * binHz;
  const kLo = wavenumber(model, fLo);
  const kHi = wavenumber(model, fHi);
  const finest = Math.min(kHi - wavenumber(model, fHi - binHz), wavenumber(model, fLo + binHz) - kLo);
  const dk = Math.min(finest, Math.PI / (1.25 * options.maxPathDifferenceM));
  const m = Math.floor((kHi - kLo) / dk + 1e-9) + 1;
  let size = 1024;
  while (size < 2 * m || (2 * Math.PI) / (size * dk) > options.resolutionM) size *= 2;
  const stepM = (2 * Math.PI) / (size * dk);
  const weights = bandWeights(spectra, p, options.weighting);
  const z = new Float64Array(2 * size);
  const taper = Math.max(1, Math.round(options.taperFraction * m));
  let total = 0;
  for (let q = 0; q < m; q++) {
    const bin = frequencyOfWavenumber(model, kLo + q * dk) / binHz;
    const b0 = Math.min(spectra.binHi - 1, Math.max(spectra.binLo, Math.floor(bin)));
    const t = Math.min(1, Math.max(0, bin - b0));
    const edge = Math.min(q, m - 1 - q);
    const w =
      options.taperFraction > 0 && edge < taper ? 0.5 - 0.5 * Math.cos((Math.PI * (edge + 0.5)) / taper) : 1;
    const lo = 2 * (b0 - spectra.binLo);
    z[2 * q] = w * ((1 - t) * (weights[lo] as number) + t * (weights[lo + 2] as number));
    z[2 * q + 1] = w * ((1 - t) * (weights[lo + 1] as number) + t * (weights[lo + 3] as number));
    total += w;
  }
  const out = new Float64Array(2 * size);
  fftOf(size).inverseTransform(out, z);
  const half = Math.min(size / 2 - 1, Math.ceil(options.maxPathDifferenceM / stepM) + 2);
  const real = new Float64Array(2 * half + 1);
  const envelope = new Float64Array(2 * half + 1);
  const scale = size / total;
  for (let n = -half; n <= half; n++) {
    const at = n < 0 ? n + size : n;
    const re = (out[2 * at] as number) * scale;
    const im = (out[2 * at + 1] as number) * scale;
    const phase = kLo * n * stepM;
    real[n + half] = re * Math.cos(phase) - im * Math.sin(phase);
    envelope[n + half] = Math.hypot(re, im);
  }
  return { stepM, half, real, envelope };
}

/** Ĝ over the band's bins (interleaved re, im from binLo): PHAT-whitened or coherence-normalised. */
function bandWeights(spectra: CrossSpectra, p: number, weighting: CrossWeighting): Float64Array {
  const g = spectra.cross[p] as Float64Array;
  const pair = spectra.pairs[p];
  const count = spectra.binHi - spectra.binLo + 1;
  const out = new Float64Array(2 * count);
  let norm = 0;
  if (weighting === 'none' && pair) {
    const pi = spectra.power[pair.i] as Float64Array;
    const pj = spectra.power[pair.j] as Float64Array;
    for (let b = spectra.binLo; b <= spectra.binHi; b++)
      norm += Math.sqrt((pi[b] as number) * (pj[b] as number));
    norm /= count;
  }
  for (let b = spectra.binLo; b <= spectra.binHi; b++) {
    const re = g[2 * b] as number;
    const im = g[2 * b + 1] as number;
    const scale = weighting === 'phat' ? 1 / (Math.hypot(re, im) || 1) : 1 / (norm || 1);
    out[2 * (b - spectra.binLo)] = re * scale;
    out[2 * (b - spectra.binLo) + 1] = im * scale;
  }
  return out;
}

/** Linear interpolation of a correlation (its real part or envelope) at Δ (m); 0 outside the grid. */
export function correlationAt(corr: PathCorrelation, values: Float64Array, deltaM: number): number {
  const x = deltaM / corr.stepM + corr.half;
  const n = Math.floor(x);
  if (n < 0 || n >= values.length - 1) return 0;
  const t = x - n;
  return (1 - t) * (values[n] as number) + t * (values[n + 1] as number);
}

/**
 * The strongest peak of the real correlation with |Δ| ≤ limitM, refined between grid points by a
 * parabola through the top three (sub-sample interpolation). Returns Δ (m) and the peak height.
 */
export function correlationPeak(
  corr: PathCorrelation,
  limitM: number,
  aroundM = 0,
): { deltaM: number; peak: number } {
  const lo = Math.max(1, Math.ceil((aroundM - limitM) / corr.stepM) + corr.half);
  const hi = Math.min(corr.real.length - 2, Math.floor((aroundM + limitM) / corr.stepM) + corr.half);
  let best = lo;
  for (let n = lo; n <= hi; n++) if ((corr.real[n] as number) > (corr.real[best] as number)) best = n;
  const y0 = corr.real[best - 1] as number;
  const y1 = corr.real[best] as number;
  const y2 = corr.real[best + 1] as number;
  const curve = y0 - 2 * y1 + y2;
  const shift = curve < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (y0 - y2)) / curve)) : 0;
  return { deltaM: (best - corr.half + shift) * corr.stepM, peak: y1 - 0.25 * (y0 - y2) * shift };
}
