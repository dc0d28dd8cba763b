#!/usr/bin/env node
// The airtight CLI. The TypeScript is compiled to dist/ by `npm install` (the prepare script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'airtight: not built yet; run `npm install` (or `npm run build`) in the airtight folder\n',
  );
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
