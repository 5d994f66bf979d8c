import type { AddressInfo } from 'node:net';
import { CORE_MODULES, knownModuleClasses, loadConfig } from 'nest-tryton';
import {
  apiKey,
  createTestApp,
  createTestDatabase,
  type TestApp,
  type TestDatabase,
} from 'nest-tryton/testing';
import { startStorefront, type Storefront, type StorefrontOptions } from '../src/storefront';

/**
 * The real thing for the storefront's tests: a database with the small demo data, the API serving
 * it over HTTP, a storefront user's key (group "Web Shop Storefront" only) and a sales user's key
 * for the checks, and the storefront started against the API (or against `apiUrl(api)` when a test
 * puts something between them).
 */
export interface ShopStack {
  tdb: TestDatabase;
  sut: TestApp;
  /** The API's database URL. */
  api: string;
  storefrontKey: string;
  /** A key of a user of the sales group, to check what the storefront did. */
  salesKey: string;
  storefront: Storefront;
  close(): Promise<void>;
}

export async function startShopStack(
  options: { apiUrl?: (api: string) => Promise<string>; storefront?: Partial<StorefrontOptions> } = {},
): Promise<ShopStack> {
  // Every module nest-tryton ships (web_shop and its dependencies among them), with the small demo data.
  const modules = knownModuleClasses(loadConfig()).filter((m) => !CORE_MODULES.includes(m));
  const tdb = await createTestDatabase(modules, 'small');
  let sut: TestApp | undefined;
  try {
    const storefrontKey = await apiKey(tdb, 'storefront', ['web_shop.group_storefront']);
    const salesKey = await apiKey(tdb, 'sales', ['sale.group_sale']);
    sut = await createTestApp(tdb, modules);
    await sut.app.listen(0, '127.0.0.1');
    const { port } = sut.app.getHttpServer().address() as AddressInfo;
    const api = `http://127.0.0.1:${port}/${tdb.db}`;
    const storefront = await startStorefront({
      apiUrl: options.apiUrl ? await options.apiUrl(api) : api,
      key: storefrontKey,
      port: 0,
      ...options.storefront,
    });
    const app = sut;
    return {
      tdb,
      sut: app,
      api,
      storefrontKey,
      salesKey,
      storefront,
      async close() {
        await storefront.close();
        await app.close();
        await tdb.drop();
      },
    };
  } catch (e) {
    await sut?.close();
    await tdb.drop();
    throw e;
  }
}
