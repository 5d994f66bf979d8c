import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import type { CliContext } from './context';

export function registerDbCommands(program: Command, open: () => Promise<CliContext>): void {
  const db = program.command('db').description('create and update databases');
  db.command('create <db>')
    .description('create the database, its tables, default data, and optional demo data')
    .option('--demo <size>', 'demo data: small or large')
    .action(async (name: string, options: { demo?: string }) => {
      if (options.demo && !['small', 'large'].includes(options.demo)) {
        throw new Error('--demo must be small or large');
      }
      const ctx = await open();
      const { setupDatabase } = await import('../storage/setup');
      try {
        await ctx.server.createDatabase(name, { exclusive: true });
        const changes = await setupDatabase(ctx.server, ctx.pool, name, {
          demo: options.demo,
          onProgress: progressPrinter(),
        });
        console.log(`Database "${name}" ready: ${changes.tables.length} tables created.`);
      } finally {
        await ctx.close();
      }
    });
  db.command('update <db>')
    .description('bring tables and default data up to the current model definitions')
    .action(async (name: string) => {
      const ctx = await open();
      try {
        if (!(await ctx.server.exists(name)))
          throw new Error(`Database "${name}" does not exist (run db create)`);
        const { setupDatabase } = await import('../storage/setup');
        const changes = await setupDatabase(ctx.server, ctx.pool, name);
        const count =
          changes.tables.length +
          changes.columns.length +
          changes.constraints.length +
          changes.indexes.length;
        console.log(
          count
            ? `Database "${name}" updated: ${changes.tables.length} tables, ${changes.columns.length} columns, ${changes.constraints.length} constraints, ${changes.indexes.length} indexes added.`
            : `Database "${name}" is up to date.`,
        );
      } finally {
        await ctx.close();
      }
    });
  db.command('list')
    .description('list the databases made by db create on the server')
    .action(async () => {
      const ctx = await open();
      try {
        const names = await ctx.server.list();
        console.log(names.length ? names.join('\n') : 'No databases.');
      } finally {
        await ctx.close();
      }
    });
  db.command('drop <db>')
    .description('drop the database and everything in it (connections to it are closed)')
    .action(async (name: string) => {
      const ctx = await open();
      try {
        if (!(await ctx.server.exists(name))) throw new Error(`Database "${name}" does not exist`);
        await ctx.server.dropDatabase(name);
        console.log(`Database "${name}" dropped.`);
      } finally {
        await ctx.close();
      }
    });
}

/** Demo loaders report `label:done/total`; a progress bar shows them on a terminal, lines otherwise. */
export function progressPrinter(): (message: string) => void {
  let bar: SingleBar | null = null;
  let label = '';
  return (message: string) => {
    const m = /^(.*):(\d+)\/(\d+)$/.exec(message);
    if (!m) {
      bar?.stop();
      bar = null;
      console.log(message);
      return;
    }
    const [, name, done, total] = m;
    if (!process.stdout.isTTY) return;
    if (!bar || label !== name) {
      bar?.stop();
      label = name;
      bar = new SingleBar({ format: `${name} [{bar}] {value}/{total}` });
      bar.start(Number(total), Number(done));
    }
    bar.update(Number(done));
    if (done === total) {
      bar.stop();
      bar = null;
    }
  };
}
