/** A progress bar on stderr when it is a terminal (cli-progress); nothing otherwise. */
import cliProgress from 'cli-progress';
import type { Io } from './io.js';

export interface Progress {
  update(fraction: number, detail?: string): void;
  stop(): void;
}

export function startProgress(io: Io, label: string, options: { quiet?: boolean } = {}): Progress {
  if (options.quiet || !io.errIsTTY || io.errStream === undefined) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: io.errStream,
      format: `${label} {bar} {percentage}% | {detail}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0, { detail: '' });
  return {
    update(fraction, detail = '') {
      bar.update(Math.round(fraction * 1000), { detail });
    },
    stop() {
      bar.stop();
    },
  };
}
