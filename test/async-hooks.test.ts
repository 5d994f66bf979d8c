import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** The repository's root, from dist/test (compiled) or test (as source). */
const ROOT = resolve(__dirname, __dirname.includes(`${join('dist', 'test')}`) ? '../..' : '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * Once an AsyncLocalStorage has run (or an async hook with an init callback is enabled), Node 20
 * calls into JavaScript for every promise the process creates, for good: every read after the first
 * write was ~8-10 % slower when the server used one. What a request needs travels on its Env.
 */
describe('async hooks', () => {
  it('no server or module code enables AsyncLocalStorage or an async hook', () => {
    const found = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'modules'))].filter((file) =>
      /\bnew AsyncLocalStorage\b|\bcreateHook\s*\(|\.enterWith\s*\(|\bpromiseHooks\b/.test(
        readFileSync(file, 'utf8'),
      ),
    );
    assert.deepEqual(
      found.map((file) => relative(ROOT, file)),
      [],
    );
  });
});
