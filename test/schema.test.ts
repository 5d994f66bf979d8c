import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { syncSchema } from '../src/storage/schema';
import { setupDatabase } from '../src/storage/setup';
import { createTestDatabase, TestDatabase } from './support/database';
import { TestModule, TestExtensionModule } from './fixtures/test.module';

describe(syncSchema.name, () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase([TestModule, TestExtensionModule]);
  });
  after(() => sut.drop());

  it('creates every table with Tryton naming and leaves them unchanged on update', async () => {
    const tables = await sut.rollback(async (env) =>
      (
        await env.tx.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
      ).map((r) => r.table_name),
    );
    for (const name of [
      'test_partner',
      'test_line',
      'test_category',
      'test_partner-test_category',
      'res_user-res_group',
      'ir_translation',
    ]) {
      assert.ok(tables.includes(name), `missing table ${name}`);
    }
    const changes = await setupDatabase(sut.server, sut.pool, sut.db);
    assert.deepEqual(changes, { tables: [], columns: [], constraints: [], indexes: [] });
  });

  it('enforces unique constraints with the declared message', async () => {
    await sut.rollback(async (env) => {
      await env.model('test.partner').create(env, [{ name: 'A', code: 'X' }]);
      await assert.rejects(
        env.model('test.partner').create(env, [{ name: 'B', code: 'X' }]),
        /The partner code must be unique/,
      );
    });
  });

  it('validates required, size, selection and digits with clear errors', async () => {
    const attempt = (values: Record<string, unknown>) =>
      sut.rollback(async (env) => env.model('test.partner').create(env, [values]));
    await assert.rejects(
      attempt({}),
      (e: { status: number; message: string }) => e.status === 400 && /required/.test(e.message),
    );
    await assert.rejects(attempt({ name: 'x'.repeat(41) }), /longer than 40/);
    await assert.rejects(attempt({ name: 'x', kind: 'alien' }), /not one of the allowed values/);
    await assert.rejects(attempt({ name: 'x', balance: '1.234' }), /more than 2 decimals/);
    await assert.rejects(attempt({ name: 'x', score: 'ten' }), /expected an integer/);
  });

  it('extends a model from another module and wraps its behaviour', async () => {
    await sut.rollback(async (env) => {
      const [id] = await env.model('test.partner').create(env, [{ name: 'Extended' }]);
      const [record] = await env
        .model('test.partner')
        .read(env, [id], ['nickname', 'create_uid', 'create_date']);
      assert.equal(record.nickname, 'Ext');
      assert.equal(record.create_uid, 0);
    });
  });
  it("brings ir.model / ir.model.field of a database made before Tryton's names to them (db update)", async () => {
    // the former shape: ir.model (model = technical name, name = label), ir.model.field.model a many2one
    await sut.commit(async (env) => {
      for (const statement of [
        'ALTER TABLE "ir_model" RENAME COLUMN "name" TO "model"',
        'ALTER TABLE "ir_model" RENAME COLUMN "string" TO "name"',
        'ALTER TABLE "ir_model_field" DROP CONSTRAINT "ir_model_field_name_model_uniq"',
        'ALTER TABLE "ir_model_field" DROP COLUMN "model"',
        'ALTER TABLE "ir_model_field" RENAME COLUMN "model_ref" TO "model"',
        'ALTER TABLE "ir_model_field" RENAME COLUMN "string" TO "field_description"',
        'ALTER TABLE "ir_model_field" ADD CONSTRAINT "ir_model_field_name_model_uniq" UNIQUE ("name", "model")',
      ])
        await env.tx.query(statement);
    });
    const before = await sut.rollback((env) =>
      env.tx.query('SELECT COUNT(*)::int AS "n" FROM "ir_model_field"'),
    );
    await setupDatabase(sut.server, sut.pool, sut.db);
    const rows = await sut.rollback((env) =>
      env.tx.query(
        `SELECT "m"."name" AS "model_name", "m"."string", "f"."model", "f"."string" AS "label", "f"."ttype"
         FROM "ir_model_field" AS "f" JOIN "ir_model" AS "m" ON "m"."id" = "f"."model_ref"
         WHERE "f"."model" = 'test.partner' AND "f"."name" = 'create_date'`,
      ),
    );
    assert.deepEqual(rows, [
      {
        model_name: 'test.partner',
        string: 'test.partner',
        model: 'test.partner',
        label: 'Created at',
        ttype: 'timestamp',
      },
    ]);
    // the same rows, brought up to date, none duplicated
    const after = await sut.rollback((env) =>
      env.tx.query('SELECT COUNT(*)::int AS "n" FROM "ir_model_field"'),
    );
    assert.equal(after[0].n, before[0].n);
    assert.deepEqual((await setupDatabase(sut.server, sut.pool, sut.db)).columns, []);
  });
});

describe('db update with every business module', () => {
  it('creates the tables of all active models, then changes nothing', async () => {
    const { BUSINESS_MODULES } = await import('../modules');
    const sut = await createTestDatabase(BUSINESS_MODULES);
    try {
      const tables = await sut.rollback(async (env) =>
        (
          await env.tx.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        ).map((r) => r.table_name as string),
      );
      for (const model of sut.pool.all().filter((m) => !m._tableQuery))
        assert.ok(tables.includes(model._table), `missing table ${model._table}`);
      const changes = await setupDatabase(sut.server, sut.pool, sut.db);
      assert.deepEqual(changes, { tables: [], columns: [], constraints: [], indexes: [] });

      // A database made when sale.line.quantity was numeric: db update turns the column into a float, once.
      await sut.commit((env) => env.tx.query('ALTER TABLE "sale_line" ALTER COLUMN "quantity" TYPE NUMERIC'));
      const converted = await setupDatabase(sut.server, sut.pool, sut.db);
      assert.deepEqual(converted.columns, ['sale_line.quantity']);
      const [{ data_type }] = await sut.rollback((env) =>
        env.tx.query(
          "SELECT data_type FROM information_schema.columns WHERE table_name = 'sale_line' AND column_name = 'quantity'",
        ),
      );
      assert.equal(data_type, 'double precision');
      assert.deepEqual((await setupDatabase(sut.server, sut.pool, sut.db)).columns, []);
    } finally {
      await sut.drop();
    }
  });
});
