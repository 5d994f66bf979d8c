import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { AppModule } from './app.module';
import type { AppConfig } from './config/config';
import { installCacheFastPath } from './cache/cache-fast-path';
import { configureApp } from './http/configure';
import { createLogger } from './logging/logger';
import { PinoNestLogger } from './logging/nest-logger';

/** Creates the Nest application (not listening): used by `serve`, tests and benchmarks. */
export async function createApp(
  config: AppConfig,
  options: Parameters<typeof AppModule.forRoot>[1] = {},
): Promise<INestApplication> {
  const logger = options.logger ?? createLogger(config);
  const app = await NestFactory.create(AppModule.forRoot(config, { ...options, logger }), {
    logger: config.logLevel === 'silent' ? false : new PinoNestLogger(logger),
    bodyParser: false,
  });
  configureApp(app);
  // Cache hits are answered before Express and Nest (the same key check as the guard, the same entries).
  installCacheFastPath(app);
  app.enableShutdownHooks();
  return app;
}

export async function bootstrap(
  config: AppConfig,
  options: Parameters<typeof AppModule.forRoot>[1] = {},
): Promise<INestApplication> {
  const app = await createApp(config, options);
  if (config.host) await app.listen(config.port, config.host);
  else await app.listen(config.port);
  const address = app.getHttpServer().address() as { port: number };
  console.log(`nest-tryton listening on http://${config.host ?? '127.0.0.1'}:${address.port}`);
  return app;
}
