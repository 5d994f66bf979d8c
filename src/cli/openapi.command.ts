import type { Command } from 'commander';

export function registerOpenApiCommand(program: Command): void {
  program
    .command('openapi')
    .description('print the OpenAPI document of the active modules (MODULES, MODULE_PATHS) as JSON')
    .action(async () => {
      const [{ loadConfig }, { createApp }, { OpenApiService }, { createLogger }, pino] = await Promise.all([
        import('../config/config'),
        import('../main'),
        import('../openapi/openapi.service'),
        import('../logging/logger'),
        import('pino'),
      ]);
      const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      // Standard output carries the document alone: logs go to standard error.
      const app = await createApp(config, { logger: createLogger(config, pino.destination(2)) });
      try {
        await app.init();
        const text = `${JSON.stringify(app.get(OpenApiService).get(), null, 2)}\n`;
        await new Promise<void>((done, fail) => process.stdout.write(text, (e) => (e ? fail(e) : done())));
      } finally {
        await app.close();
      }
    });
}
