import { Await, Skeleton, Totals } from '../components';
import { Layout } from '../layout';
import { href, type PageContext, type Result } from '../page-context';
import type { SaleView } from '../shop-api';

/** The cart: its lines (quantity forms), the totals the server computed, the way to checkout. */
export function cartPage(ctx: PageContext, cart: Promise<Result<SaleView | null>>) {
  const { i18n } = ctx;
  return (
    <Layout ctx={ctx} title={i18n.t('cart')} preloads={[]}>
      <h1>{i18n.t('cart')}</h1>
      <Await ctx={ctx} promise={cart} fallback={<Skeleton height="12rem" />}>
        {(sale) =>
          !sale || !sale.lines.length ? (
            <>
              <p data-testid="empty-cart">{i18n.t('emptyCart')}</p>
              <a className="button" href={href(ctx.lang, '/')}>
                {i18n.t('continueShopping')}
              </a>
            </>
          ) : (
            <>
              <table className="lines">
                <thead>
                  <tr>
                    <th>{i18n.t('product')}</th>
                    <th className="num unit">{i18n.t('unitPrice')}</th>
                    <th>{i18n.t('quantity')}</th>
                    <th className="num">{i18n.t('amount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {sale.lines.map((line) => (
                    <tr key={line.id} data-line={line.product?.code ?? line.id}>
                      <td>
                        {line.product ? (
                          <a href={href(ctx.lang, `/product/${line.product.id}`)}>{line.product.name}</a>
                        ) : null}
                      </td>
                      <td className="num unit">{i18n.money(line.unitPrice)}</td>
                      <td>
                        <form method="post" action={href(ctx.lang, `/cart/line/${line.id}`)}>
                          <input
                            type="number"
                            name="quantity"
                            aria-label={i18n.t('quantity')}
                            defaultValue={i18n.quantity(line.quantity).replace(/\s/g, '')}
                            min="0"
                            max="999"
                            step="1"
                          />
                          <button type="submit" className="button" name="action" value="update">
                            {i18n.t('update')}
                          </button>
                          <button type="submit" className="button" name="action" value="remove">
                            {i18n.t('remove')}
                          </button>
                        </form>
                      </td>
                      <td className="num" data-amount={line.amount ?? ''}>
                        {i18n.money(line.amount)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Totals ctx={ctx} sale={sale} />
              <div className="actions">
                <a className="button" href={href(ctx.lang, '/')}>
                  {i18n.t('continueShopping')}
                </a>
                <a className="button primary" href={href(ctx.lang, '/checkout')}>
                  {i18n.t('checkout')}
                </a>
              </div>
            </>
          )
        }
      </Await>
    </Layout>
  );
}
