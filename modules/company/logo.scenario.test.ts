import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, TestDatabase } from 'nest-tryton/testing';
import { BUSINESS_MODULES } from '../index';
import { makeCompany } from '../test-factories';
import type { CompanyModel } from './company.model';

/** The start of a PNG of width × height pixels (signature and IHDR): what sizing a logo reads. */
function png(width: number, height: number): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from('89504e470d0a1a0a', 'hex').copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'ascii');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return header;
}

/** A company prints its 600 × 200 logo on documents; each size a report asks for is cached once. */
describe("a company's logo, sized for reports", () => {
  let tdb: TestDatabase;
  before(async () => {
    tdb = await createTestDatabase(BUSINESS_MODULES);
  });
  after(() => tdb.drop());

  it('fits the logo in the box asked for, keeping its ratio, and caches that size', async () => {
    await tdb.rollback(async (root) => {
      const { company } = await makeCompany(root);
      const Company = root.model('company.company') as CompanyModel;
      await Company.write(root, [company], { logo: png(600, 200) });
      const logo = await Company.getLogo(root, company, 300, 300);
      assert.deepEqual([logo.mimetype, logo.width, logo.height], ['image/png', 300, 100]);
      // Never enlarged.
      const big = await Company.getLogo(root, company, 2000, 1000);
      assert.deepEqual([big.width, big.height], [600, 200]);
      const cached = async () =>
        (await Company.read(root, [company], ['logo_cache.width', 'logo_cache.height']))[0].logo_cache as {
          width: number;
          height: number;
        }[];
      assert.deepEqual(
        (await cached()).map((c) => [c.width, c.height]).sort(),
        [
          [300, 100],
          [600, 200],
        ].sort(),
      );
      // A box the cached 300 × 100 fills in width is answered from the cache.
      await Company.getLogo(root, company, 300, 150);
      assert.equal((await cached()).length, 2);
      // A new logo empties the cache.
      await Company.write(root, [company], { logo: png(100, 100) });
      assert.deepEqual(await cached(), []);
      assert.deepEqual(
        [(await Company.getLogo(root, company, 50, 80)).width, (await cached()).length],
        [50, 1],
      );
    });
  });

  it('refuses a size out of bounds, and a company without a logo', async () => {
    await tdb.rollback(async (root) => {
      const { company } = await makeCompany(root);
      const Company = root.model('company.company') as CompanyModel;
      await assert.rejects(Company.getLogo(root, company, 10, 10), { status: 400, message: /has no logo/ });
      await Company.write(root, [company], { logo: png(10, 10) });
      await assert.rejects(Company.getLogo(root, company, 0, 10), {
        status: 400,
        message: /1 to 2048 pixels/,
      });
      await assert.rejects(
        root
          .model('company.company.logo.cache')
          .create(root, [{ company, image: png(1, 1), width: 5000, height: 1 }]),
        { status: 400, message: /not 5000 × 1/ },
      );
    });
  });
});
