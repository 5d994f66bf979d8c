import type { Command } from 'commander';

export function registerOpenApiCommand(program: Command): void {
  program
    .command('openapi')
    .description('print the OpenAPI document of the active modules (MODULES, MODULE_PATHS) as JSON')
    .action(async () => {
      const [{ loadConfig }, { createApp }, { OpenApiService }] = await Promise.all([
        import('../config/config'),
        import('../main'),
        import('../openapi/openapi.service'),
      ]);
      const app = await createApp(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }));
      try {
        await app.init();
        process.stdout.write(`${JSON.stringify(app.get(OpenApiService).get(), null, 2)}\n`);
      } finally {
        await app.close();
      }
    });
}
