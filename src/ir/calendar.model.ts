import { char, integer } from '../fields';
import type { Env } from '../pool/env';
import { Model, OrderSpec } from '../pool/model';
import { loadRecord } from './model-data.model';

/** Tryton's ir.calendar.day: the days of the week, Monday (index 0) to Sunday (6). */
export class CalendarDay extends Model {
  static override __name__ = 'ir.calendar.day';
  static override description = 'Day';
  static override _order: OrderSpec = [['index', 'ASC']];
  static override _constraints = [
    { name: 'index_unique', columns: ['index'], message: 'The index of a day must be unique.' },
  ];
  static override fields = {
    name: char({ string: 'Name', required: true, translate: true }),
    abbreviation: char({ string: 'Abbreviation', required: true, translate: true }),
    index: integer({ string: 'Index', required: true }),
  };
}

const DAYS: [string, string, string, string][] = [
  ['Monday', 'Mon', 'Lundi', 'Lun'],
  ['Tuesday', 'Tue', 'Mardi', 'Mar'],
  ['Wednesday', 'Wed', 'Mercredi', 'Mer'],
  ['Thursday', 'Thu', 'Jeudi', 'Jeu'],
  ['Friday', 'Fri', 'Vendredi', 'Ven'],
  ['Saturday', 'Sat', 'Samedi', 'Sam'],
  ['Sunday', 'Sun', 'Dimanche', 'Dim'],
];

/** The seven days, with Tryton's XML ids (`ir.Monday`, ...). */
export async function loadCalendarDays(env: Env): Promise<void> {
  for (const [index, [name, abbreviation, fr, frAbbreviation]] of DAYS.entries()) {
    await loadRecord(
      env,
      'ir',
      name,
      'ir.calendar.day',
      { index, name, abbreviation },
      { translations: { fr: { name: fr, abbreviation: frAbbreviation } } },
    );
  }
}
