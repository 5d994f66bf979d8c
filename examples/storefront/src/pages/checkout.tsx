import { Await, Skeleton, Totals } from '../components';
import { Layout } from '../layout';
import { href, type PageContext, type Result } from '../page-context';
import type { Country, SaleView } from '../shop-api';

/** What the visitor typed, sent back with the form when the checkout is refused. */
export type CheckoutValues = Record<string, string>;

function AddressFields(props: {
  ctx: PageContext;
  prefix: 'invoice' | 'shipment';
  values: CheckoutValues;
  countries: Promise<Result<Country[]>>;
  required: boolean;
}) {
  const { ctx, prefix, values } = props;
  const { i18n } = ctx;
  const name = (field: string) => `${prefix}_${field}`;
  const input = (field: string, label: string, autoComplete: string) => (
    <label>
      {label}
      <input
        name={name(field)}
        defaultValue={values[name(field)] ?? ''}
        required={props.required}
        autoComplete={`${prefix === 'invoice' ? 'billing' : 'shipping'} ${autoComplete}`}
      />
    </label>
  );
  return (
    <>
      {input('street', i18n.t('street'), 'street-address')}
      <div className="row">
        {input('postal_code', i18n.t('postalCode'), 'postal-code')}
        {input('city', i18n.t('city'), 'address-level2')}
      </div>
      <label>
        {i18n.t('country')}
        <Await ctx={ctx} promise={props.countries} fallback={<Skeleton height="2.4rem" />}>
          {(countries) => {
            const chosen =
              values[name('country')] ?? String(countries.find((c) => c.code === 'BE')?.id ?? '');
            return (
              <select name={name('country')} defaultValue={chosen} required={props.required}>
                {countries.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            );
          }}
        </Await>
      </label>
    </>
  );
}

/** Checkout: who the guest is, where to invoice and ship, beside the cart's summary. */
export function checkoutPage(
  ctx: PageContext,
  cart: Promise<Result<SaleView | null>>,
  countries: Promise<Result<Country[]>>,
  values: CheckoutValues = {},
  error: string | null = null,
) {
  const { i18n } = ctx;
  const separate = values.separate_shipment === 'on';
  return (
    <Layout ctx={ctx} title={i18n.t('checkout')} preloads={[]}>
      <h1>{i18n.t('checkout')}</h1>
      {error && (
        <p className="notice" role="alert" data-testid="checkout-error">
          {error}
        </p>
      )}
      <div className="checkout">
        <form method="post" action={href(ctx.lang, '/checkout')} noValidate={false}>
          <fieldset>
            <legend>{i18n.t('customer')}</legend>
            <label>
              {i18n.t('name')}
              <input name="name" defaultValue={values.name ?? ''} required autoComplete="name" />
            </label>
            <label>
              {i18n.t('email')}
              <input
                name="email"
                type="email"
                defaultValue={values.email ?? ''}
                required
                autoComplete="email"
              />
            </label>
          </fieldset>
          <fieldset>
            <legend>{i18n.t('invoiceAddress')}</legend>
            <AddressFields ctx={ctx} prefix="invoice" values={values} countries={countries} required />
          </fieldset>
          <fieldset>
            <legend>{i18n.t('shipmentAddress')}</legend>
            <label>
              <input type="checkbox" name="separate_shipment" defaultChecked={separate} />
              {i18n.t('otherAddress')}
            </label>
            <AddressFields
              ctx={ctx}
              prefix="shipment"
              values={values}
              countries={countries}
              required={false}
            />
          </fieldset>
          <button type="submit" className="button primary">
            {i18n.t('placeOrder')}
          </button>
        </form>
        <aside className="summary">
          <h2 style={{ marginTop: 0 }}>{i18n.t('summary')}</h2>
          <Await ctx={ctx} promise={cart} fallback={<Skeleton height="8rem" />}>
            {(sale) =>
              !sale || !sale.lines.length ? (
                <p>{i18n.t('emptyCart')}</p>
              ) : (
                <>
                  <ul>
                    {sale.lines.map((l) => (
                      <li key={l.id}>
                        <span>
                          {i18n.quantity(l.quantity)} × {l.product?.name}
                        </span>
                        <span>{i18n.money(l.amount)}</span>
                      </li>
                    ))}
                  </ul>
                  <Totals ctx={ctx} sale={sale} />
                </>
              )
            }
          </Await>
        </aside>
      </div>
    </Layout>
  );
}
