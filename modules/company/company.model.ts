import { binary, many2one, Model, one2many, OrderSpec, ROOT_USER, selection, text } from 'nest-tryton';
import type { Env, Values } from 'nest-tryton';
import { companyErrors } from './exceptions';
import { fitSize, LOGO_SIZE_MAX, pngSize } from './logo';
import { TIMEZONES } from './timezones';

export class Company extends Model {
  static override __name__ = 'company.company';
  static override description = 'Company';
  static override _recName: string | null = null;
  static override _recNameDepends = ['party.name', 'party.code'];
  static override _order: OrderSpec = [['party.name', 'ASC']];
  static override fields = {
    party: many2one('party.party', { string: 'Party', required: true, ondelete: 'CASCADE', select: true }),
    currency: many2one('currency.currency', { string: 'Currency', required: true }),
    timezone: selection(TIMEZONES, { string: 'Timezone', sortByLabel: true }),
    employees: one2many('company.employee', 'company', { string: 'Employees' }),
    header: text({ string: 'Header', help: 'The text to display on report headers.' }),
    footer: text({ string: 'Footer', help: 'The text to display on report footers.' }),
    logo: binary({ string: 'Logo', help: 'The image to display on reports.' }),
    logo_cache: one2many('company.company.logo.cache', 'company', { string: 'Cache', readonly: true }),
  };

  /** Tryton's write: a company's logo sizes are made again from its new values. */
  static override async write(env: Env, ids: number[], values: Values): Promise<void> {
    await super.write(env, ids, values);
    if ('logo' in values) {
      await env.tx.query('DELETE FROM "company_company_logo_cache" WHERE "company" = ANY($1)', [ids]);
      env.touched.add('company.company.logo.cache');
    }
  }

  /**
   * The logo to show within width × height pixels (Tryton's get_logo): from the cache when a size fits
   * (the width or the height reached, the other within), else sized now and cached. The image is the
   * logo as stored (no image library here: the size is what the report displays it at).
   */
  static async getLogo(
    env: Env,
    id: number,
    width: number,
    height: number,
  ): Promise<{ image: Buffer; mimetype: string; width: number; height: number }> {
    const [w, h] = [Math.round(width), Math.round(height)];
    if (![w, h].every((s) => s > 0 && s <= LOGO_SIZE_MAX)) {
      companyErrors.raise('logo_size', { width: String(w), height: String(h), max: String(LOGO_SIZE_MAX) });
    }
    const root = env.withoutChecks();
    const [company] = await this.read(root, [id], ['logo', 'rec_name']);
    const logo = company?.logo as Buffer | null | undefined;
    if (!logo) companyErrors.raise('no_logo', { company: String(company?.rec_name ?? id) });
    const Cache = env.model('company.company.logo.cache');
    const cached = await Cache.read(root, await Cache.search(root, [['company', '=', id]]), [
      'image',
      'width',
      'height',
    ]);
    const hit = cached.find(
      (c) =>
        ((c.width as number) === w && (c.height as number) <= h) ||
        ((c.width as number) <= w && (c.height as number) === h),
    );
    const mimetype = pngSize(logo!) ? 'image/png' : 'application/octet-stream';
    if (hit)
      return {
        image: hit.image as Buffer,
        mimetype,
        width: hit.width as number,
        height: hit.height as number,
      };
    const size = fitSize(logo!, w, h);
    // A read-only request (a report served on GET) shows the logo without caching it, as Tryton's
    // get_logo goes on when storing the cache fails.
    if (!env.tx.readOnly && !cached.some((c) => c.width === size.width && c.height === size.height)) {
      await Cache.create(root, [{ company: id, image: logo, ...size }]);
    }
    return { image: logo!, mimetype, ...size };
  }

  /** A company is named by its party. */
  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const rows = await env.tx.query(
      `SELECT "c"."id", "p"."name", "p"."code" FROM "company_company" AS "c" JOIN "party_party" AS "p" ON "p"."id" = "c"."party"
       WHERE "c"."id" = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id as number, (r.name as string) || `[${r.code as string}]`]));
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    return [['party.rec_name', operator, value]];
  }

  /**
   * The company a request works for: the context's `company` (Tryton's client sends it from the user's
   * preferences), else the user's current company.
   */
  static async current(env: Env): Promise<number | null> {
    const fromContext = env.context.company;
    if (typeof fromContext === 'number' && Number.isInteger(fromContext) && fromContext > 0)
      return fromContext;
    if (env.user === ROOT_USER) return null;
    const rows = await env.tx.query('SELECT "company" FROM "res_user" WHERE "id" = $1', [env.user]);
    return (rows[0]?.company as number | null) ?? null;
  }

  /** The employee a request acts as: the context's `employee`, else the user's current employee. */
  static async currentEmployee(env: Env): Promise<number | null> {
    const fromContext = env.context.employee;
    if (typeof fromContext === 'number' && Number.isInteger(fromContext) && fromContext > 0)
      return fromContext;
    if (env.user === ROOT_USER) return null;
    const rows = await env.tx.query('SELECT "employee" FROM "res_user" WHERE "id" = $1', [env.user]);
    return (rows[0]?.employee as number | null) ?? null;
  }

  /** The pattern of company-dependent values (Tryton's CompanyMultiValueMixin): the request's company. */
  static async valuePattern(env: Env): Promise<{ company: number | null }> {
    return { company: await this.current(env) };
  }

  /** The currency of each company, in one query. */
  static async currencies(env: Env, ids: number[]): Promise<Map<number, number>> {
    const rows = await env.tx.query('SELECT "id", "currency" FROM "company_company" WHERE "id" = ANY($1)', [
      ids,
    ]);
    return new Map(rows.map((r) => [r.id as number, r.currency as number]));
  }
}

export type CompanyModel = typeof Company;
