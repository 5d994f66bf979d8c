import { CharField, CharOptions } from './char';

export class TextField extends CharField {
  override readonly type = 'text' as const;
  override sqlType(): string {
    return 'TEXT';
  }
}

export const text = (options: CharOptions = {}) => new TextField(options);
