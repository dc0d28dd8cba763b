/** Where a command writes: the terminal in real use, buffers in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress bars go there). */
  errIsTTY: boolean;
  /** The stream progress bars draw on (a terminal); absent in tests. */
  errStream?: NodeJS.WriteStream;
  cwd: string;
}

/**
 * The process's streams. A reader that stops early (`airtight analyze … | head`) closes stdout:
 * the command ends quietly with what was read, rather than with an EPIPE stack trace.
 */
export function processIo(): Io {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(0);
    });
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errIsTTY: process.stderr.isTTY === true,
    errStream: process.stderr,
    cwd: process.cwd(),
  };
}
