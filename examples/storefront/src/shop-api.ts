import {
  Client,
  Decimal,
  NotFoundError,
  RangeNotSatisfiableError,
  type Domain,
  type RecordOf,
} from 'nest-tryton-client';
import type { Lang } from './i18n';

/**
 * Everything the storefront asks the API, through the project's client. Prices, taxes, units and
 * totals all come from the server (line defaults, the shop price fields, the sale amounts): this file
 * only moves decimal strings around. Views are plain objects, so pages never see the client's types.
 */

export interface ShopInfo {
  id: number;
  name: string;
  company: number;
  currency: { id: number; code: string };
}

export interface Category {
  id: number;
  name: string;
}

export interface ProductView {
  id: number;
  code: string;
  name: string;
  description: string;
  /** Decimal strings, in the shop's currency, for one sale unit. */
  price: string | null;
  priceTaxed: string | null;
  unit: string;
  categories: Category[];
}

export interface Page<T> {
  items: T[];
  offset: number;
  limit: number;
  /** Total matches; null when the server did not count that far. */
  total: number | null;
}

export interface LineView {
  id: number;
  product: { id: number; code: string; name: string } | null;
  quantity: string;
  unit: string;
  unitPrice: string | null;
  amount: string | null;
}

export interface SaleView {
  id: number;
  webId: string;
  number: string | null;
  state: string;
  lines: LineView[];
  untaxed: string | null;
  tax: string | null;
  total: string | null;
}

export interface OrderView extends SaleView {
  customer: string;
  email: string;
  invoiceAddress: string;
  shipmentAddress: string;
}

export interface Country {
  id: number;
  code: string;
  name: string;
}

export interface AddressForm {
  street: string;
  postal_code: string;
  city: string;
  country: number;
}

export interface CheckoutForm {
  name: string;
  email: string;
  invoice: AddressForm;
  /** Null: ship to the invoice address. */
  shipment: AddressForm | null;
}

const PRODUCT_FIELDS = [
  'code',
  'name',
  'description',
  'sale_price_uom',
  'sale_price_taxed',
  'sale_uom.symbol',
  'categories.name',
];

const SALE_FIELDS = [
  'web_id',
  'number',
  'state',
  'lines.type',
  'lines.product.code',
  'lines.product.name',
  'lines.quantity',
  'lines.unit.symbol',
  'lines.unit_price',
  'lines.amount',
  'untaxed_amount',
  'tax_amount',
  'total_amount',
];

const ORDER_FIELDS = [
  ...SALE_FIELDS,
  'party.name',
  'party.email',
  'invoice_address.full_address',
  'shipment_address.full_address',
];

type Rec = RecordOf<Record<string, any>>;

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const decimal = (value: unknown) => (value instanceof Decimal ? value.toString() : null);
/** A quantity (a float field in Tryton, a Decimal on some servers) as a decimal string. */
const quantity = (value: unknown) =>
  typeof value === 'number' ? String(value) : value instanceof Decimal ? value.toString() : '0';

function productView(r: Rec): ProductView {
  return {
    id: r.id!,
    code: text(r.code),
    name: text(r.name),
    description: text(r.description),
    price: decimal(r.sale_price_uom),
    priceTaxed: decimal(r.sale_price_taxed),
    unit: text(r.sale_uom?.symbol),
    categories: [...(r.categories ?? [])].map((c: Rec) => ({ id: c.id!, name: text(c.name) })),
  };
}

function saleView(r: Rec): SaleView {
  return {
    id: r.id!,
    webId: text(r.web_id),
    number: r.number ? String(r.number) : null,
    state: text(r.state),
    lines: [...(r.lines ?? [])]
      .filter((l: Rec) => l.type === 'line')
      .map((l: Rec) => ({
        id: l.id!,
        product: l.product
          ? { id: l.product.id, code: text(l.product.code), name: text(l.product.name) }
          : null,
        quantity: quantity(l.quantity),
        unit: text(l.unit?.symbol),
        unitPrice: decimal(l.unit_price),
        amount: decimal(l.amount),
      })),
    untaxed: decimal(r.untaxed_amount),
    tax: decimal(r.tax_amount),
    total: decimal(r.total_amount),
  };
}

