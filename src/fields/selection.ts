import { Field, FieldOptions, typeError } from './field';

export type SelectionItems = [string, string][];

export interface SelectionOptions extends FieldOptions {
  selection: SelectionItems;
  /** Sort by the label (Tryton's default) rather than the key. */
  sortByLabel?: boolean;
}

export class SelectionField extends Field<SelectionOptions> {
  readonly type = 'selection' as const;
  sqlType(): string {
    return 'VARCHAR';
  }
  get selection(): SelectionItems {
    return this.options.selection;
  }
  /** Modules extend a selection by adding items (Tryton's selection extension). */
  extend(items: SelectionItems): void {
    const known = new Set(this.options.selection.map(([k]) => k));
    this.options.selection = [...this.options.selection, ...items.filter(([k]) => !known.has(k))];
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') throw typeError(this, value, 'a selection key');
    return value;
  }
  override validate(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    if (!this.options.selection.some(([k]) => k === value)) {
      return `The value "${String(value)}" of "${this.string}" on "${this.modelName}" is not one of the allowed values (${this.options.selection.map(([k]) => k).join(', ')}).`;
    }
    return null;
  }
  override clone(): this {
    const copy = super.clone();
    copy.options.selection = [...this.options.selection];
    return copy;
  }
}

export const selection = (items: SelectionItems, options: Omit<SelectionOptions, 'selection'> = {}) =>
  new SelectionField({ ...options, selection: items });
