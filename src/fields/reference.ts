import { Field, FieldOptions, typeError } from './field';
import type { SelectionItems } from './selection';

export interface ReferenceOptions extends FieldOptions {
  /** The models a value may point to: [model, label]. */
  selection: SelectionItems;
}

/**
 * A pointer to a record of one of several models (Tryton's fields.Reference): `"model,id"` on the
 * wire and in its column, as Tryton stores it.
 */
export class ReferenceField extends Field<ReferenceOptions> {
  readonly type = 'reference' as const;
  sqlType(): string {
    return 'VARCHAR';
  }
  get selection(): SelectionItems {
    return this.options.selection;
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined || value === '') return null;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string') {
      value = `${value[0]},${String(value[1])}`;
    }
    if (typeof value !== 'string' || !/^[a-z0-9_.-]+,-?\d+$/i.test(value)) {
      throw typeError(this, value, 'a reference "model,id"');
    }
    return value;
  }
  override validate(value: unknown): string | null {
    if (typeof value !== 'string') return null;
    const model = value.slice(0, value.lastIndexOf(','));
    if (!this.options.selection.some(([k]) => k === model)) {
      return `The model "${model}" of "${this.string}" on "${this.modelName}" is not one of the allowed models (${this.options.selection.map(([k]) => k).join(', ')}).`;
    }
    return null;
  }
  override clone(): this {
    const copy = super.clone();
    copy.options.selection = [...this.options.selection];
    return copy;
  }
}

export const reference = (items: SelectionItems, options: Omit<ReferenceOptions, 'selection'> = {}) =>
  new ReferenceField({ ...options, selection: items });
