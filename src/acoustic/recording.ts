// A multichannel recording in memory: sample rate and one Float64Array per channel, in the
// units of the file scaled to full scale ±1 (integer PCM) or as stored (float PCM).

export interface Recording {
  sampleRateHz: number;
  /** one array per WAV channel, all the same length */
  channels: Float64Array[];
}

/** Seconds of audio in a recording. */
export function durationS(recording: Recording): number {
  return (recording.channels[0]?.length ?? 0) / recording.sampleRateHz;
}
