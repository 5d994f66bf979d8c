import { binary, many2one, Model, one2many, OrderSpec, ROOT_USER, selection, text } from 'nest-tryton';
import type { Env } from 'nest-tryton';
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
  };

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
