/**
 * npm run screenshots:storefront — every page of the storefront (home, category, product, cart,
 * checkout, order) at desktop and mobile width, in French, written under
 * DATA_DIR/storefront-screenshots/ (default data/). For looking at, not a test.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../support/chromium';
import { startShopStack } from '../support/stack';

const OUT = resolve(process.env.DATA_DIR ?? 'data', 'storefront-screenshots');
const WIDTHS = [
  ['desktop', { width: 1280, height: 900 }, 1],
  ['mobile', { width: 390, height: 844 }, 2],
] as const;

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const stack = await startShopStack();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  try {
    for (const [name, viewport, scale] of WIDTHS) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: scale, locale: 'fr-BE' });
      const page = await context.newPage();
      const base = stack.storefront.url;
      const shot = async (what: string) => {
        await page.waitForLoadState('load');
        // React reveals streamed boundaries in batches, a frame or so after they arrive.
        await page.waitForFunction("!document.querySelector('.skeleton')");
        const file = join(OUT, `${what}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
      };
      const add = async (page: Page, product: number, quantity: string) => {
        await page.goto(`${base}/fr/product/${product}`);
        await page.getByLabel('Quantité').fill(quantity);
        await page.getByRole('button', { name: 'Ajouter au panier' }).click();
        await page.waitForURL(/\/cart$/);
      };
      await page.goto(`${base}/fr/`);
      await shot('home');
      await page.goto(`${base}/fr/category/1`);
      await shot('category');
      await page.goto(`${base}/fr/product/3`);
      await shot('product');
      await add(page, 1, '2');
      await add(page, 3, '1');
      await add(page, 7, '4');
      await shot('cart');
      await page.goto(`${base}/fr/checkout`);
      await page.getByLabel('Nom').fill('Camille Dupont');
      await page.getByLabel('Courriel').fill('camille.dupont@example.com');
      const invoice = page.locator('fieldset').nth(1);
      await invoice.getByLabel('Rue').fill('Rue Haute 5');
      await invoice.getByLabel('Code postal').fill('4000');
      await invoice.getByLabel('Ville').fill('Liège');
      await shot('checkout');
      await page.getByRole('button', { name: 'Demander un devis' }).click();
      await page.waitForURL(/\/order\//);
      await shot('order');
      await page.goto(`${base}/en/product/3`);
      await shot('product-en');
      await context.close();
    }
  } finally {
    await browser.close();
    await stack.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
