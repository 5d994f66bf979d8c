import type { Command } from 'commander';
import type { CliContext } from './context';

async function withDatabase<T>(
  open: () => Promise<CliContext>,
  db: string,
  fn: (ctx: CliContext) => Promise<T>,
): Promise<T> {
  const ctx = await open();
  const [{ SecurityChannel }, { installSecurityListeners }] = await Promise.all([
    import('../ir/access/security-channel'),
    import('../ir/access/security-listeners'),
  ]);
  installSecurityListeners(ctx.pool);
  // Cancellations reach the running servers over Redis (and PostgreSQL NOTIFY, sent in the transaction).
  const channel = new SecurityChannel({ redisUrl: ctx.config.redisUrl, publishOnly: true });
  try {
    if (!(await ctx.server.exists(db))) throw new Error(`Database "${db}" does not exist (run db create)`);
    return await fn(ctx);
  } finally {
    await channel.close();
    await ctx.close();
  }
}

function selector(options: { key?: string; id?: string }): { key?: string; id?: number } {
  if (options.key) return { key: options.key };
  if (options.id && /^\d+$/.test(options.id)) return { id: Number(options.id) };
  throw new Error('Give --key KEY or --id ID');
}

export function registerApplicationCommands(program: Command, open: () => Promise<CliContext>): void {
  const app = program.command('application').description('manage user-application keys');
  app
    .command('create <db>')
    .description('a validated key for a user, printed once (alone on the last line)')
    .requiredOption('--user <login>', 'login of the user the key runs as')
    .option('--name <application>', 'application name', 'rest')
    .action(async (db: string, options: { user: string; name: string }) => {
      const { createApplicationKey } = await import('../auth/application-keys');
      const key = await withDatabase(open, db, (ctx) =>
        ctx.asRoot(db, (env) => createApplicationKey(env, options.user, options.name)),
      );
      console.log(`Key of application "${options.name}" for user "${options.user}" (shown only once):`);
      console.log(key);
    });
  app
    .command('list <db>')
    .description('list the keys (id, user, application, state; never the key)')
    .option('--user <login>', 'only this user')
    .option('--state <state>', 'only requested, validated or cancelled')
    .action(async (db: string, options: { user?: string; state?: string }) => {
      const { listApplicationKeys } = await import('../auth/application-keys');
      const rows = await withDatabase(open, db, (ctx) =>
        ctx.asRoot(db, (env) => listApplicationKeys(env, { login: options.user, state: options.state })),
      );
      if (!rows.length) console.log('No user applications.');
      for (const r of rows) console.log(`${r.id}\t${r.login}\t${r.application}\t${r.state}\t${r.created}`);
    });
  for (const [command, state, done] of [
    ['validate', 'validated', 'validated'],
    ['cancel', 'cancelled', 'cancelled (refused from the next request on)'],
  ] as const) {
    app
      .command(`${command} <db>`)
      .description(`${command} a key, chosen by the key itself or by its id (see list)`)
      .option('--key <key>', 'the key')
      .option('--id <id>', 'the id shown by list')
      .action(async (db: string, options: { key?: string; id?: string }) => {
        const { setApplicationKeyState } = await import('../auth/application-keys');
        const changed = await withDatabase(open, db, (ctx) =>
          ctx.asRoot(db, (env) => setApplicationKeyState(env, selector(options), state)),
        );
        console.log(changed ? `Application ${done}.` : `Application already ${state}.`);
      });
  }
}
