import { Field, FieldOptions } from './field';

export interface Many2ManyOptions extends FieldOptions {
  /** SQL table of the relation model, when it differs from the model name with dots as underscores. */
  table?: string;
  order?: [string, string][];
}

/** A many2many through a relation model holding two many2one fields (Tryton's shape). */
export class Many2ManyField extends Field<Many2ManyOptions> {
  readonly type = 'many2many' as const;
  constructor(
    readonly relation: string,
    /** The field of the relation model pointing to this model. */
    readonly origin: string,
    /** The field of the relation model pointing to the target model. */
    readonly targetField: string,
    readonly target: string,
    options: Many2ManyOptions,
  ) {
    super(options);
  }
  sqlType(): null {
    return null;
  }
  override get stored(): boolean {
    return false;
  }
  coerce(value: unknown): unknown {
    return value;
  }
}

export const many2many = (
  relation: string,
  origin: string,
  targetField: string,
  target: string,
  options: Many2ManyOptions = {},
) => new Many2ManyField(relation, origin, targetField, target, options);
