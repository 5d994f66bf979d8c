import { Await, Prices, Skeleton } from '../components';
import { IMAGE_SIZES, imageUrl } from '../images';
import { Layout } from '../layout';
import { href, settle, type PageContext } from '../page-context';
import type { Preload } from '../render';
import type { ShopApi } from '../shop-api';

/** A product: its picture (preloaded, known from the id alone), then its name, prices and the cart form. */
export function productPage(ctx: PageContext, api: ShopApi, preloads: Preload[], id: number) {
  const product = settle(api.product(ctx.lang, id));
  const [width, height] = IMAGE_SIZES.product;
  const { i18n } = ctx;
  return (
    <Layout ctx={ctx} title={i18n.t('product')} preloads={preloads}>
      <div className="product">
        <div className="picture">
          <img src={imageUrl('product', id)} alt="" width={width} height={height} />
        </div>
        <Await
          ctx={ctx}
          promise={product}
          fallback={
            <div>
              <Skeleton width="70%" height="2.3rem" />
              <Skeleton width="30%" height="1rem" />
              <Skeleton width="50%" height="3rem" />
            </div>
          }
        >
          {(p) =>
            !p ? (
              <div>
                <h1>{i18n.t('productNotFound')}</h1>
                <a href={href(ctx.lang, '/')}>{i18n.t('backHome')}</a>
              </div>
            ) : (
              <div data-product={p.code}>
                <h1>{p.name}</h1>
                <p className="code">{p.code}</p>
                <Prices ctx={ctx} product={p} big />
                {p.description && <p>{p.description}</p>}
                <form method="post" action={href(ctx.lang, '/cart/add')}>
                  <input type="hidden" name="product" value={p.id} />
                  <label>
                    {i18n.t('quantity')}
                    <input
                      type="number"
                      name="quantity"
                      defaultValue="1"
                      min="1"
                      max="999"
                      step="1"
                      required
                    />
                  </label>
                  <button type="submit" className="button primary">
                    {i18n.t('addToCart')}
                  </button>
                </form>
                {p.categories.length > 0 && (
                  <ul className="chips" style={{ marginTop: 24 }}>
                    {p.categories.map((c) => (
                      <li key={c.id}>
                        <a href={href(ctx.lang, `/category/${c.id}`)}>{c.name}</a>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )
          }
        </Await>
      </div>
    </Layout>
  );
}
