import type { Env } from '../pool/env';
import type { DomainInput } from '../domain/domain';
import type { ModelClass } from '../pool/model';
import type { FieldStates } from '../pyson/pyson';

export type FieldType =
  | 'char'
  | 'text'
  | 'integer'
  | 'float'
  | 'numeric'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'time'
  | 'timedelta'
  | 'selection'
  | 'multiselection'
  | 'reference'
  | 'binary'
  | 'many2one'
  | 'one2many'
  | 'many2many';

/** Batch getter of a computed field: values for every id, in one go. */
export type Getter = (
  env: Env,
  ids: number[],
  name: string,
  model: ModelClass,
) => Promise<Map<number, unknown>>;
/** Turns a clause on a computed field into a domain on stored fields. */
export type Searcher = (
  env: Env,
  name: string,
  operator: string,
  value: unknown,
  model: ModelClass,
) => DomainInput | Promise<DomainInput>;
export type Setter = (env: Env, ids: number[], name: string, value: unknown) => Promise<void>;
export type DefaultValue = unknown | ((env: Env) => unknown | Promise<unknown>);

export interface FieldOptions {
  string?: string;
  help?: string;
  required?: boolean;
  readonly?: boolean;
  default?: DefaultValue;
  /** Create an index on the column. */
  select?: boolean;
  getter?: Getter;
  searcher?: Searcher;
  setter?: Setter;
  /** For computed fields: the stored field path used to sort by this field. */
  orderBy?: string;
  /**
   * For computed fields (Tryton's `order_<field>`): the SQL sort expression over the model's own
   * columns, the row aliased `alias` (e.g. `COALESCE(write_date, create_date)`).
   */
  orderSql?: (alias: string) => string;
  /**
   * For computed fields (Tryton's `depends`): the field paths of this model the getter reads, e.g.
   * `['party.name', 'street']`. Reading the field checks the caller's access along each of them.
   * A stored field that holds a copy of other values (value_compact of value) declares them too.
   */
  depends?: readonly string[];
  /**
   * Tryton's dynamic attributes, as PYSON (`{ readonly: Not(Equal(Eval('state'), 'draft')) }`);
   * `readonly` is enforced on every API write (see storage/field-states).
   */
  states?: FieldStates;
}

export class FieldValueError extends Error {}

/** A field of a model. Concrete types live one per file beside this one. */
export abstract class Field<Opts extends FieldOptions = FieldOptions> {
  abstract readonly type: FieldType;
  /** Set when the model is composed. */
  name = '';
  modelName = '';

  constructor(readonly options: Opts) {}

  get string(): string {
    return this.options.string ?? this.name.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
  }
  get required(): boolean {
    return !!this.options.required;
  }
  get readonly(): boolean {
    return !!this.options.readonly || (!!this.options.getter && !this.options.setter);
  }
  /** The type ir.model.field shows (Tryton's ttype): the type, unless a field says otherwise. */
  get ttype(): string {
    return this.type;
  }
  get computed(): boolean {
    return !!this.options.getter;
  }
  /** Stored in a column of the model's table. */
  get stored(): boolean {
    return !this.options.getter && this.sqlType() !== null;
  }
  get translate(): boolean {
    return false;
  }
  get searchable(): boolean {
    return !this.options.getter || !!this.options.searcher;
  }
  /** Column type, or null when the field has no column (x2many). */
  abstract sqlType(): string | null;

  /** Converts a value as it comes in (already decoded from JSON) to the internal value; throws FieldValueError. */
  abstract coerce(value: unknown): unknown;

  /** Converts a raw pg value to the internal value. */
  fromDb(raw: unknown): unknown {
    return raw;
  }

  /** Converts an internal value to a pg parameter. */
  toDb(value: unknown): unknown {
    return value;
  }

  /** Returns an error message or null; called with coerced values. */
  validate(_value: unknown): string | null {
    return null;
  }

  /** Clone for composing a model from several modules. */
  clone(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    (copy as { options: Opts }).options = { ...this.options };
    return copy;
  }
}

export function typeError(field: Field, value: unknown, expected: string): FieldValueError {
  const shown = JSON.stringify(value);
  return new FieldValueError(
    `Invalid value for field "${field.name}" of "${field.modelName}": expected ${expected}, got ${shown && shown.length > 60 ? shown.slice(0, 60) + '…' : shown}`,
  );
}
