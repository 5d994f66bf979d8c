import { char, many2one, Model, one2many, OrderSpec } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { treeRecNames, treeSearchRecName } from '../tree';

export class ProductCategory extends Model {
  static override __name__ = 'product.category';
  static override description = 'Product Category';
  static override _order: OrderSpec = [['name', 'ASC']];
  static override _parent = 'parent';
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true }),
    parent: many2one('product.category', { string: 'Parent', select: true }),
    childs: one2many('product.category', 'parent', { string: 'Children' }),
  };

  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    return treeRecNames(env, this, ids);
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    return treeSearchRecName(operator, value);
  }
}