/** A web id as the server makes them (32 hex digits): anything else is not looked up. */
export const isWebId = (value: string | undefined): value is string =>
  !!value && /^[0-9a-f]{32}$/.test(value);

export class CheckoutError extends Error {
  override name = 'CheckoutError';
}

export class ShopApi {
  private readonly clients = new Map<Lang, Client>();
  private langIds: Promise<Map<string, number>> | null = null;

  private constructor(
    private readonly client: Client,
    readonly shop: ShopInfo,
  ) {}

  /** The shop (by id, or the first active one the key can read) and a client in its company and currency. */
  static async open(client: Client, shopId?: number): Promise<ShopApi> {
    const domain: Domain = shopId ? [['id', '=', shopId]] : [];
    const [shop] = await client.search<Record<string, any>>('web.shop', domain, {
      fields: ['name', 'company', 'currency.code'],
      limit: 1,
      cache: false,
    });
    if (!shop)
      throw new Error(shopId ? `Web shop ${shopId} not found` : 'No web shop is visible to this key');
    const info: ShopInfo = {
      id: shop.id!,
      name: text(shop.name),
      company: shop.company as number,
      currency: { id: shop.currency.id, code: text(shop.currency.code) },
    };
    // Tryton's Shop.get_context: prices in the shop's company and currency.
    return new ShopApi(client.withContext({ company: info.company, currency: info.currency.id }), info);
  }

  /** The client reading in a visitor's language (one per language, all sharing one pool and cache). */
  private in(lang: Lang): Client {
    let client = this.clients.get(lang);
    if (!client) {
      client = this.client.withLanguages([lang]);
      this.clients.set(lang, client);
    }
    return client;
  }

  private published(): Domain {
    return [
      ['web_shops', '=', this.shop.id],
      ['salable', '=', true],
    ];
  }

  async categories(lang: Lang): Promise<Category[]> {
    const records = await this.in(lang).search<Record<string, any>>(
      'product.category',
      [['web_shops', '=', this.shop.id]],
      { fields: ['name'], order: [['name', 'ASC']] },
    );
    return records.map((c) => ({ id: c.id!, name: text(c.name) }));
  }

  async category(lang: Lang, id: number): Promise<Category | null> {
    const [c] = await this.in(lang).search<Record<string, any>>(
      'product.category',
      [
        ['id', '=', id],
        ['web_shops', '=', this.shop.id],
      ],
      { fields: ['name'] },
    );
    return c ? { id: c.id!, name: text(c.name) } : null;
  }

  /** A page of the shop's products (of a category), by code. */
  async products(
    lang: Lang,
    options: { category?: number; offset: number; limit: number },
  ): Promise<Page<ProductView>> {
    const domain = [...this.published()];
    if (options.category) domain.push(['categories', '=', options.category]);
    const { offset, limit } = options;
    try {
      const page = await this.in(lang).search<Record<string, any>>('product.product', domain, {
        fields: PRODUCT_FIELDS,
        order: [['code', 'ASC']],
        range: { start: offset, end: offset + limit },
      });
      return { items: page.records.map(productView), offset, limit, total: page.size };
    } catch (e) {
      // A page past the end.
      if (e instanceof RangeNotSatisfiableError) return { items: [], offset, limit, total: null };
      throw e;
    }
  }

  async product(lang: Lang, id: number): Promise<ProductView | null> {
    const [p] = await this.in(lang).search<Record<string, any>>(
      'product.product',
      [['id', '=', id], ...this.published()],
      { fields: PRODUCT_FIELDS },
    );
    return p ? productView(p) : null;
  }

  async countries(lang: Lang): Promise<Country[]> {
    const records = await this.in(lang).search<Record<string, any>>('country.country', [], {
      fields: ['code', 'name'],
      order: [['name', 'ASC']],
    });
    return records.map((c) => ({ id: c.id!, code: text(c.code), name: text(c.name) }));
  }

  private async sale(lang: Lang, webId: string, states: string[], fields: string[]): Promise<Rec | null> {
    if (!isWebId(webId)) return null;
    const [sale] = await this.in(lang).search<Record<string, any>>(
      'sale.sale',
      [
        ['web_id', '=', webId],
        ['web_shop', '=', this.shop.id],
        ['state', 'in', states],
      ],
      { fields },
    );
    return sale ?? null;
  }

