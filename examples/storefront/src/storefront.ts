import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReactNode } from 'react';
import { dirname, join } from 'node:path';
import { Client, TrytonError, type EtagStore } from 'nest-tryton-client';
import { cookie, cookies, HttpError, idParam, quantityParam, readForm, redirect, sendText } from './http';
import { i18n, isLang, negotiate, type Lang } from './i18n';
import { imageFor, imageUrl } from './images';
import { settle, type PageContext } from './page-context';
import { cartPage } from './pages/cart';
import { categoryPage } from './pages/category';
import { checkoutPage, type CheckoutValues } from './pages/checkout';
import { homePage } from './pages/home';
import { notFoundPage } from './pages/not-found';
import { orderPage } from './pages/order';
import { productPage } from './pages/product';
import { sendPage, type Preload, type RenderMode } from './render';
import { CheckoutError, isWebId, ShopApi, type AddressForm, type CheckoutForm } from './shop-api';

export interface StorefrontOptions {
  /** The API's database URL, e.g. http://127.0.0.1:8000/demo. */
  apiUrl: string;
  /** The storefront user's application key: it never leaves this server. */
  key: string;
  /** The web shop's id (default: the first one the key can read). */
  shop?: number;
  port?: number;
  host?: string;
  /** The default render mode (a visitor switches with ?render=stream|buffer). */
  mode?: RenderMode;
  /** The client's ETag store (default: its in-memory LRU). */
  cache?: EtagStore;
  /** Mark cookies Secure (behind HTTPS). */
  secureCookies?: boolean;
}

export interface Storefront {
  url: string;
  server: Server;
  api: ShopApi;
  close(): Promise<void>;
}

const CART_COOKIE = 'cart';
const RENDER_COOKIE = 'render';
const MONTH = 30 * 24 * 3600;

function stylesheet(): { body: Buffer; path: string } {
  const root = dirname(require.resolve('nest-tryton-storefront/package.json'));
  const body = readFileSync(join(root, 'src', 'assets', 'style.css'));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  return { body, path: `/assets/style.${hash}.css` };
}

const isMode = (value: string | null | undefined): value is RenderMode =>
  value === 'stream' || value === 'buffer';

