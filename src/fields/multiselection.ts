import { Field, FieldOptions, typeError } from './field';
import type { SelectionItems } from './selection';

export interface MultiSelectionOptions extends FieldOptions {
  selection: SelectionItems;
}

/** Several keys of a selection (Tryton's fields.MultiSelection): a JSON list, stored as sorted JSON text. */
export class MultiSelectionField extends Field<MultiSelectionOptions> {
  readonly type = 'multiselection' as const;
  sqlType(): string {
    return 'VARCHAR';
  }
  get selection(): SelectionItems {
    return this.options.selection;
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw typeError(this, value, 'a list of selection keys');
    }
    return [...new Set(value as string[])].sort();
  }
  override fromDb(raw: unknown): unknown {
    if (raw === null || raw === undefined) return null;
    return JSON.parse(raw as string) as string[];
  }
  override toDb(value: unknown): unknown {
    return value === null ? null : JSON.stringify(value);
  }
  override validate(value: unknown): string | null {
    if (!Array.isArray(value)) return null;
    const known = new Set(this.options.selection.map(([k]) => k));
    const unknown = value.filter((v) => !known.has(v as string));
    if (unknown.length) {
      return `The values "${unknown.join('", "')}" of "${this.string}" on "${this.modelName}" are not among the allowed values.`;
    }
    return null;
  }
  override clone(): this {
    const copy = super.clone();
    copy.options.selection = [...this.options.selection];
    return copy;
  }
}

export const multiselection = (
  items: SelectionItems,
  options: Omit<MultiSelectionOptions, 'selection'> = {},
) => new MultiSelectionField({ ...options, selection: items });
