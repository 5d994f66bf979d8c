import { Bool, Eval, extend, many2many, many2one, ModelClass, Not, selection, Values } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { companyErrors } from './exceptions';

type UserModel = ModelClass & { get_preferences(env: Env): Promise<Record<string, unknown>> };

/**
 * res.user gains the companies it works for and its current company; the current company becomes
 * the `company` of the user's context (preferences) and record rules read `user.companies`.
 */
export const userExtension = extend('res.user', (Base) => {
  const User = Base as UserModel;
  return class extends User {
    static override fields = {
      companies: many2many('res.user-company.company', 'user', 'company', 'company.company', {
        string: 'Companies',
        table: 'res_user-company_company',
      }),
      company: many2one('company.company', {
        string: 'Current Company',
        help: 'Select the company to work for.',
        states: { invisible: Not(Bool(Eval('companies', []))) },
      }),
      employees: many2many('res.user-company.employee', 'user', 'employee', 'company.employee', {
        string: 'Employees',
        help: 'Add employees to grant the user access to them.',
      }),
      employee: many2one('company.employee', {
        string: 'Current Employee',
        help: 'Select the employee to make the user behave as such.',
        states: { invisible: Not(Bool(Eval('employees', []))) },
      }),
      company_filter: selection(
        [
          ['one', 'Current'],
          ['all', 'All'],
        ],
        {
          string: 'Company Filter',
          default: 'one',
          states: { invisible: Not(Bool(Eval('companies', []))) },
          help: 'Define records of which companies are shown.',
        },
      ),
    };

    /**
     * Tryton defaults a new user's companies to the creator's company; a server has no creator's
     * session, so a user created without companies in a database with exactly one company gets it.
     */
    static override async complete(env: Env, vlist: Values[]): Promise<Values[]> {
      const completed = await super.complete(env, vlist);
      if (completed.every((v) => 'companies' in v || 'company' in v)) return completed;
      const rows = await env.tx.query('SELECT "id" FROM "company_company" ORDER BY "id" LIMIT 2');
      const company =
        typeof env.context.company === 'number' ? env.context.company : rows.length === 1 ? rows[0].id : null;
      if (!company) return completed;
      return completed.map((v) =>
        'companies' in v || 'company' in v ? v : { ...v, companies: [['add', [company]]], company },
      );
    }

    static override async validate(env: Env, ids: number[]): Promise<void> {
      await super.validate(env, ids);
      const rows = await env.tx.query(
        `SELECT "u"."login" FROM "res_user" AS "u" WHERE "u"."id" = ANY($1) AND "u"."company" IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM "res_user-company_company" AS "r" WHERE "r"."user" = "u"."id" AND "r"."company" = "u"."company")`,
        [ids],
      );
      if (rows.length) companyErrors.raise('user_company', { user: rows[0].login });
      const employees = await env.tx.query(
        `SELECT "u"."login" FROM "res_user" AS "u" WHERE "u"."id" = ANY($1) AND "u"."employee" IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM "res_user-company_employee" AS "r" WHERE "r"."user" = "u"."id" AND "r"."employee" = "u"."employee")`,
        [ids],
      );
      if (employees.length) companyErrors.raise('user_employee', { user: employees[0].login });
    }

    /** Preferences gain the current company and the companies (the context of the user's requests). */
    static override async get_preferences(env: Env): Promise<Record<string, unknown>> {
      const preferences = await super.get_preferences(env);
      const [user] = await env.tx.query(
        'SELECT "company", "employee", "company_filter" FROM "res_user" WHERE "id" = $1',
        [env.user],
      );
      const companies = await env.tx.query(
        'SELECT "company" FROM "res_user-company_company" WHERE "user" = $1 ORDER BY "company"',
        [env.user],
      );
      return {
        ...preferences,
        company: user?.company ?? null,
        companies: companies.map((r) => r.company as number),
        employee: user?.employee ?? null,
        company_filter: user?.company_filter ?? 'one',
      };
    }
  };
});
