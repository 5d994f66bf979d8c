import { Await, GridSkeleton, ProductGrid, Skeleton } from '../components';
import { IMAGE_SIZES, imageUrl } from '../images';
import { Layout } from '../layout';
import { href, settle, type PageContext } from '../page-context';
import type { Preload } from '../render';
import type { ShopApi } from '../shop-api';

export const FEATURED = 8;

/** Home: the hero (the largest image, preloaded), the shop's categories, a few products. */
export function homePage(ctx: PageContext, api: ShopApi, preloads: Preload[]) {
  const featured = settle(api.products(ctx.lang, { offset: 0, limit: FEATURED }));
  const [width, height] = IMAGE_SIZES.hero;
  const { i18n } = ctx;
  return (
    <Layout ctx={ctx} title={i18n.t('home')} preloads={preloads}>
      <section className="hero">
        <img src={imageUrl('hero')} alt="" width={width} height={height} />
        <div className="text">
          <h1>{i18n.t('heroTitle')}</h1>
          <p>{i18n.t('heroText')}</p>
        </div>
      </section>
      <h2>{i18n.t('categories')}</h2>
      <Await ctx={ctx} promise={ctx.categories} fallback={<Skeleton height="38px" />}>
        {(categories) => (
          <ul className="chips" data-testid="categories">
            {categories.map((c) => (
              <li key={c.id}>
                <a href={href(ctx.lang, `/category/${c.id}`)}>{c.name}</a>
              </li>
            ))}
          </ul>
        )}
      </Await>
      <h2>{i18n.t('featured')}</h2>
      <Await ctx={ctx} promise={featured} fallback={<GridSkeleton count={FEATURED} />}>
        {(page) => <ProductGrid ctx={ctx} page={page} />}
      </Await>
    </Layout>
  );
}
