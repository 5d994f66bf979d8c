#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RenderMode } from './render';
import { startStorefront } from './storefront';

const USAGE = `storefront [--api URL] [--port N] [--shop ID] [--render stream|buffer] [--demo]

  --api     the API's database URL (STOREFRONT_API, default http://127.0.0.1:8000/demo)
  --port    HTTP port (STOREFRONT_PORT, default 3000)
  --shop    the web shop's id (STOREFRONT_SHOP, default the first one the key reads)
  --render  default render mode (STOREFRONT_RENDER, default stream)
  --demo    with no STOREFRONT_KEY: create (once) the "storefront" user of the demo database, in the
            group "Web Shop Storefront", and its key, kept in DATA_DIR/demo-storefront-key

The key is read from STOREFRONT_KEY, or the file named by STOREFRONT_KEY_FILE.`;

/** The repository's root, where the API's CLI and DATA_DIR live (this file is dist/examples/storefront/src). */
const ROOT = resolve(__dirname, '..', '..', '..', '..');

function cli(args: string[]): string {
  const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli', 'main.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.status !== 0) throw new Error(`nest-tryton ${args.slice(0, 2).join(' ')}: ${run.stderr.trim()}`);
  return run.stdout;
}

/**
 * The demo's storefront key: made with the project's admin CLI (users and keys are not created
 * through the API), for a user in the storefront group only, and kept beside the demo's own key.
 */
function demoKey(db: string): string {
  const file = resolve(ROOT, process.env.DATA_DIR ?? 'data', `${db}-storefront-key`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  // A user made by an earlier run whose key file was removed gets a new key.
  const users = cli(['user', 'list', db]).split('\n');
  if (!users.some((line) => line.split('\t')[1] === 'storefront')) {
    cli([
      'user',
      'create',
      db,
      '--login',
      'storefront',
      '--name',
      'Storefront',
      '--groups',
      'web_shop.group_storefront',
    ]);
  }
  const lines = cli(['application', 'create', db, '--user', 'storefront', '--name', 'rest'])
    .trim()
    .split('\n');
  const key = lines[lines.length - 1].trim();
  mkdirSync(resolve(file, '..'), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      api: { type: 'string' },
      port: { type: 'string' },
      shop: { type: 'string' },
      render: { type: 'string' },
      demo: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const apiUrl = (values.api ?? process.env.STOREFRONT_API ?? 'http://127.0.0.1:8000/demo').replace(
    /\/+$/,
    '',
  );
  const port = Number(values.port ?? process.env.STOREFRONT_PORT ?? 3000);
  const shop = values.shop ?? process.env.STOREFRONT_SHOP;
  const render = values.render ?? process.env.STOREFRONT_RENDER ?? 'stream';
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port "${port}"`);
  if (shop !== undefined && !/^[1-9]\d*$/.test(shop)) throw new Error(`Invalid shop id "${shop}"`);
  if (render !== 'stream' && render !== 'buffer')
    throw new Error(`--render: stream or buffer, not "${render}"`);
  const keyFile = process.env.STOREFRONT_KEY_FILE;
  let key = process.env.STOREFRONT_KEY ?? (keyFile ? readFileSync(keyFile, 'utf8').trim() : '');
  if (!key && values.demo) key = demoKey(new URL(apiUrl).pathname.split('/').filter(Boolean).pop() ?? 'demo');
  if (!key) throw new Error('No key: set STOREFRONT_KEY (or STOREFRONT_KEY_FILE), or use --demo\n\n' + USAGE);

  // The API may still be starting (npm start in another terminal): wait for it a minute at most.
  for (let attempt = 1; ; attempt++) {
    try {
      const storefront = await startStorefront({
        apiUrl,
        key,
        port,
        shop: shop ? Number(shop) : undefined,
        mode: render as RenderMode,
      });
      console.log(
        `Storefront of "${storefront.api.shop.name}" on ${storefront.url}/ (API ${apiUrl}, ${render} rendering)`,
      );
      const stop = () => void storefront.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    } catch (e) {
      const message = (e as Error).message;
      if (attempt >= 30 || !/ECONNREFUSED|connect|503/i.test(`${message} ${(e as Error).name}`)) throw e;
      if (attempt === 1) console.log(`Waiting for the API at ${apiUrl} ...`);
      await sleep(2000);
    }
  }
}

main().catch((e: Error) => {
  console.error(`storefront: ${e.message}`);
  process.exit(1);
});
