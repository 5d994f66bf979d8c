import { loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { demoProgress } from '../demo-random';

/** The countries the demo shop sells to (those of the euro among the demo's places). */
const SHOP_COUNTRIES = ['be', 'de', 'fr', 'lu', 'nl'];

async function loadShop(env: Env): Promise<number> {
  const guest = await loadRecord(env, 'web_shop', 'party_guest', 'party.party', { name: 'Guest' });
  await loadRecord(env, 'web_shop', 'party_guest_address', 'party.address', {
    party: guest,
    city: 'Liège',
    country: await refId(env, 'country', 'be'),
  });
  await loadRecord(env, 'web_shop', 'party_guest_email', 'party.contact_mechanism', {
    party: guest,
    type: 'email',
    value: 'guest@example.com',
  });
  const countries: number[] = [];
  for (const code of SHOP_COUNTRIES) countries.push(await refId(env, 'country', code));
  return loadRecord(env, 'web_shop', 'shop', 'web.shop', {
    name: 'Demo Shop',
    company: await refId(env, 'company', 'company'),
    currency: await refId(env, 'currency', 'eur'),
    language: await refId(env, 'ir', 'lang_en'),
    guest_party: guest,
    countries: [['add', countries]],
  });
}

/** Publishes every salable product and every category on the shop, in bulk. */
async function publishAll(env: Env, shop: number): Promise<void> {
  const products = await env.model('product.product').search(env, [['salable', '=', true]]);
  const categories = await env.model('product.category').search(env, []);
  const progress = demoProgress(env.context, 'web shop');
  progress(0, products.length);
  await env.model('web.shop-product.product').create(
    env,
    products.map((product) => ({ shop, product })),
  );
  await env.model('web.shop-product.category').create(
    env,
    categories.map((category) => ({ shop, category })),
  );
  progress(products.length, products.length);
}

export async function loadWebShopDemo(env: Env): Promise<void> {
  await publishAll(env, await loadShop(env));
}
