import { Layout } from '../layout';
import { href, type PageContext } from '../page-context';

export function notFoundPage(ctx: PageContext, message?: string) {
  return (
    <Layout ctx={ctx} title={ctx.i18n.t('notFound')} preloads={[]}>
      <h1>{message ?? ctx.i18n.t('notFound')}</h1>
      <a className="button" href={href(ctx.lang, '/')}>
        {ctx.i18n.t('backHome')}
      </a>
    </Layout>
  );
}
