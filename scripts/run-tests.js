#!/usr/bin/env node
// Runs every compiled spec file (dist/**/*.test.js) with node's built-in runner, in one process per
// file with limited concurrency, and ends with the line "N passed, N failed, N skipped".
'use strict';
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawn } = require('node:child_process');

const roots = ['dist/test', 'dist/src', 'dist/modules'];
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
if (!files.length) {
  console.error('No test files found (did the build run?)');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const args = [
  '--test',
  '--test-reporter=spec',
  `--test-concurrency=${process.env.TEST_CONCURRENCY || 2}`,
  ...files,
];
const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4000);
});
child.on('close', (code) => {
  const num = (name) => {
    const m = new RegExp(`ℹ ${name} (\\d+)`).exec(tail);
    return m ? Number(m[1]) : 0;
  };
  const passed = num('pass');
  const failed = num('fail') + num('cancelled');
  const skipped = num('skipped') + num('todo');
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(code === 0 && failed === 0 && passed > 0 ? 0 : 1);
});
