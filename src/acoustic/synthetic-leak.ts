// Synthetic structure-borne leak noise as heard by sensors on a flat panel, for tests and the
// benchmark: broadband noise (50–400 kHz by default) from the leak travels to each sensor with
// the flexural dispersion of the stated group-speed model, spreads and is damped with distance,
// reflects off the panel's edges (image sources), and meets uncorrelated sensor noise.

import { rngFor } from '../core/index.js';
import {
  type AcousticPanel,
  type AcousticSensor,
  type GroupSpeedModel,
  imageSources,
  wavenumber,
} from '../search/index.js';
import { fftOf } from './fft-plan.js';
import type { Recording } from './recording.js';

export interface SyntheticLeakOptions {
  panel: AcousticPanel;
  sensors: AcousticSensor[];
  leak: { xM: number; yM: number };
  model: GroupSpeedModel;
  seed: number;
  /** in-band signal-to-noise ratio per sensor, dB: signal power over sensor-noise power inside bandHz */
  snrDb: number;
  /** samples per channel, a power of two (2^20 ≈ 1.05 s at 1 MHz) */
  samples: number;
  sampleRateHz?: number;
  /** leak-noise band, Hz (default 50–400 kHz, cosine edges 10 kHz wide) */
  bandHz?: [number, number];
  /** material damping, Np/m (default 2) */
  dampingNpPerM?: number;
  /** amplitude reflection coefficient of an edge (default 0.5) */
  reflection?: number;
  /** reflections per path kept (default 1: the four edges) */
  reflectionOrder?: number;
  /** leak-noise amplitude ∝ (f / 200 kHz)^−tilt inside the band (default 1: falls with frequency) */
  sourceTilt?: number;
  /** resonance of the (identical) sensors, Hz, with quality factor Q (default 150 kHz, Q 4; null: flat sensors) */
  sensorResonance?: { hz: number; q: number } | null;
}

/**
 * A recording of the leak at every sensor (channel = sensor.channel), scaled so that the largest
 * |sample| is 0.5 (room for 16-bit WAV).
 * ## Method
 * Frequency domain, one block of `samples` (circular, hence stationary): source spectrum S(f) =
 * complex Gaussian × band shape × (f/200 kHz)^−tilt × a resonant sensor's response
 * 1/(1 + iQ(f/f_r − f_r/f)) (second-order band-pass, like a 150 kHz AE sensor); each sensor hears S(f)·Σ_images R^n·e^{−αd}/√d·e^{−i·k(f)·d}
 * (cylindrical spreading of a plate wave, k(f) from the dispersion model, n reflections);
 * two channels share one inverse complex FFT (fft.js). White Gaussian sensor noise is then added
 * with variance P_signal/SNR · (fs/2)/(band width), so that the SNR holds inside the band.
 */
