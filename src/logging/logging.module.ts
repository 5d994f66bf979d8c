import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER, RequestLog } from './request-log';

/** The process's pino logger (injectable as LOGGER) and the request log. */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: LOGGER, useValue: logger }, RequestLog],
      exports: [LOGGER],
    };
  }
}
