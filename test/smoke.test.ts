import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, TestDatabase } from './support/database';
import { TestExtensionModule, TestModule } from './fixtures/test.module';

describe('smoke', () => {
  let sut: TestDatabase;
  before(async () => {
    sut = await createTestDatabase([TestModule, TestExtensionModule]);
  });
  after(async () => sut.drop());

  it('creates and reads', async () => {
    await sut.rollback(async (env) => {
      const Partner = env.model('test.partner');
      const [id] = await Partner.create(env, [
        { name: 'Alice', lines: [['create', [{ product: 'P', quantity: 2, unit_price: '1.5' }]]] },
      ]);
      const [rec] = await Partner.read(
        env,
        [id],
        ['name', 'nickname', 'lines.amount', 'line_count', 'rec_name'],
      );
      assert.equal(rec.name, 'Alice');
      assert.equal(rec.nickname, 'Ali');
      assert.equal(String((rec.lines as any[])[0].amount), '3');
      assert.equal(rec.line_count, 1);
    });
  });
});
