/**
 * Reads a text file as lines, a piece at a time (64 KiB unless told), so memory stays flat for any
 * file size; pieces this small keep the strings in the garbage collector's young generation, where
 * they die cheaply. Lines come without their `\n` (a `\r` before it stays; readers trim) and the file
 * without a byte-order mark. A line longer than MAX_LINE_CHARS is given as `null` and the rest of
 * it skipped, so that line numbers stay right.
 */
import { openText } from './file-bytes.js';
import { unreadable } from './fs-errors.js';

const MAX_LINE_CHARS = 16 << 20;

export async function* readLines(path: string, pieceChars = 1 << 16): AsyncGenerator<(string | null)[]> {
  const input = openText(path, pieceChars);
  let rest = '';
  let skipping = false;
  let first = true;
  try {
    for await (const text of input as AsyncIterable<string>) {
      const piece = first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      first = false;
      const parts = piece.split('\n');
      const last = parts.length - 1;
      const lines: (string | null)[] = [];
      for (let i = 0; i < last; i++) {
        if (i > 0) lines.push(parts[i] as string);
        else if (skipping) skipping = false;
        else lines.push(rest + (parts[0] as string));
      }
      if (last > 0) rest = parts[last] as string;
      else if (!skipping) rest += parts[0] as string;
      if (rest.length > MAX_LINE_CHARS) {
        lines.push(null);
        rest = '';
        skipping = true;
      }
      if (lines.length > 0) yield lines;
    }
  } catch (error) {
    throw unreadable(path, error);
  } finally {
    input.destroy();
  }
  if (rest !== '') yield [rest];
}
