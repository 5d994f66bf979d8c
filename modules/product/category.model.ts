import { char, Eval, many2many, many2one, Model, one2many, Or, OrderSpec, Values } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import type { ProductConfigurationModel } from './configuration.model';
import { codeReadonly, codesFromSequence } from './sequence-codes';
import { treeRecNames, treeSearchRecName } from '../tree';

export class ProductCategory extends Model {
  static override __name__ = 'product.category';
  static override _recNameDepends = ['name', 'parent.rec_name'];
  static override description = 'Product Category';
  static override _order: OrderSpec = [['name', 'ASC']];
  static override _parent = 'parent';
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true }),
    code: char({ string: 'Code', select: true, states: { readonly: Eval('code_readonly', false) } }),
    code_readonly: codeReadonly('category_sequence'),
    parent: many2one('product.category', {
      string: 'Parent',
      select: true,
      // account_product's rule (not mirrored): its fields are null here, so the parent stays optional.
      states: { required: Or(false, Or(Eval('account_parent', false), Eval('taxes_parent', false))) },
    }),
    childs: one2many('product.category', 'parent', { string: 'Children' }),
    templates: many2many('product.template-product.category', 'category', 'template', 'product.template', {
      string: 'Products',
    }),
  };

  /** Without a code, a category takes the next number of the configured category sequence. */
  static override async create(env: Env, vlist: Values[]): Promise<number[]> {
    const { category_sequence } = await (
      env.model('product.configuration') as ProductConfigurationModel
    ).settings(env);
    return super.create(env, await codesFromSequence(env, category_sequence, vlist, 'code'));
  }

  static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    return treeRecNames(env, this, ids);
  }

  static override searchRecName(_env: Env, operator: string, value: unknown) {
    return treeSearchRecName(operator, value);
  }
}
