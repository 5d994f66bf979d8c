import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { BUSINESS_MODULES } from '../../../modules';
import { AppModule } from '../../../src/app.module';
import { installCacheFastPath } from '../../../src/cache/cache-fast-path';
import { CacheModule } from '../../../src/cache/cache.module';
import { loadConfig } from '../../../src/config/config';
import { configureApp } from '../../../src/http/configure';
import { manifestOf, ModuleClass } from '../../../src/pool/manifest';
import type { TestApp } from '../../support/app';

@Module({})
class CachedTestRoot {}

/**
 * The real application with the cache module, like createTestApp (one more instance per call);
 * `fastPath`: with installCacheFastPath.
 */
export async function createCachedApp(
  moduleClasses: ModuleClass[],
  env: Record<string, string | undefined>,
  fastPath = false,
): Promise<TestApp> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', ...env });
  config.modules = moduleClasses.map((m) => manifestOf(m).name);
  const extraModules = moduleClasses.filter((m) => !BUSINESS_MODULES.includes(m));
  const app = await NestFactory.create(
    { module: CachedTestRoot, imports: [AppModule.forRoot(config, { extraModules }), CacheModule] },
    { logger: false, bodyParser: false },
  );
  configureApp(app);
  if (fastPath) installCacheFastPath(app);
  await app.init();
  const server = app.getHttpServer();
  return { app, http: () => request(server), close: () => app.close() };
}
