/** Writes a simulation's truth as readable JSON: objects indented, [time, value] pairs on one line. */
import { writeFileSync } from 'node:fs';

export function writeJsonFile(path: string, value: unknown): void {
  const text = JSON.stringify(value, null, 2).replace(
    /\[\n\s+("[^"\n]*"),\n\s+(-?[\d.eE+-]+|null)\n\s+\]/g,
    '[$1, $2]',
  );
  writeFileSync(path, `${text}\n`);
}
