import type { Command } from 'commander';
import type { Env } from '../pool/env';
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
  /** Runs `work` as root on `db` with the res.user model, the password read from standard input. */
  const withPassword = async (
    db: string,
    work: (env: Env, User: typeof import('../res/user.model').User, password: string) => Promise<void>,
  ): Promise<void> => {
    const password = await firstLine();
    if (!password) throw new Error('No password on standard input');
    const ctx = await open();
    const [{ User }, { installSecurityListeners }] = await Promise.all([
      import('../res/user.model'),
      import('../ir/access/security-listeners'),
    ]);
    installSecurityListeners(ctx.pool);
    try {
      if (!(await ctx.server.exists(db))) throw new Error(`Database "${db}" does not exist (run db create)`);
      await ctx.asRoot(db, (env) => work(env, User, password));
    } finally {
      await ctx.close();
    }
  };
  user
    .command('login <db>')
    .description(
      "check a login's password (first line of standard input): its password, or the temporary one reset_password set, until it expires",
    )
    .requiredOption('--login <login>', 'login')
    .action(async (db: string, options: { login: string }) => {
      await withPassword(db, async (env, User, password) => {
        const id = await User.getLogin(env, options.login, password);
        if (id === null) throw new Error(`Wrong login or password for "${options.login}"`);
        console.log(`Login "${options.login}" accepted (user id ${id}).`);
      });
    });
  user
    .command('password <db>')
    .description(
      'set the password of a login from the first line of standard input (stored as a scrypt hash); clears its temporary password',
    )
    .requiredOption('--login <login>', 'login')
    .action(async (db: string, options: { login: string }) => {
      await withPassword(db, async (env, User, password) => {
        const ids = await env.model('res.user').search(env, [['login', '=', options.login]]);
        if (!ids.length) throw new Error(`No active user with login "${options.login}"`);
        await User.setPassword(env, ids, password);
        console.log(`Password of "${options.login}" set.`);
      });
    });
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
