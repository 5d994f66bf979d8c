import pino, { DestinationStream, Logger } from 'pino';
import type { AppConfig } from '../config/config';

export type { Logger } from 'pino';

/**
 * The process's logger: JSON lines on standard output (one object per line, `time` in ISO 8601),
 * at LOG_LEVEL; readable lines through pino-pretty when LOG_FORMAT says so (default: on a terminal).
 * `destination` replaces standard output (tests read what was logged).
 */
export function createLogger(config: AppConfig, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    base: { service: 'nest-tryton' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (destination) return pino(options, destination);
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && !!process.stdout.isTTY);
  if (pretty)
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } },
    });
  return pino(options);
}
