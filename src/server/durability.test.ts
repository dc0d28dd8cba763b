// A write the server acknowledged survives kill -9: the server runs as a child process (the built
// CLI, `airtight serve`), takes a batch of telemetry, answers 200, is killed with SIGKILL at once,
// and the SQLite file is reopened. WAL with synchronous=FULL: the commit was in the WAL file
// (fsynced) before the answer left, so the OS has it even though the process never checkpointed.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/airtight.js');
const dir = mkdtempSync(join(tmpdir(), 'airtight-kill-'));
let child: ChildProcess | null = null;

afterAll(() => {
  if (child !== null && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the server on a free port and resolves to its URL once it says it listens. */
function startServer(db: string): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db, '--no-demo'], {
      env: { ...process.env, AIRTIGHT_TOKENS: 'feed-secret-1=ingest' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /on (http:\/\/\S+)/.exec(out);
      if (match) resolveUrl((match[1] as string).replace('localhost', '127.0.0.1'));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

describe('durability', () => {
  it.skipIf(!existsSync(join(ROOT, 'dist/src/cli/main.js')))(
    'keeps every acknowledged sample after kill -9 (needs the built CLI: npm run build)',
    async () => {
      const db = join(dir, 'kill.db');
      const url = await startServer(db);
      // a past time: the server takes samples up to a day past its (real) clock
      const t0 = 1_700_000_000;
      const samples = Array.from({ length: 20_000 }, (_, i) => ({
        time: t0 + Math.floor(i / 2),
        channel: i % 2 === 0 ? 'USLAB000058' : 'NODE3000001',
        value: 745 + (i % 7) / 10,
      }));
      const answer = await fetch(`${url}/api/v1/telemetry`, {
        method: 'POST',
        headers: { authorization: 'Bearer feed-secret-1', 'content-type': 'application/json' },
        body: JSON.stringify(samples),
      });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { accepted: number }).accepted).toBe(20_000);
      const exited = new Promise((done) => child?.once('exit', done));
      child?.kill('SIGKILL');
      await exited;
      expect(child?.signalCode).toBe('SIGKILL');
      const store = new SqliteStore(db);
      try {
        expect(await store.sampleSpan()).toEqual({ count: 20_000, first: t0, last: t0 + 9_999 });
        const lab = await store.history({ channel: 'USLAB000058', startS: t0, endS: t0 + 10, size: 100 });
        expect(lab.time.length).toBe(11);
      } finally {
        await store.close();
      }
    },
  );
});
