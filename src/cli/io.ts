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

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errIsTTY: process.stderr.isTTY === true,
    errStream: process.stderr,
    cwd: process.cwd(),
  };
}
