import { Field, FieldOptions, typeError } from './field';

export interface Many2OneOptions extends FieldOptions {
  ondelete?: 'CASCADE' | 'SET NULL' | 'RESTRICT';
  /** A domain restricting the targets (checked on write). */
  domain?: unknown[];
}

export class Many2OneField extends Field<Many2OneOptions> {
  readonly type = 'many2one' as const;
  constructor(
    readonly target: string,
    options: Many2OneOptions,
  ) {
    super(options);
  }
  get ondelete(): 'CASCADE' | 'SET NULL' | 'RESTRICT' {
    return this.options.ondelete ?? (this.options.required ? 'RESTRICT' : 'SET NULL');
  }
  sqlType(): string {
    return 'INTEGER';
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined || value === false) return null;
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    throw typeError(this, value, 'a record id');
  }
}

export const many2one = (target: string, options: Many2OneOptions = {}) => new Many2OneField(target, options);
