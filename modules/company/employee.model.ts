import { boolean, computed, date, many2one, Model, one2many, PlainDate } from 'nest-tryton';
import type { Env } from 'nest-tryton';

/** A party working for a company, between two optional dates (Tryton's company.employee). */
export class Employee extends Model {
  static override __name__ = 'company.employee';
  static override _recNameDepends = ['party.name', 'party.code'];
  static override description = 'Employee';
  static override _recName: string | null = null;
  static override fields = {
    party: many2one('party.party', {
      string: 'Party',
      required: true,
      select: true,
      help: 'The party which represents the employee.',
    }),
    company: many2one('company.company', {
      string: 'Company',
      required: true,
      select: true,
      help: 'The company to which the employee belongs.',
    }),
    // Tryton: active while today is within [start_date, end_date]; searchable as such.
    active: computed(
      boolean({ string: 'Active' }),
      async (env, ids) => {
        const today = PlainDate.today().toString();
        const rows = await env.tx.query(
          `SELECT "id", (COALESCE("start_date", '-infinity') <= $2::date AND COALESCE("end_date", 'infinity') >= $2::date) AS "active"
           FROM "company_employee" WHERE "id" = ANY($1)`,
          [ids, today],
        );
        return new Map(rows.map((r) => [r.id as number, r.active as boolean]));
      },
      {
        depends: ['start_date', 'end_date'],
        searcher: (_env, _name, operator, value) => activeDomain(operator, value),
      },
    ),
    start_date: date({ string: 'Start Date', help: 'When the employee joins the company.' }),
    end_date: date({ string: 'End Date', help: 'When the employee leaves the company.' }),
    supervisor: many2one('company.employee', {
      string: 'Supervisor',
      help: 'The employee who oversees this employee.',
    }),
    subordinates: one2many('company.employee', 'supervisor', {
      string: 'Subordinates',
      help: 'The employees to be overseen by this employee.',
    }),
  };

  /** An employee is named by its party. */
  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const rows = await env.tx.query(
      `SELECT "e"."id", "p"."name", "p"."code" FROM "company_employee" AS "e" JOIN "party_party" AS "p" ON "p"."id" = "e"."party"
       WHERE "e"."id" = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id as number, (r.name as string) || `[${r.code as string}]`]));
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    return [['party.rec_name', operator, value]];
  }

  static override _order: [string, string][] = [['party.name', 'ASC']];
}

/** `active = true`: started (or no start) and not ended (or no end), today. */
function activeDomain(operator: string, value: unknown) {
  const today = PlainDate.today();
  const active = [
    ['OR', ['start_date', '=', null], ['start_date', '<=', today.toString()]],
    ['OR', ['end_date', '=', null], ['end_date', '>=', today.toString()]],
  ];
  const wanted = operator === '=' ? !!value : operator === '!=' ? !value : true;
  return wanted ? active : ['OR', ['start_date', '>', today.toString()], ['end_date', '<', today.toString()]];
}
