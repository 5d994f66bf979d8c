import { Field, FieldOptions, typeError } from './field';

export interface CharOptions extends FieldOptions {
  size?: number;
  translate?: boolean;
}

export class CharField extends Field<CharOptions> {
  readonly type: 'char' | 'text' = 'char';
  override get translate(): boolean {
    return !!this.options.translate;
  }
  sqlType(): string {
    return 'VARCHAR';
  }
  coerce(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') throw typeError(this, value, 'a string');
    return value;
  }
  override validate(value: unknown): string | null {
    const size = this.options.size;
    if (size !== undefined && typeof value === 'string' && value.length > size) {
      return `The value of "${this.string}" on "${this.modelName}" is longer than ${size} characters.`;
    }
    return null;
  }
}

export const char = (options: CharOptions = {}) => new CharField(options);
