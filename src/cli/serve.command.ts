import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import { applyHeapGrowth } from './heap';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the API (PORT, HOST, DATABASE_URL, REDIS_URL, MODULES, MODULE_PATHS)')
    .option('--port <port>', 'port to listen on (default: PORT, else 8000; 0: any free port)')
    .option(
      '--host <host>',
      'interface to listen on (default: HOST, else 127.0.0.1; 0.0.0.0 or :: for every interface)',
    )
    .option('--demo', 'create the "demo" database with demo data on first run and print a key for it')
    .action(async (options: { demo?: boolean; port?: string; host?: string }) => {
      applyHeapGrowth(process.env);
      const config = loadConfig({
        ...process.env,
        ...(options.port !== undefined && { PORT: options.port }),
        ...(options.host !== undefined && { HOST: options.host }),
      });
      let key: string | null = null;
      // One database server for the demo setup and the app (the embedded one is started once).
      const [{ bootstrap, boundAddress }, { openCli }, { ensureDemo }] = await Promise.all([
        import('../main'),
        import('./context'),
        import('./demo'),
      ]);
      const ctx = await openCli();
      if (options.demo) {
        try {
          key = await ensureDemo(ctx);
        } catch (e) {
          await ctx.close();
          throw e;
        }
      }
      const app = await bootstrap(config, { server: ctx.server });
      if (key) {
        const { port } = app.getHttpServer().address() as { port: number };
        const base = ['0.0.0.0', '::'].includes(config.host)
          ? `http://127.0.0.1:${port}`
          : boundAddress(app.getHttpServer());
        console.log(`Demo database "demo" (admin user). Try:`);
        console.log(`  curl -H "Authorization: Bearer ${key}" ${base}/demo/rest/model/res.user`);
        console.log(`demo key: ${key}`);
      }
    });
}
