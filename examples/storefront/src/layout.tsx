import { Suspense, use, type ReactNode } from 'react';
import { LANGUAGES, i18n as messagesOf } from './i18n';
import { href, type PageContext } from './page-context';
import type { Preload } from './render';

function CartCount(props: { ctx: PageContext }) {
  const result = use(props.ctx.cartCount);
  const count = result.ok ? result.value : 0;
  return count ? (
    <span className="badge" data-cart-count={count}>
      {count}
    </span>
  ) : null;
}

function CategoryNav(props: { ctx: PageContext; current?: number }) {
  const result = use(props.ctx.categories);
  if (!result.ok) return null;
  return (
    <>
      {result.value.map((c) => (
        <a
          key={c.id}
          href={href(props.ctx.lang, `/category/${c.id}`)}
          aria-current={props.current === c.id ? 'page' : undefined}
        >
          {c.name}
        </a>
      ))}
    </>
  );
}

/**
 * The whole document. Everything here but the two small Suspense boundaries (the category links
 * and the cart count) is known without the API, so it is the shell that leaves first.
 */
export function Layout(props: {
  ctx: PageContext;
  title: string;
  preloads: Preload[];
  currentCategory?: number;
  children: ReactNode;
}) {
  const { ctx } = props;
  const { i18n } = ctx;
  const other = ctx.mode === 'stream' ? 'buffer' : 'stream';
  const query = new URLSearchParams(ctx.search);
  query.set('render', other);
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${ctx.shop.name}`}</title>
        <link rel="preload" href={ctx.css} as="style" />
        {props.preloads
          .filter((p) => p.as === 'image')
          .map((p) => (
            <link key={p.href} rel="preload" href={p.href} as="image" fetchPriority="high" />
          ))}
        <link rel="stylesheet" href={ctx.css} />
        {LANGUAGES.filter((l) => l !== ctx.lang).map((l) => (
          <link key={l} rel="alternate" hrefLang={l} href={href(l, ctx.path)} />
        ))}
      </head>
      <body>
        <header className="top">
          <div className="wrap">
            <a className="brand" href={href(ctx.lang, '/')}>
              {ctx.shop.name}
            </a>
            <nav className="main" aria-label={i18n.t('categories')}>
              <Suspense fallback={null}>
                <CategoryNav ctx={ctx} current={props.currentCategory} />
              </Suspense>
            </nav>
            <div className="tools">
              <span className="lang">
                {LANGUAGES.map((l) => (
                  <a
                    key={l}
                    href={`${href(l, ctx.path)}${ctx.search}`}
                    hrefLang={l}
                    lang={l}
                    aria-current={l === ctx.lang ? 'true' : undefined}
                    title={messagesOf(l, ctx.shop.currency.code).t('languageName')}
                  >
                    {l.toUpperCase()}
                  </a>
                ))}
              </span>
              <a className="cart-link" href={href(ctx.lang, '/cart')}>
                {i18n.t('cart')}
                <Suspense fallback={null}>
                  <CartCount ctx={ctx} />
                </Suspense>
              </a>
            </div>
          </div>
        </header>
        <main className="wrap">{props.children}</main>
        <footer className="bottom">
          <div className="wrap">
            <span>
              {ctx.shop.name} · {ctx.shop.currency.code}
            </span>
            <a href={`${href(ctx.lang, ctx.path)}?${query}`} rel="nofollow" data-render={ctx.mode}>
              {i18n.t(ctx.mode === 'stream' ? 'streamed' : 'buffered')} —{' '}
              {i18n.t('renderSwitch', {
                mode: i18n.t(other === 'stream' ? 'streamed' : 'buffered').toLowerCase(),
              })}
            </a>
          </div>
        </footer>
      </body>
    </html>
  );
}
