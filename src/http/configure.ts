import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TrytonExceptionFilter } from './exception.filter';

/** HTTP settings shared by serve, tests and benchmarks. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.set('etag', false);
  express.set('query parser', 'simple');
  // Bodies are kept raw and parsed by the routes (tagged JSON, clear 400s on malformed input).
  express.useBodyParser('raw', { type: () => true, limit: '10mb' });
  app.useGlobalFilters(new TrytonExceptionFilter());
}
