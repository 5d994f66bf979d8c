import { extend, many2one } from 'nest-tryton';
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
