import { Module, UseInterceptors } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { BUSINESS_MODULES } from '../../../modules';
import { AppModule } from '../../../src/app.module';
import { installCacheFastPath } from '../../../src/cache/cache-fast-path';
import { CacheInterceptor } from '../../../src/cache/cache.interceptor';
import { CacheModule } from '../../../src/cache/cache.module';
import { loadConfig } from '../../../src/config/config';
import { configureApp } from '../../../src/http/configure';
import { manifestOf, ModuleClass } from '../../../src/pool/manifest';
import { ModelController } from '../../../src/rest/model.controller';
import { RestApiController } from '../../../src/restapi/restapi.controller';
import type { TestApp } from '../../support/app';

@Module({})
class CachedTestRoot {}

/**
 * The wiring the issue asks of the REST controllers (`@UseInterceptors(ReplyWriterInterceptor,
 * CacheInterceptor)`), applied here until the controllers carry it themselves; a no-op once they do.
 */
function wireCache(): void {
  for (const controller of [ModelController, RestApiController]) {
    const interceptors = (Reflect.getMetadata(INTERCEPTORS_METADATA, controller) ?? []) as unknown[];
    if (!interceptors.includes(CacheInterceptor)) UseInterceptors(CacheInterceptor)(controller);
  }
}

/**
 * The real application with the cache module, like createTestApp (one more instance per call);
 * `fastPath`: with installCacheFastPath.
 */
export async function createCachedApp(
  moduleClasses: ModuleClass[],
  env: Record<string, string | undefined>,
  fastPath = false,
): Promise<TestApp> {
  wireCache();
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
