import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { readWav, type WavSampleFormat, writeWav } from './wav-file.js';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures');
const dir = mkdtempSync(join(tmpdir(), 'airtight-wav-'));

describe('WAV files', () => {
  it('reads the 16-bit 3-channel 1 MHz file written by scipy (scripts/fixtures/acoustic_gcc_phat.py)', () => {
    const rec = readWav(join(FIXTURES, 'acoustic-gcc-phat.wav'));
    expect(rec.sampleRateHz).toBe(1_000_000);
    expect(rec.channels).toHaveLength(3);
    expect(rec.channels[0]).toHaveLength(32768);
    // the script scaled the largest |sample| of all channels to 0.5 full scale
    const peak = Math.max(...rec.channels.map((c) => c.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
    expect(peak).toBeCloseTo(0.5, 4);
  });

  const formats: [WavSampleFormat, number][] = [
    ['16', 1 / 32768],
    ['24', 1 / 8388608],
    ['32', 1 / 2147483648],
    ['32f', 6e-8],
  ];
  for (const [format, lsb] of formats)
    it(`round-trips 4 channels at 1 MHz in ${format}-bit ${format === '32f' ? 'float' : 'integer'} PCM to within half a step`, () => {
      const n = 5000;
      const channels = Array.from({ length: 4 }, (_, c) =>
        Float64Array.from(
          { length: n },
          (_, i) => 0.9 * Math.sin(0.001 * (i + 1) * (c + 1) + c) * (i % 2 ? 1 : -1),
        ),
      );
      channels[2]![7] = -1; // full scale negative is representable
      const path = join(dir, `rt-${format}.wav`);
      writeWav(path, { sampleRateHz: 1_000_000, channels }, format);
      const back = readWav(path);
      expect(back.sampleRateHz).toBe(1_000_000);
      expect(back.channels).toHaveLength(4);
      let worst = 0;
      channels.forEach((ch, c) => {
        ch.forEach((v, i) => {
          worst = Math.max(worst, Math.abs(v - back.channels[c]![i]!));
        });
      });
      expect(worst).toBeLessThanOrEqual(lsb);
    });

  it('names the file when it is missing, not a WAV, or in an unsupported format', () => {
    expect(() => readWav(join(dir, 'missing.wav'))).toThrow(/missing\.wav: no such file/);
    const junk = join(dir, 'junk.wav');
    writeFileSync(junk, 'this is not audio');
    expect(() => readWav(junk)).toThrow(InputError);
    expect(() => readWav(junk)).toThrow(/junk\.wav: not a readable WAV file/);
    const eight = join(dir, 'eight.wav');
    const bytes = readFileSync(join(FIXTURES, 'acoustic-gcc-phat.wav'));
    // rewrite the header as 8-bit: bits per sample at byte 34, block align at 32
    const copy = Buffer.from(bytes);
    copy.writeUInt16LE(8, 34);
    copy.writeUInt16LE(3, 32);
    writeFileSync(eight, copy);
    expect(() => readWav(eight)).toThrow(/sample format must be 16, 24 or 32-bit/);
  });
});
