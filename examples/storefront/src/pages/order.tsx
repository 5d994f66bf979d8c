import { Await, Skeleton, Totals } from '../components';
import { Layout } from '../layout';
import { href, type PageContext, type Result } from '../page-context';
import type { OrderView } from '../shop-api';

/** The confirmation: the quoted sale as the server has it (number, addresses, lines, totals). */
export function orderPage(ctx: PageContext, order: Promise<Result<OrderView | null>>) {
  const { i18n } = ctx;
  return (
    <Layout ctx={ctx} title={i18n.t('summary')} preloads={[]}>
      <Await ctx={ctx} promise={order} fallback={<Skeleton height="16rem" />}>
        {(o) =>
          !o ? (
            <>
              <h1>{i18n.t('orderNotFound')}</h1>
              <a href={href(ctx.lang, '/')}>{i18n.t('backHome')}</a>
            </>
          ) : (
            <div data-order={o.number ?? ''} data-state={o.state}>
              <h1>{i18n.t('thanks', { name: o.customer })}</h1>
              <p className="notice ok">{i18n.t('quoted', { number: o.number ?? '', email: o.email })}</p>
              <p>
                {i18n.t('orderState')} <strong>{i18n.t(`state_${o.state}` as 'state_draft')}</strong>
              </p>
              <div className="checkout">
                <section>
                  <h2>{i18n.t('invoiceAddress')}</h2>
                  <p style={{ whiteSpace: 'pre-line' }}>{o.invoiceAddress}</p>
                  <h2>{i18n.t('shipmentAddress')}</h2>
                  <p style={{ whiteSpace: 'pre-line' }}>{o.shipmentAddress}</p>
                </section>
                <aside className="summary">
                  <h2 style={{ marginTop: 0 }}>{i18n.t('summary')}</h2>
                  <ul>
                    {o.lines.map((l) => (
                      <li key={l.id}>
                        <span>
                          {i18n.quantity(l.quantity)} × {l.product?.name}
                        </span>
                        <span>{i18n.money(l.amount)}</span>
                      </li>
                    ))}
                  </ul>
                  <Totals ctx={ctx} sale={o} />
                </aside>
              </div>
              <p style={{ marginTop: 24 }}>
                <a className="button" href={href(ctx.lang, '/')}>
                  {i18n.t('continueShopping')}
                </a>
              </p>
            </div>
          )
        }
      </Await>
    </Layout>
  );
}
