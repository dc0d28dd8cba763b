// Acoustic leak localization from multichannel WAV recordings of sensors on a wall panel
// (adapter: fft.js for the transforms, wavefile for the files).
export { type CrossSpectra, crossSpectra } from './cross-spectra.js';
export {
  type AcousticFix,
  acousticMapOf,
  DEFAULT_BAND_HZ,
  type LocateOptions,
  locateLeak,
  type PairDelay,
} from './locate.js';
export {
  type CrossWeighting,
  correlationPeak,
  type PathCorrelation,
  pathCorrelation,
} from './path-correlation.js';
export { durationS, type Recording } from './recording.js';
export { parseSensors, readSensorsFile } from './sensors-file.js';
export { type Grid2d, steeredResponse } from './steered-response.js';
export { type SyntheticLeakOptions, synthesizeLeakRecording } from './synthetic-leak.js';
export { decodeWav, MAX_WAV_SAMPLES, readWav, type WavSampleFormat, writeWav } from './wav-file.js';
