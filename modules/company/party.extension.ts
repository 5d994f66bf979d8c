import { computed, extend, integer, many2one } from 'nest-tryton';
import type { CompanyModel } from './company.model';

const companyField = () =>
  many2one('company.company', { string: 'Company', ondelete: 'CASCADE', select: true });

/** Party values become per company (Tryton's CompanyValueMixin on these value models). */
export const partyValueExtensions = [
  'party.party.lang',
  'party.contact_mechanism.language',
  'party.configuration.party_lang',
].map((target) =>
  extend(
    target,
    (Base) =>
      class extends Base {
        static override fields = { company: companyField() };
      },
  ),
);

/** A party's distance to the user: 0 for the party of the user's current employee (Tryton's get_distance). */
export const partyExtension = extend(
  'party.party',
  (Base) =>
    class extends Base {
      static override fields = {
        distance: computed(
          integer({ string: 'Distance' }),
          async (env, ids) => {
            const employee = await (env.model('company.company') as CompanyModel).currentEmployee(env);
            const rows = employee
              ? await env.tx.query('SELECT "party" FROM "company_employee" WHERE "id" = $1', [employee])
              : [];
            const own = rows[0]?.party as number | undefined;
            return new Map(ids.map((id) => [id, id === own ? 0 : null]));
          },
          { depends: [] },
        ),
      };
    },
);
