import { char, many2many, many2one } from '../fields';
import { Model } from '../pool/model';

export class Group extends Model {
  static override __name__ = 'res.group';
  static override description = 'Group';
  static override _order: [string, string][] = [['name', 'ASC']];
  static override _parent = 'parent';
  static override _constraints = [
    { name: 'name_uniq', columns: ['name'], message: 'The name of the group must be unique.' },
  ];
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true }),
    parent: many2one('res.group', {
      string: 'Parent',
      help: 'The group inherits the access rights of its parent',
    }),
    users: many2many('res.user-res.group', 'group', 'user', 'res.user', { string: 'Users' }),
  };
}
