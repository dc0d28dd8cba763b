// Averaged cross-spectra of every sensor pair (Welch's method): Hann-windowed frames with 50 %
// overlap, a real FFT per channel and frame (fft.js), X_i·conj(X_j) summed over frames inside the
// analysis band. One second of 4-channel 1 MHz audio is ~500 FFTs of 16 384 points.

import type { SensorPair } from '../search/index.js';
import { fftOf } from './fft-plan.js';

export interface CrossSpectra {
  frameSize: number;
  sampleRateHz: number;
  frames: number;
  /** first and last FFT bin inside the band */
  binLo: number;
  binHi: number;
  pairs: SensorPair[];
  /** per pair: Σ_frames X_i·conj(X_j), interleaved re, im, indexed by FFT bin (2·bin, 2·bin + 1) */
  cross: Float64Array[];
  /** per signal: Σ_frames |X|², indexed by FFT bin */
  power: Float64Array[];
}

/**
 * Welch-averaged cross-spectra of `signals` for the given pairs over bins of [loHz, hiHz].
 * `frameSize` is a power of two no longer than the signals.
 */
export function crossSpectra(
  signals: Float64Array[],
  sampleRateHz: number,
  pairs: SensorPair[],
  options: { frameSize: number; bandHz: [number, number] },
): CrossSpectra {
  const n = options.frameSize;
  const length = signals[0]?.length ?? 0;
  const hop = n / 2;
  const frames = length >= n ? Math.floor((length - n) / hop) + 1 : 0;
  const binHz = sampleRateHz / n;
  const binLo = Math.max(1, Math.ceil(options.bandHz[0] / binHz));
  const binHi = Math.min(n / 2 - 1, Math.floor(options.bandHz[1] / binHz));
  const fft = fftOf(n);
  const window = new Float64Array(n);
  for (let i = 0; i < n; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  const input = new Float64Array(n);
  const spectra = signals.map(() => new Float64Array(2 * n));
  const cross = pairs.map(() => new Float64Array(n + 2));
  const power = signals.map(() => new Float64Array(n / 2 + 1));
  for (let f = 0; f < frames; f++) {
    const start = f * hop;
    for (let c = 0; c < signals.length; c++) {
      const signal = signals[c] as Float64Array;
      for (let i = 0; i < n; i++) input[i] = (signal[start + i] as number) * (window[i] as number);
      const spectrum = spectra[c] as Float64Array;
      fft.realTransform(spectrum, input);
      const p = power[c] as Float64Array;
      for (let b = binLo; b <= binHi; b++) {
        const re = spectrum[2 * b] as number;
        const im = spectrum[2 * b + 1] as number;
        p[b] = (p[b] as number) + re * re + im * im;
      }
    }
    pairs.forEach((pair, p) => {
      const a = spectra[pair.i] as Float64Array;
      const b = spectra[pair.j] as Float64Array;
      const g = cross[p] as Float64Array;
      for (let k = 2 * binLo; k <= 2 * binHi; k += 2) {
        const ar = a[k] as number;
        const ai = a[k + 1] as number;
        const br = b[k] as number;
        const bi = b[k + 1] as number;
        g[k] = (g[k] as number) + ar * br + ai * bi;
        g[k + 1] = (g[k + 1] as number) + ai * br - ar * bi;
      }
    });
  }
  return { frameSize: n, sampleRateHz, frames, binLo, binHi, pairs, cross, power };
}

/**
 * In-band signal-to-noise ratio of pair p (linear) from its coherence: the coherent power Σ|G_ij|
 * over the incoherent rest Σ(√(P_i·P_j) − |G_ij|). For sensors that hear one source plus their own
 * noise at equal SNR this is signal power over noise power in the band.
 */
export function bandSnr(spectra: CrossSpectra, p: number): number {
  const pair = spectra.pairs[p] as SensorPair;
  const g = spectra.cross[p] as Float64Array;
  const pi = spectra.power[pair.i] as Float64Array;
  const pj = spectra.power[pair.j] as Float64Array;
  let coherent = 0;
  let total = 0;
  for (let b = spectra.binLo; b <= spectra.binHi; b++) {
    coherent += Math.hypot(g[2 * b] as number, g[2 * b + 1] as number);
    total += Math.sqrt((pi[b] as number) * (pj[b] as number));
  }
  return coherent / Math.max(total - coherent, 1e-12 * total);
}
