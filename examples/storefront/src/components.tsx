import { Suspense, use, type ReactNode } from 'react';
import { imageUrl, IMAGE_SIZES } from './images';
import { href, type PageContext, type Result } from './page-context';
import type { Page, ProductView, SaleView } from './shop-api';

function Settled<T>(props: {
  promise: Promise<Result<T>>;
  ctx: PageContext;
  children: (value: T) => ReactNode;
}) {
  const result = use(props.promise);
  if (!result.ok) return <p className="notice">{props.ctx.i18n.t('unavailable')}</p>;
  return <>{props.children(result.value)}</>;
}

/** A part of the page that waits for the API: its fallback goes out with the frame. */
export function Await<T>(props: {
  promise: Promise<Result<T>>;
  ctx: PageContext;
  fallback: ReactNode;
  children: (value: T) => ReactNode;
}) {
  return (
    <Suspense fallback={props.fallback}>
      <Settled promise={props.promise} ctx={props.ctx}>
        {props.children}
      </Settled>
    </Suspense>
  );
}

export function Skeleton(props: { width?: string; height?: string; className?: string }) {
  return (
    <div
      className={`skeleton ${props.className ?? ''}`}
      style={{ width: props.width ?? '100%', height: props.height }}
      aria-hidden="true"
    />
  );
}

export function GridSkeleton(props: { count: number }) {
  return (
    <ul className="grid" aria-busy="true">
      {Array.from({ length: props.count }, (_, i) => (
        <li key={i}>
          <Skeleton className="skeleton-card" />
        </li>
      ))}
    </ul>
  );
}

export function Prices(props: { ctx: PageContext; product: ProductView; big?: boolean }) {
  const { i18n } = props.ctx;
  const { product } = props;
  return (
    <div className={props.big ? 'prices' : undefined}>
      <div className="price" data-price-taxed={product.priceTaxed ?? ''}>
        {i18n.money(product.priceTaxed)} <small>{i18n.t('priceTaxed')}</small>
      </div>
      <div className="untaxed" data-price={product.price ?? ''}>
        {i18n.money(product.price)} {i18n.t('priceUntaxed')}
        {product.unit ? ` · ${i18n.t('perUnit', { unit: product.unit })}` : ''}
      </div>
    </div>
  );
}

export function ProductCard(props: { ctx: PageContext; product: ProductView; eager?: boolean }) {
  const { ctx, product } = props;
  const [width, height] = IMAGE_SIZES.product;
  return (
    <li className="card" data-product={product.code}>
      <a href={href(ctx.lang, `/product/${product.id}`)}>
        <img
          src={imageUrl('product', product.id)}
          alt=""
          width={width}
          height={height}
          loading={props.eager ? 'eager' : 'lazy'}
        />
        <div className="body">
          <h3>{product.name}</h3>
          <Prices ctx={ctx} product={product} />
        </div>
      </a>
    </li>
  );
}

export function ProductGrid(props: { ctx: PageContext; page: Page<ProductView> }) {
  const { ctx, page } = props;
  if (!page.items.length) return <p>{ctx.i18n.t('noProducts')}</p>;
  return (
    <ul className="grid">
      {page.items.map((p, i) => (
        <ProductCard key={p.id} ctx={ctx} product={p} eager={i < 4} />
      ))}
    </ul>
  );
}

/** Previous / next links; the page count when the server counted the matches. */
export function Pager(props: { ctx: PageContext; page: Page<ProductView>; base: string }) {
  const { ctx, page, base } = props;
  const number = Math.floor(page.offset / page.limit) + 1;
  const pages = page.total === null ? null : Math.max(1, Math.ceil(page.total / page.limit));
  const hasNext = pages === null ? page.items.length === page.limit : number < pages;
  const link = (n: number) => href(ctx.lang, `${base}${n > 1 ? `?page=${n}` : ''}`);
  if (number === 1 && !hasNext) return null;
  return (
    <nav className="pager" aria-label="pages">
      {number > 1 ? (
        <a href={link(number - 1)} rel="prev">
          ← {ctx.i18n.t('previous')}
        </a>
      ) : (
        <span className="disabled" />
      )}
      <span>{pages === null ? number : ctx.i18n.t('pageOf', { page: number, pages })}</span>
      {hasNext ? (
        <a href={link(number + 1)} rel="next">
          {ctx.i18n.t('next')} →
        </a>
      ) : (
        <span className="disabled" />
      )}
    </nav>
  );
}

export function Totals(props: { ctx: PageContext; sale: SaleView }) {
  const { i18n } = props.ctx;
  const { sale } = props;
  return (
    <div className="totals">
      <div>
        <span>{i18n.t('untaxed')}</span>
        <span data-total="untaxed">{i18n.money(sale.untaxed)}</span>
      </div>
      <div>
        <span>{i18n.t('tax')}</span>
        <span data-total="tax">{i18n.money(sale.tax)}</span>
      </div>
      <div className="grand">
        <span>{i18n.t('total')}</span>
        <span data-total="total">{i18n.money(sale.total)}</span>
      </div>
    </div>
  );
}
