import type { Command } from 'commander';
import { createUser } from '../auth/users';
import { installSecurityListeners } from '../ir/access/security-listeners';
import type { CliContext } from './context';

function groupList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean),
  ];
}

export function registerUserCommands(program: Command, open: () => Promise<CliContext>): void {
  const user = program.command('user').description('manage users');
  user
    .command('create <db>')
    .description('create a user, in no group unless --groups says so')
    .requiredOption('--login <login>', 'login (unique)')
    .option('--name <name>', 'name (default: the login)')
    .option(
      '--groups <groups...>',
      'group names or XML ids (res.group_admin), comma- or space-separated',
      groupList,
    )
    .action(async (db: string, options: { login: string; name?: string; groups?: string[] }) => {
      const ctx = await open();
      installSecurityListeners(ctx.pool);
      try {
        if (!(await ctx.server.exists(db)))
          throw new Error(`Database "${db}" does not exist (run db create)`);
        const id = await ctx.asRoot(db, (env) =>
          createUser(env, { login: options.login, name: options.name, groups: options.groups ?? [] }),
        );
        console.log(`User "${options.login}" created (id ${id}).`);
      } finally {
        await ctx.close();
      }
    });
}
