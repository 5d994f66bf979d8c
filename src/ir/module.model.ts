import { char, selection } from '../fields';
import { Model } from '../pool/model';

/** Modules installed in a database; its table marks a database initialised by `db create`. */
export class Module extends Model {
  static override __name__ = 'ir.module';
  static override description = 'Module';
  static override _constraints = [
    { name: 'name_unique', columns: ['name'], message: 'The name of the module must be unique.' },
  ];
  static override fields = {
    name: char({ string: 'Name', required: true }),
    state: selection(
      [
        ['not activated', 'Not Activated'],
        ['activated', 'Activated'],
      ],
      { string: 'State', default: 'activated' },
    ),
  };
}
