import { boolean, char, Model, numeric, one2many } from 'nest-tryton';
import type { OrderSpec } from 'nest-tryton';

/** A loyalty program: how many points a unit of currency spent earns. */
export class LoyaltyProgram extends Model {
  static override __name__ = 'loyalty.program';
  static override description = 'Loyalty Program';
  static override _order: OrderSpec = [['name', 'ASC']];
  static override _constraints = [
    { name: 'name_unique', columns: ['name'], message: 'The name of the loyalty program must be unique.' },
  ];
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true }),
    rate: numeric({ string: 'Points per Unit', digits: [16, 4], required: true, default: '1' }),
    cards: one2many('loyalty.card', 'program', { string: 'Cards' }),
    active: boolean({ string: 'Active', default: true }),
  };
}
