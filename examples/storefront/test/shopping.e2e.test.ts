import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Decimal } from 'nest-tryton-client';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS, chromiumSkip } from '../support/chromium';
import { startShopStack, type ShopStack } from '../support/stack';

const skip = chromiumSkip();

const SHOTS = resolve(process.env.DATA_DIR ?? 'data', 'storefront-e2e');

/** Runs a step of the story; on failure, a screenshot of the page, named after it, beside the error. */
async function step<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    mkdirSync(SHOTS, { recursive: true });
    const file = join(SHOTS, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`# screenshot of the failed step "${name}": ${file} (at ${page.url()})`);
    throw e;
  }
}

/** Decimals equal in value (the server may send 3 or 3.0000). */
const same = (actual: Decimal, expected: Decimal, what: string) =>
  assert.ok(actual.equals(expected), `${what}: ${actual.toString()} ≠ ${expected.toString()}`);

/**
 * The visible elements of a locator once the page has settled on n of them: streamed parts are put
 * in place by React a frame or so after they arrive, so a count right after the load event may
 * still see the skeleton.
 */
async function settledCount(page: Page, selector: string, n: number): Promise<number> {
  const all = JSON.stringify(`main ${selector}`);
  await page
    .waitForFunction(
      `document.querySelectorAll(${all}).length === ${n} && !document.querySelector('.skeleton')`,
      null,
      {
        timeout: 15_000,
      },
    )
    .catch(() => undefined);
  return page.locator(`main ${selector}`).count();
}

const moneyFr = (amount: string) =>
  (
    new Intl.NumberFormat('fr-BE', {
      style: 'currency',
      currency: 'EUR',
      roundingMode: 'halfEven',
    } as Intl.NumberFormatOptions).format as (value: string) => string
  )(amount);

