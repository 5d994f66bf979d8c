import { boolean, char, many2one, Model, one2many, OrderSpec } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { treeRecNames, treeSearchRecName } from '../tree';
import { partyErrors } from './exceptions';

export class PartyCategory extends Model {
  static override __name__ = 'party.category';
  static override _recNameDepends = ['name', 'parent.rec_name'];
  static override description = 'Category';
  static override _order: OrderSpec = [['name', 'ASC']];
  static override _parent = 'parent';
  static override fields = {
    name: char({
      string: 'Name',
      required: true,
      translate: true,
      help: 'The main identifier of the category.',
    }),
    parent: many2one('party.category', {
      string: 'Parent',
      select: true,
      help: 'Add the category below the parent.',
    }),
    childs: one2many('party.category', 'parent', { string: 'Children' }),
    active: boolean({ string: 'Active', default: true }),
  };

  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    return treeRecNames(env, this, ids);
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    return treeSearchRecName(operator, value);
  }

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      `SELECT "c"."name" FROM "party_category" AS "c" JOIN "party_category" AS "o"
       ON "o"."name" = "c"."name" AND "o"."parent" IS NOT DISTINCT FROM "c"."parent" AND "o"."id" <> "c"."id"
       WHERE "c"."id" = ANY($1) LIMIT 1`,
      [ids],
    );
    if (rows.length) partyErrors.raise('category_name_unique', { name: rows[0].name });
  }
}
