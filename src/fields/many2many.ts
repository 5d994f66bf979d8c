import { col } from '../domain/sql';
import type { ModelClass } from '../pool/model';
import { Field, FieldOptions } from './field';

export interface Many2ManyOptions extends FieldOptions {
  /** SQL table of the relation model, when it differs from the model name with dots as underscores. */
  table?: string;
  order?: [string, string][];
  /**
   * Tryton's Many2ManyInactive: over a relation model with an `active` field, the field holds the
   * inactive links (what was unpublished) instead of the active ones.
   */
  inactive?: boolean;
}

/** A relation model whose rows are deactivated (a stored `active`; not one computed from dates). */
const deactivable = (relation: ModelClass) => !!relation._fields.active?.stored;

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
  /**
   * The links of the field among the relation's rows (alias `alias`): over a deactivable relation model,
   * the active ones (the inactive ones for an `inactive` field); every row otherwise. SQL, or null.
   */
  linkCondition(relation: ModelClass, alias: string): string | null {
    if (!deactivable(relation)) return null;
    return `${col(alias, 'active')} = ${this.options.inactive ? 'FALSE' : 'TRUE'}`;
  }
  /** The `active` value of a new link, for a deactivable relation model. */
  linkActive(relation: ModelClass): boolean | null {
    return deactivable(relation) ? !this.options.inactive : null;
  }
}

export const many2many = (
  relation: string,
  origin: string,
  targetField: string,
  target: string,
  options: Many2ManyOptions = {},
) => new Many2ManyField(relation, origin, targetField, target, options);
