import { Field, Getter, Searcher, Setter } from './field';

/** Makes any field computed (Tryton's fields.Function): a batch getter, and optionally a searcher and a sort path. */
export function computed<F extends Field>(
  field: F,
  getter: Getter,
  extra: { searcher?: Searcher; setter?: Setter; orderBy?: string } = {},
): F {
  Object.assign(field.options, { getter, ...extra });
  return field;
}
