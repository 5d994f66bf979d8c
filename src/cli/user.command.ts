import type { Command } from 'commander';
import { createUser } from '../auth/users';
import { hashPassword } from '../res/password';
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
    .option('--password', 'read a password from the first line of standard input (stored as a scrypt hash)')
    .action(
      async (
        db: string,
        options: { login: string; name?: string; groups?: string[]; password?: boolean },
      ) => {
        const password = options.password ? await firstLine() : null;
        if (options.password && !password) throw new Error('--password: no password on standard input');
        const ctx = await open();
        installSecurityListeners(ctx.pool);
        try {
          if (!(await ctx.server.exists(db)))
            throw new Error(`Database "${db}" does not exist (run db create)`);
          const id = await ctx.asRoot(db, async (env) => {
            const created = await createUser(env, {
              login: options.login,
              name: options.name,
              groups: options.groups ?? [],
            });
            if (password) {
              await env
                .sudo()
                .model('res.user')
                .write(env.sudo(), [created], { password_hash: await hashPassword(password) });
            }
            return created;
          });
          console.log(`User "${options.login}" created (id ${id}).`);
        } finally {
          await ctx.close();
        }
      },
    );
}

/** The first line of standard input (a password piped in, never an argument that `ps` would show). */
function firstLine(): Promise<string> {
  return new Promise((done, fail) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) process.stdin.pause();
      if (text.includes('\n')) done(text.split('\n')[0].replace(/\r$/, ''));
    });
    process.stdin.on('end', () => done(text.split('\n')[0].replace(/\r$/, '')));
    process.stdin.on('error', fail);
  });
}
