import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { BUSINESS_MODULES } from '../../modules';
import { loadConfig } from '../../src/config/config';
import { createApp } from '../../src/main';
import { manifestOf, ModuleClass } from '../../src/pool/manifest';
import type { TestDatabase } from './database';

export interface TestApp {
  app: INestApplication;
  /** supertest bound to the app's HTTP server. */
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * The real application (guard, access control, REST, cache) over a test database, with the same
 * modules active as the database was created with. Modules defined outside modules/ are registered
 * through the public module API (extraModules).
 */
export async function createTestApp(
  tdb: TestDatabase,
  moduleClasses: ModuleClass[],
  env: Record<string, string> = {},
): Promise<TestApp> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', ...env });
  config.modules = moduleClasses.map((m) => manifestOf(m).name);
  const extraModules = moduleClasses.filter((m) => !BUSINESS_MODULES.includes(m));
  const app = await createApp(config, { extraModules });
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

export { tdbUrl };
function tdbUrl(tdb: TestDatabase, path: string): string {
  return `/${tdb.db}/rest${path}`;
}
