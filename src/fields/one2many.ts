import { col } from '../domain/sql';
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
  /**
   * The owner model when the reverse field is a reference (Tryton's One2Many on a fields.Reference,
   * e.g. `attachments` on `resource`): the link is stored as "model,id". Set by the pool.
   */
  referenceOwner: string | null = null;
  /** The value of the reverse field that links a target row to the owner `id`. */
  ownerValue(id: number): number | string {
    return this.referenceOwner === null ? id : `${this.referenceOwner},${id}`;
  }
  /** The reverse values of several owners (to bind as one array parameter). */
  ownerValues(ids: number[]): (number | string)[] {
    return this.referenceOwner === null ? ids : ids.map((id) => `${this.referenceOwner},${id}`);
  }
  /** The owner id of a stored reverse value (null when it links to no record of the owner model). */
  ownerOf(value: unknown): number | null {
    if (this.referenceOwner === null) return typeof value === 'number' ? value : null;
    if (typeof value !== 'string' || !value.startsWith(`${this.referenceOwner},`)) return null;
    const id = Number(value.slice(this.referenceOwner.length + 1));
    return Number.isInteger(id) ? id : null;
  }
  /** SQL: the owner id held by the reverse column of the target row aliased `alias` (an integer). */
  ownerSql(alias: string): string {
    const column = col(alias, this.reverse);
    return this.referenceOwner === null ? column : `CAST(SPLIT_PART(${column}, ',', 2) AS INTEGER)`;
  }
  /** SQL: the target row aliased `alias` links to a record of the owner model (the id bound by `bind`). */
  ownerLinked(alias: string, bind: (value: unknown) => string): string {
    const column = col(alias, this.reverse);
    return this.referenceOwner === null
      ? `${column} IS NOT NULL`
      : `${column} LIKE ${bind(`${this.referenceOwner.replace(/[\\%_]/g, '\\$&')},%`)}`;
  }
}

export const one2many = (target: string, reverse: string, options: One2ManyOptions = {}) =>
  new One2ManyField(target, reverse, options);
