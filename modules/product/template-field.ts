import { Bool, Eval, Field, Many2ManyField, Not, One2ManyField } from 'nest-tryton';
import type { Env, ModelClass } from 'nest-tryton';

/** Values of a template field for variants: one query for the variants, one read of their templates. */
async function templateValues(
  env: Env,
  ids: number[],
  name: string,
  model: ModelClass,
): Promise<Map<number, unknown>> {
  // Through the reader (as root): a read-only request has these rows already (see readTree).
  const rows = await model.read(env.withoutChecks(), ids, ['template']);
  const templateIds = [...new Set(rows.map((r) => r.template as number))];
  const templates = await env.model('product.template').read(env, templateIds, [name]);
  const byTemplate = new Map(templates.map((t) => [t.id, t[name]]));
  return new Map(
    rows.map((r) => {
      const template = r.template as number;
      return [r.id as number, byTemplate.has(template) ? byTemplate.get(template) : null];
    }),
  );
}

/**
 * A field of product.template made readable, searchable and sortable on product.product (Tryton's
 * TemplateFunction): reading goes through the template (translations, access), a clause becomes
 * `template.<path>`, sorting `template.<name>`. Modules that add a template field add its proxy too.
 */
export function templateField<F extends Field>(name: string, field: F, hiddenWithoutTemplate = true): F {
  // Tryton hides a template field on a variant that has no template yet (not its own, such as cost_price).
  if (hiddenWithoutTemplate)
    field.options.states = { invisible: Not(Bool(Eval('template'))), ...field.options.states };
  Object.assign(field.options, {
    // The template's own field name: a proxy may be named otherwise (prefix_code reads template.code).
    getter: (env: Env, ids: number[], _name: string, model: ModelClass) =>
      templateValues(env, ids, name, model),
    depends: [`template.${name}`],
    searcher: (_env: Env, path: string, operator: string, value: unknown) => [
      [`template.${path}`, operator, value],
    ],
    orderBy:
      field instanceof One2ManyField || field instanceof Many2ManyField ? undefined : `template.${name}`,
  });
  return field;
}
