import { Await, GridSkeleton, Pager, ProductGrid, Skeleton } from '../components';
import { IMAGE_SIZES, imageUrl } from '../images';
import { Layout } from '../layout';
import { settle, type PageContext } from '../page-context';
import type { Preload } from '../render';
import type { ShopApi } from '../shop-api';

export const PAGE_SIZE = 4;

/** A category: its banner (preloaded), its name, a page of its products with paging. */
export function categoryPage(ctx: PageContext, api: ShopApi, preloads: Preload[], id: number, page: number) {
  const category = settle(api.category(ctx.lang, id));
  const products = settle(
    api.products(ctx.lang, { category: id, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
  );
  const [width, height] = IMAGE_SIZES.category;
  const { i18n } = ctx;
  return (
    <Layout ctx={ctx} title={i18n.t('categories')} preloads={preloads} currentCategory={id}>
      <div className="banner">
        <img src={imageUrl('category', id)} alt="" width={width} height={height} />
      </div>
      <Await ctx={ctx} promise={category} fallback={<Skeleton width="40%" height="2.3rem" />}>
        {(c) => <h1>{c ? c.name : i18n.t('notFound')}</h1>}
      </Await>
      <Await ctx={ctx} promise={products} fallback={<GridSkeleton count={PAGE_SIZE} />}>
        {(result) => (
          <>
            {result.total !== null && (
              <p className="untaxed">{i18n.t('productsCount', { count: result.total })}</p>
            )}
            <ProductGrid ctx={ctx} page={result} />
            <Pager ctx={ctx} page={result} base={`/category/${id}`} />
          </>
        )}
      </Await>
    </Layout>
  );
}