export function synthesizeLeakRecording(options: SyntheticLeakOptions): Recording {
  const fs = options.sampleRateHz ?? 1e6;
  const n = options.samples;
  const [lo, hi] = options.bandHz ?? [50e3, 400e3];
  const edge = 10e3;
  const damping = options.dampingNpPerM ?? 2;
  const reflection = options.reflection ?? 0.5;
  const tilt = options.sourceTilt ?? 1;
  const resonance = options.sensorResonance === undefined ? { hz: 150e3, q: 4 } : options.sensorResonance;
  const images = imageSources(options.panel, options.leak.xM, options.leak.yM, options.reflectionOrder ?? 1);
  const bins = n / 2;
  const binHz = fs / n;
  const sourceRng = rngFor(options.seed, 'acoustic-leak-source');
  const source = new Float64Array(2 * bins);
  const kOf = new Float64Array(bins);
  for (let b = 1; b < bins; b++) {
    const f = b * binHz;
    const shape =
      f < lo - edge || f > hi + edge
        ? 0
        : f < lo
          ? 0.5 + 0.5 * Math.cos((Math.PI * (lo - f)) / edge)
          : f > hi
            ? 0.5 + 0.5 * Math.cos((Math.PI * (f - hi)) / edge)
            : 1;
    const gain = shape * (f / 200e3) ** -tilt;
    // resonant sensor: multiply by 1 / (1 + iQ(f/f_r − f_r/f))
    const x = resonance ? resonance.q * (f / resonance.hz - resonance.hz / f) : 0;
    const gr = sourceRng.normal() * gain;
    const gi = sourceRng.normal() * gain;
    source[2 * b] = (gr + gi * x) / (1 + x * x);
    source[2 * b + 1] = (gi - gr * x) / (1 + x * x);
    kOf[b] = wavenumber(options.model, f);
  }
  const paths = (sensor: AcousticSensor) =>
    images.map((img) => {
      const d = Math.hypot(img.xM - sensor.xM, img.yM - sensor.yM);
      return {
        d,
        gain: (reflection ** img.reflections * Math.exp(-damping * d)) / Math.sqrt(Math.max(d, 0.01)),
      };
    });
  const spectrumAt = (sensor: AcousticSensor): Float64Array => {
    const out = new Float64Array(2 * bins);
    const ps = paths(sensor);
    for (let b = 1; b < bins; b++) {
      const sr = source[2 * b] as number;
      const si = source[2 * b + 1] as number;
      if (sr === 0 && si === 0) continue;
      let hr = 0;
      let hi2 = 0;
      const k = kOf[b] as number;
      for (const { d, gain } of ps) {
        hr += gain * Math.cos(k * d);
        hi2 -= gain * Math.sin(k * d);
      }
      out[2 * b] = sr * hr - si * hi2;
      out[2 * b + 1] = sr * hi2 + si * hr;
    }
    return out;
  };
  const fft = fftOf(n);
  const channelCount = Math.max(...options.sensors.map((s) => s.channel)) + 1;
  const channels = Array.from({ length: channelCount }, () => new Float64Array(n));
  const full = new Float64Array(2 * n);
  const time = new Float64Array(2 * n);
  for (let s = 0; s < options.sensors.length; s += 2) {
    const a = options.sensors[s] as AcousticSensor;
    const b = options.sensors[s + 1];
    const ya = spectrumAt(a);
    const yb = b ? spectrumAt(b) : new Float64Array(2 * bins);
    full.fill(0);
    // Z = Ya + i·Yb with Hermitian halves, so that Re z = a's signal and Im z = b's
    for (let k = 1; k < bins; k++) {
      const ar = ya[2 * k] as number;
      const ai = ya[2 * k + 1] as number;
      const br = yb[2 * k] as number;
      const bi = yb[2 * k + 1] as number;
      full[2 * k] = ar - bi;
      full[2 * k + 1] = ai + br;
      full[2 * (n - k)] = ar + bi;
      full[2 * (n - k) + 1] = br - ai;
    }
    fft.inverseTransform(time, full);
    const ca = channels[a.channel] as Float64Array;
    for (let i = 0; i < n; i++) ca[i] = time[2 * i] as number;
    if (b) {
      const cb = channels[b.channel] as Float64Array;
      for (let i = 0; i < n; i++) cb[i] = time[2 * i + 1] as number;
    }
  }
  const bandShare = fs / 2 / (hi - lo);
  for (const sensor of options.sensors) {
    const x = channels[sensor.channel] as Float64Array;
    let power = 0;
    for (let i = 0; i < n; i++) power += (x[i] as number) ** 2;
    const sigma = Math.sqrt(((power / n) * bandShare) / 10 ** (options.snrDb / 10));
    const noise = rngFor(options.seed, `acoustic-sensor-noise-${sensor.channel}`);
    for (let i = 0; i < n; i++) x[i] = (x[i] as number) + sigma * noise.normal();
  }
  let peak = 0;
  for (const x of channels) for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(x[i] as number));
  const scale = peak > 0 ? 0.5 / peak : 1;
  for (const x of channels) for (let i = 0; i < n; i++) x[i] = (x[i] as number) * scale;
  return { sampleRateHz: fs, channels };
}
