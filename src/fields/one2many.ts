import { Field, FieldOptions } from './field';

export interface One2ManyOptions extends FieldOptions {
  /** Ordering of the related records; default the target's order. */
  order?: [string, string][];
}

export class One2ManyField extends Field<One2ManyOptions> {
  readonly type = 'one2many' as const;
  constructor(
    readonly target: string,
    /** The many2one of the target pointing back. */
    readonly reverse: string,
    options: One2ManyOptions,
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

export const one2many = (target: string, reverse: string, options: One2ManyOptions = {}) =>
  new One2ManyField(target, reverse, options);
