import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import type { AppConfig } from './config/config';
import { installCacheFastPath } from './cache/cache-fast-path';
import { configureApp } from './http/configure';
import { createLogger } from './logging/logger';
import { PinoNestLogger } from './logging/nest-logger';

/** Creates the Nest application (not listening): used by `serve`, tests and benchmarks. */
export async function createApp(
  config: AppConfig,
  options: Parameters<typeof AppModule.forRoot>[1] & { shutdownHooks?: boolean } = {},
): Promise<INestApplication> {
  const logger = options.logger ?? createLogger(config);
  const app = await NestFactory.create(AppModule.forRoot(config, { ...options, logger }), {
    logger: config.logLevel === 'silent' ? false : new PinoNestLogger(logger),
    bodyParser: false,
  });
  configureApp(app);
  // Cache hits are answered before Express and Nest (the same key check as the guard, the same entries).
  installCacheFastPath(app);
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
  return app;
}

/** `http://host:port` of a listening server, as bound (IPv6 in brackets). */
export function boundAddress(server: Server): string {
  const address = server.address() as AddressInfo;
  const host =
    address.family === 'IPv6' || address.family === (6 as unknown) ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * `serve`: listens on HOST:PORT and prints the address actually bound. SIGTERM and SIGINT drain: the
 * server stops accepting, idle connections close, in-flight requests (streams included) finish within
 * SHUTDOWN_TIMEOUT (what is left is then cut), the application closes, and the process exits 0.
 */
export async function bootstrap(
  config: AppConfig,
  options: Parameters<typeof AppModule.forRoot>[1] = {},
): Promise<INestApplication> {
  const app = await createApp(config, { ...options, shutdownHooks: false });
  await app.listen(config.port, config.host);
  const server = app.getHttpServer() as Server;
  console.log(`nest-tryton listening on ${boundAddress(server)}`);
  let stopping = false;
  const drain = async () => {
    if (stopping) return;
    stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = setTimeout(() => server.closeAllConnections(), config.shutdownTimeout);
    deadline.unref();
    await closed;
    clearTimeout(deadline);
    await app.close().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', drain);
  process.once('SIGINT', drain);
  return app;
}
