import { Eval, extend, many2many, many2one } from 'nest-tryton';
import type { Env } from 'nest-tryton';

/** Sequences, strict ones too, may belong to a company (Tryton's company ir.Sequence). */
export const [sequenceExtension, sequenceStrictExtension] = ['ir.sequence', 'ir.sequence.strict'].map(
  (target) =>
    extend(
      target,
      (Base) =>
        class extends Base {
          static override fields = {
            company: many2one('company.company', {
              string: 'Company',
              help: 'Restricts the sequence usage to the company.',
              // Tryton's default_company: the context's
              default: (env: Env) =>
                Number.isInteger(env.context.company) ? (env.context.company as number) : null,
            }),
          };
        },
    ),
);

/**
 * Crons run per company (Tryton's company ir.Cron): once for each of their companies, with that
 * company in the context; once without when they have none. A new cron is for every company.
 */
export const cronExtension = extend(
  'ir.cron',
  (Base) =>
    class extends Base {
      static override fields = {
        companies: many2many('ir.cron-company.company', 'cron', 'company', 'company.company', {
          string: 'Companies',
          help: 'Companies registered for this cron.',
          // The deactivable rule adds `or not active`, as in Tryton.
          states: { readonly: Eval('running', false) },
          default: async (env: Env) => {
            const companies = await env.model('company.company').search(env.withoutChecks(), []);
            return companies.length ? [['add', companies]] : [];
          },
        }),
      };

      static async run_once(env: Env, ids: number[], kwargs: Record<string, unknown> = {}): Promise<void> {
        const base = Base as unknown as { run_once(env: Env, ids: number[], kwargs: unknown): Promise<void> };
        const rows = await this.read(env.withoutChecks(), ids, ['companies']);
        for (const row of rows) {
          const companies = (row.companies as number[] | null) ?? [];
          if (!companies.length) await base.run_once.call(this, env, [row.id], kwargs);
          for (const company of companies)
            await base.run_once.call(this, env.withContext({ company }), [row.id], kwargs);
        }
      }
    },
);

/** Employees are e-mailed at their party's address (Tryton's company ir.EmailTemplate). */
export const emailTemplateExtension = extend(
  'ir.email.template',
  (Base) =>
    class extends Base {
      static emailModels(): string[] {
        const base = (Base as unknown as { emailModels(): string[] }).emailModels();
        return [...base, 'company.employee'];
      }
    },
);
