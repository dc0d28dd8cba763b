import { toSI } from '../core/index.js';
/**
 * Columnar buffer of telemetry samples (time, channel index, value), filled by the simulator and
 * drained by whoever writes them out. Grows by doubling; `clear` keeps the memory.
 */
export class SampleBuffer {
  /** Epoch seconds. */
  time = new Float64Array(1024);
  /** Index into the station's sensors. */
  channel = new Int32Array(1024);
  /** In the sensor's unit. */
  value = new Float64Array(1024);
  length = 0;

  push(time: number, channel: number, value: number): void {
    if (this.length === this.time.length) this.grow();
    this.time[this.length] = time;
    this.channel[this.length] = channel;
    this.value[this.length] = value;
    this.length++;
  }

  clear(): void {
    this.length = 0;
  }

  private grow(): void {
    const size = this.time.length * 2;
    const time = new Float64Array(size);
    const channel = new Int32Array(size);
    const value = new Float64Array(size);
    time.set(this.time);
    channel.set(this.channel);
    value.set(this.value);
    this.time = time;
    this.channel = channel;
    this.value = value;
  }
}

/**
 * Converts the buffer's values in place from each channel's unit (as sensors report them) to SI,
 * as the monitor reads them.
 */
export function convertToSI(buffer: SampleBuffer, units: readonly string[]): void {
  for (let i = 0; i < buffer.length; i++)
    buffer.value[i] = toSI(buffer.value[i] as number, units[buffer.channel[i] as number] as string);
}
