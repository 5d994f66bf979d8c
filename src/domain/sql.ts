/** Quotes an SQL identifier. Only names validated against the model reach here; quoting is belt and braces. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function col(alias: string, column: string): string {
  return `${ident(alias)}.${ident(column)}`;
}

/** Positional parameters shared by every fragment of one statement: values are never inlined. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Table aliases of one statement, numbered in order so generated SQL is stable. */
export class Aliases {
  private n = 0;
  next(): string {
    this.n += 1;
    return `t${this.n}`;
  }
}
