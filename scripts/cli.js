#!/usr/bin/env node
// `npm run cli -- ARGS`: runs the compiled CLI, compiling first only when a source file is newer than
// the last build (tsc's build info), so `npm run cli -- --help` does not pay for a compilation.
'use strict';
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const built = join(root, 'dist/.tsbuildinfo');

function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return path.endsWith('.ts') || path.endsWith('.json') ? stat.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

let builtAt = 0;
try {
  builtAt = statSync(built).mtimeMs;
} catch {
  // never built
}
const sources = ['src', 'modules', 'tsconfig.json', 'package.json'].map((p) => newest(join(root, p)));
if (!builtAt || Math.max(...sources) > builtAt) {
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')],
    {
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
const cli = spawnSync(process.execPath, [join(root, 'dist/src/cli/main.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(cli.status ?? 1);