describe('a guest shopping in Chromium', { skip, timeout: 240_000 }, () => {
  let stack: ShopStack;
  let context: BrowserContext;
  let profile: string;
  before(async () => {
    stack = await startShopStack();
    profile = mkdtempSync(join(tmpdir(), 'storefront-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      locale: 'en-GB',
      viewport: { width: 1280, height: 900 },
    });
  });
  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await stack?.close();
  });

  it('browses, switches to French, fills a cart, checks out; the API has the quoted sale', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const base = stack.storefront.url;

    await step(page, 'home in English', async () => {
      await page.goto(`${base}/`);
      assert.match(page.url(), /\/en\/$/);
      await page.getByRole('heading', { name: 'Objects for everyday living' }).waitFor();
      await page.getByTestId('categories').getByRole('link', { name: 'Furniture' }).waitFor();
      assert.equal(await settledCount(page, 'li.card', 8), 8, 'products on the home page');
    });

    await step(page, 'switch to French', async () => {
      await page.getByRole('link', { name: 'FR', exact: true }).click();
      await page.waitForURL(/\/fr\/$/);
      await page.getByRole('heading', { name: 'Des objets pour tous les jours' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    });

    await step(page, 'a category, two pages', async () => {
      await page.getByTestId('categories').getByRole('link', { name: 'Mobilier' }).click();
      await page.getByRole('heading', { name: 'Mobilier', level: 1 }).waitFor();
      assert.equal(await settledCount(page, 'li.card', 4), 4);
      await page.getByRole('link', { name: /Suivant/ }).click();
      await page.waitForURL(/page=2/);
      await page.getByText('Page 2 sur 2').waitFor();
      assert.equal(await settledCount(page, 'li.card', 1), 1);
      await page.getByRole('link', { name: /Précédent/ }).click();
      await page.getByText('Page 1 sur 2').waitFor();
    });

    await step(page, 'first product into the cart', async () => {
      await page.locator('li.card').first().getByRole('link').click();
      await page.getByRole('heading', { name: 'Chaise en chêne 1', level: 1 }).waitFor();
      const price = page.locator('.prices .price');
      assert.match(await price.innerText(), /€\s*TTC/);
      assert.match(await page.locator('.prices .untaxed').innerText(), /€ HT · par u/);
      await page.getByRole('button', { name: 'Ajouter au panier' }).click();
      await page.waitForURL(/\/fr\/cart$/);
      assert.equal(await settledCount(page, 'tr[data-line]', 1), 1);
    });

    await step(page, 'second product into the cart', async () => {
      await page
        .getByRole('navigation', { name: 'Catégories' })
        .getByRole('link', { name: 'Éclairage' })
        .click();
      await page.getByRole('heading', { name: 'Éclairage', level: 1 }).waitFor();
      await page.locator('li.card').first().getByRole('link').click();
      await page.getByRole('button', { name: 'Ajouter au panier' }).click();
      await page.waitForURL(/\/fr\/cart$/);
      assert.equal(await settledCount(page, 'tr[data-line]', 2), 2);
      assert.equal(await page.locator('[data-cart-count]').innerText(), '2');
    });

    await step(page, 'change a quantity', async () => {
      const chair = page.locator('tr[data-line="P00001"]');
      await chair.getByRole('spinbutton').fill('3');
      await chair.getByRole('button', { name: 'Mettre à jour' }).click();
      await page.waitForURL(/\/fr\/cart$/);
      assert.equal(await page.locator('tr[data-line="P00001"]').getByRole('spinbutton').inputValue(), '3');
    });

    const shownTotal = await page.locator('[data-total="total"]').innerText();

    await step(page, 'check out as a guest', async () => {
      await page.getByRole('link', { name: 'Commander' }).click();
      await page.waitForURL(/\/fr\/checkout$/);
      await page.getByLabel('Nom').fill('Camille Dupont');
      await page.getByLabel('Courriel').fill('camille.dupont@example.com');
      const invoice = page.locator('fieldset').nth(1);
      await invoice.getByLabel('Rue').fill('Rue Haute 5');
      await invoice.getByLabel('Code postal').fill('4000');
      await invoice.getByLabel('Ville').fill('Liège');
      await invoice.getByLabel('Pays').selectOption({ label: 'Belgique' });
      await page.getByRole('button', { name: 'Demander un devis' }).click();
      await page.waitForURL(/\/fr\/order\/[0-9a-f]{32}$/);
      await page.getByRole('heading', { name: 'Merci, Camille Dupont !' }).waitFor();
      assert.equal(await page.locator('[data-total="total"]').innerText(), shownTotal);
    });

    const webId = /\/order\/([0-9a-f]{32})$/.exec(page.url())![1];
    // In the shop's company: a party's language is a value per company.
    const sales = new Client(stack.api, stack.salesKey, {
      context: { company: stack.storefront.api.shop.company },
    });
    try {
      const [sale] = await sales.search<Record<string, any>>('sale.sale', [['web_id', '=', webId]], {
        fields: [
          'state',
          'number',
          'party.name',
          'party.email',
          'party.lang.code',
          'invoice_address.city',
          'invoice_address.country.code',
          'shipment_address.city',
          'lines.product.code',
          'lines.product.list_price',
          'lines.product.customer_taxes.type',
          'lines.product.customer_taxes.rate',
          'lines.product.customer_taxes.amount',
          'lines.product.customer_taxes.childs.type',
          'lines.product.customer_taxes.childs.rate',
          'lines.product.customer_taxes.childs.amount',
          'lines.product.customer_taxes.childs.start_date',
          'lines.product.customer_taxes.childs.end_date',
          'sale_date',
          'lines.quantity',
          'lines.unit_price',
          'lines.amount',
          'untaxed_amount',
          'tax_amount',
          'total_amount',
        ],
      });
      assert.ok(sale, 'the sale of the order page exists');
      assert.equal(sale.state, 'quotation');
      assert.ok(sale.number);
      assert.deepEqual(
        [sale.party.name, sale.party.email, sale.party.lang?.code],
        ['Camille Dupont', 'camille.dupont@example.com', 'fr'],
      );
      assert.deepEqual(
        [sale.invoice_address.city, sale.invoice_address.country.code, sale.shipment_address.city],
        ['Liège', 'BE', 'Liège'],
      );
      const lines = [...sale.lines].sort((a, b) => a.product.code.localeCompare(b.product.code));
      assert.deepEqual(
        lines.map((l) => [l.product.code, Number(l.quantity)]),
        [
          ['P00001', 3],
          ['P00003', 1],
        ],
      );
      // The prices are the products' (in the shop's currency, the company's), the taxes theirs.
      // Quantities are floats in Tryton (whole numbers here): exact as decimals.
      const qty = (line: Record<string, any>) => new Decimal(String(line.quantity));
      let untaxed = new Decimal(0);
      let tax = new Decimal(0);
      // A tax of type none computes through its children in force at the sale date (the fee's dated amounts).
      const day = sale.sale_date ? String(sale.sale_date) : new Date().toISOString().slice(0, 10);
      const inForce = (t: Record<string, any>) =>
        (!t.start_date || String(t.start_date) <= day) && (!t.end_date || String(t.end_date) >= day);
      const leaves = (t: Record<string, any>): Record<string, any>[] =>
        t.type === 'none' ? t.childs.filter(inForce).flatMap(leaves) : [t];
      for (const line of lines) {
        same(line.unit_price, line.product.list_price, `unit price of ${line.product.code}`);
        const amount = qty(line).times(line.unit_price).round(2, 'half-even');
        same(line.amount, amount, `amount of ${line.product.code}`);
        untaxed = untaxed.plus(amount);
        // A percentage of the price, or a fixed amount per unit (the lighting's recycling fee).
        for (const t of line.product.customer_taxes.flatMap(leaves)) {
          tax = tax.plus(qty(line).times(t.type === 'fixed' ? t.amount : line.unit_price.times(t.rate)));
        }
      }
      assert.ok(
        lines[1].product.customer_taxes.flatMap(leaves).some((t: { type: string }) => t.type === 'fixed'),
        'a lamp pays a fixed fee beside the VAT',
      );
      same(sale.untaxed_amount, untaxed, 'untaxed amount');
      same(sale.tax_amount, tax.round(2, 'half-even'), 'tax amount');
      same(sale.total_amount, untaxed.plus(tax.round(2, 'half-even')), 'total amount');
      assert.equal(shownTotal.replace(/\s/g, ' '), moneyFr(sale.total_amount.toString()).replace(/\s/g, ' '));
    } finally {
      await sales.close();
    }
  });
});