/** The storefront's HTTP server: pages, the cart's and checkout's forms, its stylesheet and pictures. */
export async function startStorefront(options: StorefrontOptions): Promise<Storefront> {
  const client = new Client(options.apiUrl, options.key, { cache: options.cache, timeout: 15_000 });
  const api = await ShopApi.open(client, options.shop);
  const css = stylesheet();
  const cookieOptions = (maxAge: number) => ({ maxAge, secure: !!options.secureCookies });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://storefront');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === css.path) {
      res.writeHead(200, {
        'Content-Type': 'text/css; charset=utf-8',
        'Cache-Control': 'public, max-age=31536000, immutable',
        'Content-Length': css.body.length,
      });
      res.end(css.body);
      return;
    }
    if (method === 'GET' && path.startsWith('/img/')) {
      const svg = imageFor(path);
      if (!svg) return sendText(res, 404, 'Not found');
      res.writeHead(200, {
        'Content-Type': 'image/svg+xml',
        'Cache-Control': 'public, max-age=31536000, immutable',
        'Content-Length': Buffer.byteLength(svg),
      });
      res.end(svg);
      return;
    }
    if (path === '/health') return sendText(res, 200, 'ok');
    const jar = cookies(req);
    if (path === '/' || path === '')
      return redirect(res, `/${negotiate(req.headers['accept-language'])}/`, 302);
    const m = /^\/([a-z]{2})(\/.*)?$/.exec(path);
    const lang: Lang = m && isLang(m[1]) ? m[1] : negotiate(req.headers['accept-language']);
    const rest = m && isLang(m[1]) ? (m[2] ?? '/') : null;

    // The render mode: ?render= (remembered in a cookie), else the cookie, else the default.
    const asked = url.searchParams.get('render');
    const headers: Record<string, string[]> = { 'Set-Cookie': [] };
    if (isMode(asked)) headers['Set-Cookie'].push(cookie(RENDER_COOKIE, asked, cookieOptions(MONTH)));
    const mode: RenderMode = isMode(asked)
      ? asked
      : isMode(jar[RENDER_COOKIE])
        ? jar[RENDER_COOKIE]
        : (options.mode ?? 'stream');
    const search = new URLSearchParams(url.searchParams);
    search.delete('render');
    const webId = isWebId(jar[CART_COOKIE]) ? jar[CART_COOKIE] : undefined;

    const cart = () => settle(api.cart(lang, webId));
    const sharedCart = webId ? cart() : Promise.resolve({ ok: true as const, value: null });
    const ctx: PageContext = {
      lang,
      i18n: i18n(lang, api.shop.currency.code),
      shop: api.shop,
      mode,
      path: rest ?? '/',
      search: search.toString() ? `?${search}` : '',
      css: css.path,
      categories: settle(api.categories(lang)),
      cartCount: sharedCart.then((r) => (r.ok ? { ok: true, value: r.value?.lines.length ?? 0 } : r)),
    };
    const preloads = (image?: string): Preload[] => [
      { href: css.path, as: 'style' },
      ...(image ? [{ href: image, as: 'image' as const }] : []),
    ];
    const page = (node: ReactNode, status = 200, image?: string) =>
      sendPage(res, node, { mode, status, preloads: preloads(image), headers });
    const notFound = () => page(notFoundPage(ctx), 404);

    if (rest === null) return notFound();
    const segments = rest.split('/').filter(Boolean);
    const [first, second, third] = segments;

    try {
      if (method === 'GET') {
        if (!segments.length)
          return page(homePage(ctx, api, preloads(imageUrl('hero'))), 200, imageUrl('hero'));
        if (first === 'category' && segments.length === 2) {
          const id = idParam(second);
          const number = url.searchParams.has('page') ? idParam(url.searchParams.get('page')) : 1;
          if (!id || !number || number > 10_000) return notFound();
          const image = imageUrl('category', id);
          return page(categoryPage(ctx, api, preloads(image), id, number), 200, image);
        }
        if (first === 'product' && segments.length === 2) {
          const id = idParam(second);
          if (!id) return notFound();
          const image = imageUrl('product', id);
          return page(productPage(ctx, api, preloads(image), id), 200, image);
        }
        if (first === 'cart' && segments.length === 1) return page(cartPage(ctx, sharedCart));
        if (first === 'checkout' && segments.length === 1) {
          return page(checkoutPage(ctx, sharedCart, settle(api.countries(lang))));
        }
        if (first === 'order' && segments.length === 2 && isWebId(second)) {
          return page(orderPage(ctx, settle(api.order(lang, second))));
        }
        return notFound();
      }
      if (method !== 'POST') {
        res.setHeader('Allow', 'GET, POST');
        return sendText(res, 405, 'Method not allowed');
      }
      const form = await readForm(req);
      if (first === 'cart' && second === 'add' && segments.length === 2) {
        const product = idParam(form.get('product'));
        const quantity = quantityParam(form.get('quantity'), 1);
        if (!product || !quantity) return page(notFoundPage(ctx, ctx.i18n.t('productNotFound')), 400);
        // Only what the shop publishes goes in a cart.
        if (!(await api.product(lang, product)))
          return page(notFoundPage(ctx, ctx.i18n.t('productNotFound')), 404);
        const id = await api.addToCart(webId, product, quantity);
        headers['Set-Cookie'].push(cookie(CART_COOKIE, id, cookieOptions(MONTH)));
        return redirect(res, `/${lang}/cart`, 303, headers);
      }
      if (first === 'cart' && second === 'line' && segments.length === 3) {
        const line = idParam(third);
        const quantity = form.get('action') === 'remove' ? 0 : quantityParam(form.get('quantity'), 0);
        if (!line || quantity === null) return redirect(res, `/${lang}/cart`, 303, headers);
        await api.setQuantity(webId, line, quantity);
        return redirect(res, `/${lang}/cart`, 303, headers);
      }
      if (first === 'checkout' && segments.length === 1) {
        const values: CheckoutValues = Object.fromEntries([...form.entries()].map(([k, v]) => [k, v.trim()]));
        const invalid = checkoutProblem(ctx, values);
        const again = (message: string, status: number) =>
          page(checkoutPage(ctx, sharedCart, settle(api.countries(lang)), values, message), status);
        if (invalid) return again(invalid, 400);
        try {
          const order = await api.checkout(lang, webId, checkoutForm(values));
          headers['Set-Cookie'].push(cookie(CART_COOKIE, '', cookieOptions(0)));
          return redirect(res, `/${lang}/order/${order}`, 303, headers);
        } catch (e) {
          if (e instanceof CheckoutError) return redirect(res, `/${lang}/cart`, 303, headers);
          if (e instanceof TrytonError && e.status === 400) return again(e.message, 400);
          throw e;
        }
      }
      return notFound();
    } catch (e) {
      if (e instanceof HttpError) return sendText(res, e.status, e.message);
      if (e instanceof TrytonError && e.status === 404) return notFound();
      console.error('storefront:', e);
      const status = e instanceof TrytonError && e.status === 503 ? 503 : 502;
      return page(notFoundPage(ctx, ctx.i18n.t('unavailable')), status);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      console.error('storefront: unhandled', e);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  await new Promise<void>((done) => server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', done));
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    server,
    api,
    async close() {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await client.close();
    },
  };
}

const REQUIRED = [
  'name',
  'email',
  'invoice_street',
  'invoice_postal_code',
  'invoice_city',
  'invoice_country',
];
const SHIPMENT = ['shipment_street', 'shipment_postal_code', 'shipment_city', 'shipment_country'];

/** The first thing wrong with a checkout form, in the visitor's language, or null. */
function checkoutProblem(ctx: PageContext, values: CheckoutValues): string | null {
  const labels: Record<string, string> = {
    name: ctx.i18n.t('name'),
    email: ctx.i18n.t('email'),
    street: ctx.i18n.t('street'),
    postal_code: ctx.i18n.t('postalCode'),
    city: ctx.i18n.t('city'),
    country: ctx.i18n.t('country'),
  };
  const needed = [...REQUIRED, ...(values.separate_shipment === 'on' ? SHIPMENT : [])];
  const missing = needed.filter((f) => !values[f] || (f.endsWith('_country') && !idParam(values[f])));
  if (missing.length) {
    return ctx.i18n.t('required', {
      fields: [...new Set(missing.map((f) => labels[f.replace(/^(invoice|shipment)_/, '')]))].join(', '),
    });
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email) || values.email.length > 254)
    return ctx.i18n.t('badEmail');
  if (needed.some((f) => values[f].length > 200)) return ctx.i18n.t('required', { fields: '≤ 200' });
  return null;
}

function checkoutForm(values: CheckoutValues): CheckoutForm {
  const address = (prefix: string): AddressForm => ({
    street: values[`${prefix}_street`],
    postal_code: values[`${prefix}_postal_code`],
    city: values[`${prefix}_city`],
    country: idParam(values[`${prefix}_country`])!,
  });
  return {
    name: values.name,
    email: values.email,
    invoice: address('invoice'),
    shipment: values.separate_shipment === 'on' ? address('shipment') : null,
  };
}
