import { Field, Getter, Searcher, Setter } from './field';

export interface ComputedOptions {
  /**
   * Tryton's `depends`: every field path of this model the getter reads (`'street'`, `'party.name'`,
   * `'lines.amount'`, `'rec_name'` of a relation...). Required: a caller who may not read one of them
   * does not get the value (left out when a field or model is denied, null when a record rule hides
   * a record on the way). An empty list says the value is made of nothing stored (e.g. the context).
   */
  depends: readonly string[];
  searcher?: Searcher;
  setter?: Setter;
  orderBy?: string;
  orderSql?: (alias: string) => string;
}

/**
 * Makes any field computed (Tryton's fields.Function): a batch getter, what it reads (`depends`), and
 * optionally a searcher, a setter and a sort path.
 */
export function computed<F extends Field>(field: F, getter: Getter, options: ComputedOptions): F {
  Object.assign(field.options, { getter, ...options, depends: [...options.depends] });
  return field;
}
