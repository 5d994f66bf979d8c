import { char, Model, one2many, OrderSpec } from 'nest-tryton';

export class UomCategory extends Model {
  static override __name__ = 'product.uom.category';
  static override description = 'Unit of Measure Category';
  static override _order: OrderSpec = [['name', 'ASC']];
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true }),
    uoms: one2many('product.uom', 'category', { string: 'Units of Measure' }),
  };
}
