import { extend, many2one } from 'nest-tryton';

/** Sequences may belong to a company (Tryton's ir.sequence.company). */
export const sequenceExtension = extend(
  'ir.sequence',
  (Base) =>
    class extends Base {
      static override fields = {
        company: many2one('company.company', {
          string: 'Company',
          help: 'Restricts the sequence usage to the company.',
        }),
      };
    },
);
