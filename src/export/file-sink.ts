/**
 * An append-only text file, plain or gzipped, that respects backpressure: `append` resolves once
 * the stream can take more, so memory stays flat however much is written.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';

export interface FileSink {
  readonly path: string;
  append(text: string): Promise<void>;
  close(): Promise<void>;
  /** Bytes written so far. */
  bytes(): number;
}

/** `gzip`: the text is compressed on its way to the file (the path should end in .gz). */
export function openFileSink(path: string, gzip = false): FileSink {
  const file: WriteStream = createWriteStream(path, { encoding: 'utf8' });
  // writes go to gzip when asked, and its output to the file: backpressure from either reaches append
  const packer = gzip ? createGzip() : null;
  const stream: Writable = packer ?? file;
  packer?.pipe(file);
  let failure: Error | undefined;
  const fail = (error: Error): void => {
    failure = error;
  };
  stream.on('error', fail);
  if (packer !== null) file.on('error', fail);
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
        // done when the file has its last byte (past gzip's end, when it packs)
        file.once('close', () => (failure ? reject(failure) : resolve()));
        file.once('error', reject);
        stream.end();
      });
    },
    // the bytes in the file (compressed, when it packs)
    bytes: () => file.bytesWritten + file.writableLength,
  };
}
