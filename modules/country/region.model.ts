import { char, many2one, Model, one2many, OrderSpec } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { treeRecNames, treeSearchRecName } from '../tree';

/** A geographic region of the UN M49 standard (World, Europe, Western Europe, ...). */
export class Region extends Model {
  static override __name__ = 'country.region';
  static override _recNameDepends = ['name', 'parent.rec_name'];
  static override description = 'Region';
  static override _order: OrderSpec = [['name', 'ASC']];
  static override _parent = 'parent';
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true }),
    code_numeric: char({ string: 'Numeric Code', size: 3, help: 'The 3 digits UN M49 code.' }),
    parent: many2one('country.region', { string: 'Parent', select: true }),
    subregions: one2many('country.region', 'parent', { string: 'Subregions' }),
    countries: one2many('country.country', 'region', { string: 'Countries' }),
  };

  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    return treeRecNames(env, this, ids);
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    return treeSearchRecName(operator, value);
  }
}
