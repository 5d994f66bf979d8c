import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import { bootstrap } from '../main';
import { openCli } from './context';
import { ensureDemo } from './demo';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the API (PORT, DATABASE_URL, REDIS_URL, MODULES)')
    .option('--demo', 'create the "demo" database with demo data on first run and print a key for it')
    .action(async (options: { demo?: boolean }) => {
      const config = loadConfig();
      let key: string | null = null;
      // One database server for the demo setup and the app (the embedded one is started once).
      const ctx = await openCli();
      if (options.demo) {
        try {
          key = await ensureDemo(ctx);
        } catch (e) {
          await ctx.close();
          throw e;
        }
      }
      await bootstrap(config, { server: ctx.server });
      if (key) {
        console.log(`Demo database "demo" (admin user). Try:`);
        console.log(
          `  curl -H "Authorization: Bearer ${key}" http://127.0.0.1:${config.port}/demo/rest/model/res.user`,
        );
        console.log(`demo key: ${key}`);
      }
    });
}
