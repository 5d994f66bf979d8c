import type { Command } from 'commander';
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
        const [{ createUser }, { hashPassword }, { installSecurityListeners }] = await Promise.all([
          import('../auth/users'),
          import('../res/password'),
          import('../ir/access/security-listeners'),
        ]);
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
  user
    .command('list <db>')
    .description('list the active users: id, login, name, groups')
    .action(async (db: string) => {
      const ctx = await open();
      try {
        if (!(await ctx.server.exists(db)))
          throw new Error(`Database "${db}" does not exist (run db create)`);
        const users = await ctx.asRoot(db, async (env) => {
          const User = env.model('res.user');
          const ids = await User.search(env, [], { order: [['login', 'ASC']] });
          return User.read(env, ids, ['login', 'name', 'groups.name']);
        });
        if (!users.length) console.log('No users.');
        for (const u of users) {
          const groups = (u.groups as { name: string }[]).map((g) => g.name).join(', ');
          console.log(`${u.id}\t${u.login}\t${u.name}\t${groups}`);
        }
      } finally {
        await ctx.close();
      }
    });
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
