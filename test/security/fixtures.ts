import { after, before } from 'node:test';
import { Module } from '@nestjs/common';
import { char, integer, many2one, one2many } from '../../src/fields';
import { TrytonAccessControl } from '../../src/ir/access/tryton-access-control';
import { Env } from '../../src/pool/env';
import { AccessError } from '../../src/pool/errors';
import { TrytonModule } from '../../src/pool/manifest';
import { Model } from '../../src/pool/model';
import { createUser } from '../../src/auth/users';
import { loadRecord } from '../../src/ir/model-data.model';
import { createTestDatabase, TestDatabase } from '../support/database';

/** An order with lines whose access follows the order, buttons, and a secret field. */
export class SecOrder extends Model {
  static override __name__ = 'sectest.order';
  static override _order: [string, string][] = [['id', 'ASC']];
  static override _buttons = { confirm: {}, approve: { groups: ['sectest.group_manager'] } };
  static override fields = {
    name: char({ required: true }),
    owner: many2one('res.user'),
    level: integer({ default: 0 }),
    secret: char(),
    lines: one2many('sectest.order.line', 'order'),
  };
}

export class SecOrderLine extends Model {
  static override __name__ = 'sectest.order.line';
  static override _access = 'order';
  static override _recName = 'product';
  static override fields = {
    order: many2one('sectest.order', { required: true, ondelete: 'CASCADE' }),
    product: char(),
  };
}

/** Something root-only. */
export class SecInternal extends Model {
  static override __name__ = 'sectest.internal';
  static override _internal = true;
  static override fields = { name: char() };
}

/** A model that points at orders (to reach them "from another model"). */
export class SecNote extends Model {
  static override __name__ = 'sectest.note';
  static override fields = { name: char(), order: many2one('sectest.order') };
}

async function loadManagerGroup(env: Env): Promise<void> {
  await loadRecord(env, 'sectest', 'group_manager', 'res.group', { name: 'Order Manager' });
}

@TrytonModule({
  name: 'sectest',
  depends: ['res'],
  models: [SecOrder, SecOrderLine, SecInternal, SecNote],
  data: [loadManagerGroup],
})
@Module({})
export class SecurityTestModule {}

/** A refusal for lack of access (403). */
export const forbidden = (e: unknown) => e instanceof AccessError && e.status === 403;

/**
 * For the enclosing describe: a database with SecurityTestModule, handed to ready before its tests;
 * after them, sut closed and the database dropped.
 */
export function useSecurityDatabase(sut: TrytonAccessControl, ready: (tdb: TestDatabase) => void): void {
  let tdb: TestDatabase | undefined;
  before(async () => {
    tdb = await createTestDatabase([SecurityTestModule]);
    ready(tdb);
  });
  after(async () => {
    sut.close();
    await tdb?.drop();
  });
}

/** Runs as a user, with Tryton's access control on and the 'rest' application. */
export function asUser(env: Env, sut: TrytonAccessControl, user: number): Env {
  return new Env(env.pool, env.tx, user, { language: 'en' }, sut, 'rest');
}

/** Factories for the records the tests need (as root). */
export function factories(env: Env) {
  const root = env.sudo();
  let n = 0;
  return {
    async group(name = `group ${++n}`, parent: number | null = null): Promise<number> {
      const [id] = await root.model('res.group').create(root, [{ name, parent }]);
      return id;
    },
    async user(groups: number[] = []): Promise<number> {
      const id = await createUser(root, { login: `user${++n}_${Date.now()}` });
      if (groups.length) await root.model('res.user').write(root, [id], { groups: [['add', groups]] });
      return id;
    },
    async access(
      model: string,
      group: number | null,
      perms: Partial<Record<'read' | 'write' | 'create' | 'delete', boolean>>,
    ) {
      await root.model('ir.model.access').create(root, [
        {
          model,
          group,
          perm_read: !!perms.read,
          perm_write: !!perms.write,
          perm_create: !!perms.create,
          perm_delete: !!perms.delete,
        },
      ]);
    },
    async fieldAccess(
      model: string,
      field: string,
      group: number | null,
      perms: { read?: boolean; write?: boolean },
    ) {
      await root
        .model('ir.model.field.access')
        .create(root, [{ model, field, group, perm_read: !!perms.read, perm_write: !!perms.write }]);
    },
    async rule(
      model: string,
      domains: unknown[][],
      options: {
        global?: boolean;
        default?: boolean;
        groups?: number[];
        perms?: Record<string, boolean>;
      } = {},
    ): Promise<number> {
      const [id] = await root.model('ir.rule.group').create(root, [
        {
          name: `rule ${++n}`,
          model,
          global_p: options.global ?? !options.groups?.length,
          default_p: !!options.default,
          groups: options.groups?.length ? [['add', options.groups]] : [],
          rules: [['create', domains.map((d) => ({ domain: JSON.stringify(d) }))]],
          ...Object.fromEntries(Object.entries(options.perms ?? {}).map(([k, v]) => [`perm_${k}`, v])),
        },
      ]);
      return id;
    },
    async orders(...values: Record<string, unknown>[]): Promise<number[]> {
      return root.model('sectest.order').create(
        root,
        values.map((v) => ({ name: `order ${++n}`, ...v })),
      );
    },
  };
}
