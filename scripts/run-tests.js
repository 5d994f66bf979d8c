#!/usr/bin/env node
// Runs every compiled spec file (dist/**/*.test.js, client/dist/test/**/*.test.js) with node's built-in runner and ends with the line
// "N passed, N failed, N skipped". Without DATABASE_URL, one embedded PostgreSQL serves the whole run.
'use strict';
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawn } = require('node:child_process');

const roots = ['dist/test', 'dist/src', 'dist/modules', 'dist/examples/storefront', 'client/dist/test'];
const filter = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path);
    else if (entry.endsWith('.test.js') && (!filter.length || filter.some((f) => path.includes(f))))
      files.push(path);
  }
};
roots.forEach(walk);
files.sort();

function fail(message) {
  console.error(message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

async function database() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const { EmbeddedPostgresServer } = require('../dist/src/storage/embedded');
  const server = new EmbeddedPostgresServer(join(process.env.DATA_DIR || 'data', 'test'));
  const url = await server.start();
  console.log('# using the embedded PostgreSQL (DATABASE_URL is not set)');
  return { url, stop: () => server.stop() };
}

async function main() {
  if (!files.length) fail('No test files found (did the build run?)');
  const { url, stop } = await database();
  const args = [
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${process.env.TEST_CONCURRENCY || 2}`,
    ...files,
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DATABASE_URL: url },
  });
  // The summary lines ("ℹ pass 12"), kept as they pass: the list of failures printed after them can be
  // longer than any tail of the output.
  const counts = {};
  let partial = '';
  // Skipped tests and suites ("﹣ name # reason"): a suite skipped as a whole (no Redis, say) counts
  // once and its reason is repeated at the end, so a skip is never silent.
  const skips = [];
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      if (/^\s*﹣ /.test(line)) skips.push(line.trim().replace(/ \([\d.]+m?s\)/, ''));
      const summary = /^ℹ (\w+) (\d+)\s*$/.exec(line);
      if (summary) counts[summary[1]] = Number(summary[2]);
    }
  });
  child.on('close', async (code) => {
    await stop().catch(() => undefined);
    const num = (name) => counts[name] ?? 0;
    const passed = num('pass');
    const failed = num('fail') + num('cancelled');
    const skipped = Math.max(num('skipped'), skips.length) + num('todo');
    for (const skip of skips) console.log(`# skipped: ${skip.slice(2)}`);
    console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
    process.exit(code === 0 && failed === 0 && passed > 0 ? 0 : 1);
  });
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
