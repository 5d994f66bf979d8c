import type { Field } from '../fields/field';
import { Decimal, PlainDate, PlainDateTime, PlainTime } from '../fields/values';
import { BadRequestError } from '../pool/errors';
import { invalidInteger } from './errors';
import { parsePyFloat, parsePyInt, pyRepr } from './python-text';

/** Field types whose values are record ids or integers (parsed with Python's `int()`). */
export const INTEGER_TYPES = new Set(['integer', 'many2one', 'one2many', 'many2many']);
/** Field types `startswith` and `contains` apply to (pyDAL: string-like columns). */
export const TEXT_TYPES = new Set(['char', 'text', 'selection']);

/**
 * A filter value (always text in a query string) converted for the field it is compared with, as
 * pyDAL's type representation does, but strictly: a value that does not parse is a 400, never a
 * silent non-match or a database error.
 */
export function parseFilterValue(field: Field, text: string): unknown {
  const type = field.type;
  if (TEXT_TYPES.has(type)) return text;
  if (INTEGER_TYPES.has(type)) {
    const value = parsePyInt(text);
    if (value === null) throw invalidInteger(text);
    return value;
  }
  switch (type) {
    case 'float':
    case 'timedelta': {
      const value = parsePyFloat(text);
      if (value === null) throw new BadRequestError(`could not convert string to float: ${pyRepr(text)}`);
      return value;
    }
    case 'numeric': {
      const value = parsePyFloat(text);
      if (value === null) throw new BadRequestError(`could not convert string to decimal: ${pyRepr(text)}`);
      return new Decimal(text.trim().replace(/_/g, ''));
    }
    case 'boolean':
      // pyDAL's boolean representation: true unless empty or starting with F, f or 0.
      return text !== '' && !'Ff0'.includes(text[0]);
    case 'date':
      return parsed(PlainDate.parse(text.trim()), 'date', text);
    case 'datetime':
      return parsed(PlainDateTime.parse(text.trim()), 'datetime', text);
    case 'time':
      return parsed(PlainTime.parse(text.trim()), 'time', text);
    default:
      throw new BadRequestError(`Field ${pyRepr(field.name)} of type ${type} cannot be filtered`);
  }
}

function parsed<T>(value: T | null, kind: string, text: string): T {
  if (value === null) throw new BadRequestError(`invalid ${kind}: ${pyRepr(text)}`);
  return value;
}
