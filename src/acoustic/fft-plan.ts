// fft.js transforms by size, built once: building the twiddle tables of a 2^17-point FFT costs
// more than running it.
import FFT from 'fft.js';

const plans = new Map<number, FFT>();

/** The fft.js transform of `size` points (a power of two ≥ 4), shared. */
export function fftOf(size: number): FFT {
  let plan = plans.get(size);
  if (plan === undefined) {
    plan = new FFT(size);
    plans.set(size, plan);
  }
  return plan;
}
