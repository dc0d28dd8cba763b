/**
 * An append-only text file that respects backpressure: `append` resolves once the stream can
 * take more, so memory stays flat however much is written.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

export interface FileSink {
  readonly path: string;
  append(text: string): Promise<void>;
  close(): Promise<void>;
  /** Bytes written so far. */
  bytes(): number;
}

export function openFileSink(path: string): FileSink {
  const stream: WriteStream = createWriteStream(path, { encoding: 'utf8' });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  return {
    path,
    append(text) {
      if (failure) return Promise.reject(failure);
      if (stream.write(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const onDrain = (): void => {
          stream.off('error', onError);
          resolve();
        };
        const onError = (error: Error): void => {
          stream.off('drain', onDrain);
          reject(error);
        };
        stream.once('drain', onDrain);
        stream.once('error', onError);
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
      });
    },
    bytes: () => stream.bytesWritten + stream.writableLength,
  };
}
