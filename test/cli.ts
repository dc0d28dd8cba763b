// Runs the CLI in-process with captured output.
import { main } from '../src/cli/main.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function runCli(args: string[], cwd = process.cwd()): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(['node', 'airtight', ...args], {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    errIsTTY: false,
    cwd,
  });
  return { code, out, err };
}