  /** The cart of a web id: its draft sale, null when there is none (or it was checked out). */
  async cart(lang: Lang, webId: string | undefined): Promise<SaleView | null> {
    if (!isWebId(webId)) return null;
    const sale = await this.sale(lang, webId, ['draft'], SALE_FIELDS);
    return sale ? saleView(sale) : null;
  }

  /** A checked-out order of a web id (the confirmation page). */
  async order(lang: Lang, webId: string): Promise<OrderView | null> {
    const sale = await this.sale(lang, webId, ['quotation', 'confirmed', 'processing', 'done'], ORDER_FIELDS);
    if (!sale) return null;
    return {
      ...saleView(sale),
      customer: text(sale.party?.name),
      email: text(sale.party?.email),
      invoiceAddress: text(sale.invoice_address?.full_address),
      shipmentAddress: text(sale.shipment_address?.full_address),
    };
  }

  /**
   * Adds a quantity of a product to the cart of a web id (opening a cart through the shop's
   * get_sale when there is none). The line's unit, price and taxes are the server's defaults.
   * Answers the cart's web id.
   */
  async addToCart(webId: string | undefined, product: number, quantity: number): Promise<string> {
    const client = this.client;
    let cart = isWebId(webId) ? await this.sale('en', webId, ['draft'], ['web_id']) : null;
    if (!cart) {
      cart = await client.action<Rec>({ model: 'web.shop', id: this.shop.id }, 'get_sale', {});
    }
    const [line] = await client.search<Record<string, any>>(
      'sale.line',
      [
        ['sale', '=', cart.id],
        ['product', '=', product],
        ['type', '=', 'line'],
      ],
      { fields: ['quantity'], limit: 1, cache: false },
    );
    if (line) {
      const current = Number(
        line.quantity instanceof Decimal ? line.quantity.toString() : (line.quantity ?? 0),
      );
      await client.update('sale.line', line.id!, { quantity: current + quantity }, { fields: ['id'] });
    } else {
      await client.create('sale.line', { sale: cart.id, product, quantity }, { fields: ['id'] });
    }
    return text(cart.web_id);
  }

  /** Sets the quantity of a line of the cart; zero removes it. Lines of other sales are not touched. */
  async setQuantity(webId: string | undefined, lineId: number, quantity: number): Promise<void> {
    const cart = await this.cart('en', webId);
    if (!cart || !cart.lines.some((l) => l.id === lineId))
      throw new NotFoundError(404, 'No such line in the cart');
    if (quantity === 0) await this.client.delete('sale.line', lineId);
    else await this.client.update('sale.line', lineId, { quantity }, { fields: ['id'] });
  }

  private async langId(lang: Lang): Promise<number | null> {
    this.langIds ??= this.client
      .search<Record<string, any>>('ir.lang', [], { fields: ['code'] })
      .then((rows) => new Map(rows.map((r) => [text(r.code), r.id!])))
      .catch((e) => {
        this.langIds = null;
        throw e;
      });
    return (await this.langIds).get(lang) ?? null;
  }

  /**
   * The guest checks out: a party of its own (name, e-mail, the visitor's language), its invoice and
   * shipment addresses, given to the cart, which is then quoted (the server checks the addresses and
   * the lines). Answers the web id of the order.
   */
  async checkout(lang: Lang, webId: string | undefined, form: CheckoutForm): Promise<string> {
    const cart = await this.cart(lang, webId);
    if (!cart || !cart.lines.length) throw new CheckoutError('empty cart');
    const client = this.client;
    const party = await client.create(
      'party.party',
      {
        name: form.name,
        lang: await this.langId(lang),
        contact_mechanisms: [['create', [{ type: 'email', value: form.email }]]],
      },
      { fields: ['id'] },
    );
    const address = async (a: AddressForm) =>
      (await client.create('party.address', { party: party.id, ...a }, { fields: ['id'] })).id!;
    const invoice = await address(form.invoice);
    const shipment = form.shipment ? await address(form.shipment) : invoice;
    await client.update(
      'sale.sale',
      cart.id,
      { party: party.id, invoice_address: invoice, shipment_address: shipment },
      { fields: ['id'] },
    );
    await client.action({ model: 'sale.sale', id: cart.id }, 'quote', {});
    return cart.webId;
  }
}
