import { boolean, char, integer, selection, text } from '../fields';
import { Model } from '../pool/model';

/** Tryton's kinds of translation; rows here are all of translated fields (`model`). */
const TYPES: [string, string][] = [
  ['field', 'Field'],
  ['model', 'Model'],
  ['report', 'Report'],
  ['selection', 'Selection'],
  ['view', 'View'],
  ['wizard_button', 'Wizard Button'],
  ['help', 'Help'],
];

/** Translations of translatable fields, Tryton's shape: (name 'model,field', res_id, lang, type 'model'). */
export class Translation extends Model {
  static override __name__ = 'ir.translation';
  static override description = 'Translation';
  static override _accessTranslated = 'name';
  static override _recName = 'src';
  static override _constraints = [
    {
      name: 'translation_unique',
      columns: ['name', 'res_id', 'lang', 'type'],
      message: 'A translation must be unique.',
    },
  ];
  static override fields = {
    name: char({ string: 'Field Name', required: true }),
    res_id: integer({ string: 'Resource ID', select: true }),
    lang: char({ string: 'Language', required: true }),
    type: selection(TYPES, { string: 'Type', required: true }),
    src: text({ string: 'Source' }),
    value: text({ string: 'Translation Value' }),
    module: char({ string: 'Module' }),
    fuzzy: boolean({ string: 'Fuzzy' }),
  };
}
