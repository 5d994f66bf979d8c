import { boolean, char, computed, integer, many2one, Model, ModelClass, OrderSpec, text } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { isNegative } from '../rec-name';
import { partyErrors } from './exceptions';

type Nested = { name?: string | null } | null;

/** The lines of an address, as Tryton's default format prints them. */
async function addressLines(env: Env, model: ModelClass, ids: number[]): Promise<Map<number, string[]>> {
  const records = await model.read(env.withoutChecks(), ids, [
    'party_name',
    'name',
    'street',
    'postal_code',
    'city',
    'party.name',
    'country.name',
    'subdivision.name',
  ]);
  const result = new Map<number, string[]>();
  for (const r of records) {
    const party = (r.party as Nested)?.name;
    const lines = [
      (r.party_name as string | null) || party,
      r.name as string | null,
      ...((r.street as string | null) ?? '').split('\n'),
      [r.postal_code, r.city].filter(Boolean).join(' '),
      (r.subdivision as Nested)?.name,
      (r.country as Nested)?.name,
    ];
    result.set(
      r.id,
      lines.filter((l): l is string => !!l && !!l.trim()),
    );
  }
  return result;
}

export class Address extends Model {
  static override __name__ = 'party.address';
  static override description = 'Address';
  static override _recName: string | null = null;
  static override _order: OrderSpec = [['sequence', 'ASC NULLS FIRST']];
  static override fields = {
    party: many2one('party.party', { string: 'Party', required: true, ondelete: 'CASCADE', select: true }),
    party_name: char({
      string: 'Party Name',
      help: 'If filled, replace the name of the party for address formatting',
    }),
    name: char({ string: 'Building Name' }),
    street: text({ string: 'Street' }),
    postal_code: char({ string: 'Postal Code' }),
    city: char({ string: 'City' }),
    country: many2one('country.country', { string: 'Country' }),
    subdivision: many2one('country.subdivision', { string: 'Subdivision' }),
    sequence: integer({ string: 'Sequence' }),
    active: boolean({ string: 'Active', default: true }),
    full_address: computed(text({ string: 'Full Address' }), async (env, ids, _name, model) => {
      const lines = await addressLines(env, model, ids);
      return new Map([...lines].map(([id, l]) => [id, l.join('\n')]));
    }),
  };

  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    const lines = await addressLines(env, this, ids);
    return new Map([...lines].map(([id, l]) => [id, l.join(', ')]));
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    return [
      isNegative(operator) ? 'AND' : 'OR',
      ['party_name', operator, value],
      ['name', operator, value],
      ['street', operator, value],
      ['postal_code', operator, value],
      ['city', operator, value],
    ];
  }

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      `SELECT "s"."name" FROM "party_address" AS "a" JOIN "country_subdivision" AS "s" ON "s"."id" = "a"."subdivision"
       WHERE "a"."id" = ANY($1) AND "s"."country" IS DISTINCT FROM "a"."country" LIMIT 1`,
      [ids],
    );
    if (rows.length) partyErrors.raise('address_subdivision', { subdivision: rows[0].name });
  }
}
