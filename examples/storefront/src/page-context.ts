import type { I18n, Lang } from './i18n';
import type { RenderMode } from './render';
import type { Category, ShopInfo } from './shop-api';

/** What a request's answer settles to: pages render failures themselves (never a stuck fallback). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export function settle<T>(promise: Promise<T>): Promise<Result<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => {
      console.error('storefront: API call failed:', error instanceof Error ? error.message : error);
      return { ok: false as const, error: error instanceof Error ? error.message : String(error) };
    },
  );
}

/** One request's page: the visitor's language and messages, the shop, the render mode. */
export interface PageContext {
  lang: Lang;
  i18n: I18n;
  shop: ShopInfo;
  mode: RenderMode;
  /** The request path without the language prefix (for the language switch): `/product/3`. */
  path: string;
  /** The request's query string, `?page=2` or ''. */
  search: string;
  css: string;
  categories: Promise<Result<Category[]>>;
  /** Number of lines in the visitor's cart. */
  cartCount: Promise<Result<number>>;
}

export const href = (lang: Lang, path: string) => `/${lang}${path === '/' ? '/' : path}`;
