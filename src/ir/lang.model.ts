import { boolean, char, selection } from '../fields';
import { Model } from '../pool/model';

export class Lang extends Model {
  static override __name__ = 'ir.lang';
  static override description = 'Language';
  static override _order: [string, string][] = [['name', 'ASC']];
  static override _constraints = [
    { name: 'code_unique', columns: ['code'], message: 'The code of a language must be unique.' },
  ];
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true }),
    code: char({ string: 'Code', required: true, help: 'RFC 4646 tag with underscore: en, fr, fr_BE' }),
    active: boolean({ string: 'Active', default: true }),
    translatable: boolean({ string: 'Translatable', default: false }),
    parent: char({ string: 'Parent Code', help: 'Code of the language to fall back to' }),
    direction: selection(
      [
        ['ltr', 'Left-to-right'],
        ['rtl', 'Right-to-left'],
      ],
      { string: 'Direction', required: true, default: 'ltr' },
    ),
  };
}
