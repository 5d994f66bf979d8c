import { after, before } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '../config/config';
import type { AppOptions } from '../app.module';
import { createApp } from '../main';
import { manifestOf, ModuleClass } from '../pool/manifest';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: INestApplication;
  /** supertest bound to the app's HTTP server. */
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * The real application (guard, access control, REST, cache) over a test database, with the same
 * modules active as the database was created with (and known to it beside the built-in and
 * MODULE_PATHS ones, so a module under test needs no setting).
 */
export async function createTestApp(
  tdb: TestDatabase,
  moduleClasses: ModuleClass[],
  env: Record<string, string> = {},
  options: Pick<AppOptions, 'logger'> = {},
): Promise<TestApp> {
  // The scheduler is off unless a test turns it on (CRON_INTERVAL).
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', CRON_INTERVAL: '0', ...env });
  config.modules = moduleClasses.map((m) => manifestOf(m).name);
  const app = await createApp(config, { ...options, extraModules: moduleClasses });
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    async close() {
      await app.close();
    },
  };
}

/** A test database and the app over it. */
export interface TestStack {
  tdb: TestDatabase;
  sut: TestApp;
}

export interface TestStackOptions {
  /** Settings for the app, over the environment's (as createTestApp's env). */
  env?: Record<string, string>;
  /** Runs on the new database before the app is created (test data, keys). */
  seed?: (tdb: TestDatabase) => Promise<unknown>;
  /** The app's logger (default: none, LOG_LEVEL silent unless env says otherwise). */
  logger?: AppOptions['logger'];
}

/**
 * For the enclosing describe: before its tests, a test database with the given modules (seeded)
 * and the app over it, handed to ready; after them, the app closed and the database dropped.
 */
export function useTestApp(
  moduleClasses: ModuleClass[],
  ready: (stack: TestStack) => unknown,
  options: TestStackOptions = {},
): void {
  let tdb: TestDatabase | undefined;
  let sut: TestApp | undefined;
  before(async () => {
    tdb = await createTestDatabase(moduleClasses);
    await options.seed?.(tdb);
    sut = await createTestApp(tdb, moduleClasses, options.env, { logger: options.logger });
    await ready({ tdb, sut });
  });
  after(async () => {
    await sut?.close();
    await tdb?.drop();
  });
}

export { tdbUrl };
function tdbUrl(tdb: TestDatabase, path: string): string {
  return `/${tdb.db}/rest${path}`;
}
