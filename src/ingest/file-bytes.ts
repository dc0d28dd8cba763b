/**
 * The bytes of a telemetry file, plain or gzip-compressed (`.csv.gz`, `.jsonl.gz`, `.ndjson.gz`):
 * archives of a station's telemetry are kept compressed, and a month of it is a gigabyte of text.
 * A compressed file is decompressed as it streams (node's zlib), so memory stays as flat as for a
 * plain one; what a file's name says about its format is read past the `.gz`.
 */
import { createReadStream, readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { unreadable } from './fs-errors.js';

const GZIP = '.gz';

/** Whether the file is read through gunzip (its name ends in `.gz`, in any case). */
export function isGzipped(path: string): boolean {
  return path.toLowerCase().endsWith(GZIP);
}

/** The extension that names the format, lower-cased, past a `.gz`: `.csv` for `a.CSV.gz`, '' for none. */
export function formatExtension(path: string): string {
  const name = (path.split(/[\\/]/).at(-1) ?? '').toLowerCase();
  const inner = name.endsWith(GZIP) ? name.slice(0, -GZIP.length) : name;
  const dot = inner.lastIndexOf('.');
  return dot > 0 ? inner.slice(dot) : '';
}

/** A file's bytes, read a block at a time into a caller's buffer. */
export interface ByteSource {
  /** Fills `block` from `offset` on as far as it can; the bytes read, 0 at the end of the data. */
  read(block: Buffer, offset: number): Promise<number>;
  close(): Promise<void>;
}

/** The file's (decompressed) bytes. Errors name the path: unreadable, not gzip, cut short. */
export async function openBytes(path: string): Promise<ByteSource> {
  return isGzipped(path)
    ? new GunzipBytes(path, decompressed(path))
    : new FileBytes(path, await openFile(path));
}

/** The file's (decompressed) text stream, in UTF-8 pieces of about `pieceChars`. */
export function openText(path: string, pieceChars: number): Readable {
  const text = isGzipped(path)
    ? decompressed(path, pieceChars)
    : createReadStream(path, { highWaterMark: pieceChars });
  return text.setEncoding('utf8');
}

/** Most of a compressed file's head inflated for format detection [bytes] (as much as a plain header may take). */
const MAX_HEAD_BYTES = 16 << 20;

/**
 * A synchronous reader of the file's first (decompressed) bytes from an open descriptor, for format
 * detection (a header line): each call fills `into` as far as it can, 0 at the end. Of a compressed
 * file the first MiB is inflated as far as it goes, unless that would pass MAX_HEAD_BYTES (data that
 * packs a thousandfold): then a smaller start of it, down to 8 KiB, which cannot.
 */
export function headReader(path: string, fd: number): (into: Buffer) => number {
  if (!isGzipped(path)) return (into) => readSync(fd, into, 0, into.length, null);
  const packed = Buffer.alloc(1 << 20);
  const n = readSync(fd, packed, 0, packed.length, null);
  const head = inflatedHead(path, packed.subarray(0, n));
  let at = 0;
  return (into) => {
    const copied = head.copy(into, 0, at);
    at += copied;
    return copied;
  };
}

function inflatedHead(path: string, packed: Buffer): Buffer {
  if (packed.length === 0) return packed;
  for (let take = packed.length; ; take = Math.max(8 << 10, take >> 3)) {
    try {
      return gunzipSync(packed.subarray(0, take), {
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: MAX_HEAD_BYTES,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE' || take <= 8 << 10)
        throw unreadable(path, error);
    }
  }
}

function decompressed(path: string, chunkSize = 1 << 16): Readable {
  // pipeline: an error on either side (no file, corrupt data) ends the output with that error
  return pipeline(createReadStream(path), createGunzip({ chunkSize }), () => undefined);
}

async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    throw unreadable(path, error);
  }
}

class FileBytes implements ByteSource {
  constructor(
    private readonly path: string,
    private readonly file: FileHandle,
  ) {}

  async read(block: Buffer, offset: number): Promise<number> {
    try {
      return (await this.file.read(block, offset, block.length - offset, null)).bytesRead;
    } catch (error) {
      throw unreadable(this.path, error);
    }
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** A decompressing stream read into blocks: the part of a chunk that did not fit waits for the next read. */
class GunzipBytes implements ByteSource {
  private readonly chunks: AsyncIterator<Buffer>;
  private pending: Buffer | null = null;

  constructor(
    private readonly path: string,
    private readonly stream: Readable,
  ) {
    this.chunks = stream[Symbol.asyncIterator]();
  }

  async read(block: Buffer, offset: number): Promise<number> {
    let at = offset;
    while (at < block.length) {
      if (this.pending === null) {
        let next: IteratorResult<Buffer>;
        try {
          next = await this.chunks.next();
        } catch (error) {
          throw unreadable(this.path, error);
        }
        if (next.done) break;
        this.pending = next.value;
      }
      at += this.take(block, at);
    }
    return at - offset;
  }

  close(): Promise<void> {
    this.stream.destroy();
    return Promise.resolve();
  }

  /** Copies as much of the pending chunk as fits at `at`; the bytes copied. */
  private take(block: Buffer, at: number): number {
    const chunk = this.pending as Buffer;
    const n = chunk.copy(block, at, 0, Math.min(chunk.length, block.length - at));
    this.pending = n < chunk.length ? chunk.subarray(n) : null;
    return n;
  }
}
