import type { Env, Field, ModelClass } from 'nest-tryton';

/** A field of the line's sale, readable and searchable on the line (Tryton's on_change_with_* of sale.line). */
export function saleField<F extends Field>(path: string, field: F): F {
  Object.assign(field.options, {
    depends: [`sale.${path}`],
    getter: async (env: Env, ids: number[], _name: string, model: ModelClass) => {
      const rows = await model.read(env.withoutChecks(), ids, [`sale.${path}`]);
      return new Map(rows.map((r) => [r.id, (r.sale as Record<string, unknown> | null)?.[path] ?? null]));
    },
    searcher: (_env: Env, name: string, operator: string, value: unknown) => [
      [`sale.${path}${name.includes('.') ? name.slice(name.indexOf('.')) : ''}`, operator, value],
    ],
  });
  return field;
}
