import { char, computed, many2one, Model, numeric, one2many } from 'nest-tryton';
import type { Env, Field, ModelClass, TableQuery } from 'nest-tryton';
import { reportingContext } from './context';
import { LINE_MODELS, NO_AUDIT, saleLinesSql } from './lines';

export interface TreeSpec {
  name: string;
  description: string;
  /** The table of the tree's nodes (party_category, product_category, country_region) and its parent column. */
  table: string;
  parent: string;
  /** The one2many of children (Tryton names it children or subregions). */
  children: string;
  /** The node name (translated through the node's own model). */
  nodeModel: string;
  /** Lines of the context with the node they count for: SQL giving "node", "revenue", "currency". */
  linesByNode: (lines: string) => string;
}

/** Revenue of each node and its descendants, in one recursive query. */
async function subtreeRevenues(env: Env, spec: TreeSpec, ids: number[]): Promise<Map<number, unknown>> {
  const lines = saleLinesSql(reportingContext(env));
  const rows = await env.tx.query(
    `WITH RECURSIVE "sub"("root", "node") AS (
       SELECT "id", "id" FROM "${spec.table}" WHERE "id" = ANY($1)
       UNION SELECT "sub"."root", "t"."id" FROM "${spec.table}" AS "t" JOIN "sub" ON "t"."${spec.parent}" = "sub"."node")
     SELECT "sub"."root", ROUND(SUM("n"."revenue"), MAX("cur"."digits")) AS "revenue", MIN("n"."currency") AS "currency"
     FROM "sub" JOIN (${spec.linesByNode(lines)}) AS "n" ON "n"."node" = "sub"."node"
     JOIN "currency_currency" AS "cur" ON "cur"."id" = "n"."currency" GROUP BY "sub"."root"`,
    [ids],
  );
  LINE_MODELS.forEach((m) => env.reads.add(m));
  return new Map(rows.map((r) => [r.root as number, r]));
}

/** A tree of sale revenue (Tryton's *.tree reports): every node, its revenue including its descendants'. */
export function treeModel(spec: TreeSpec): ModelClass {
  const fields: Record<string, Field> = {
    name: computed(
      char({ string: 'Name' }),
      async (env, ids) => {
        const names = await env.model(spec.nodeModel).read(env.withoutChecks(), ids, ['name']);
        return new Map(names.map((n) => [n.id, n.name]));
      },
      { depends: [] },
    ),
    parent: many2one(spec.name, { string: 'Parent', readonly: true }),
    [spec.children]: one2many(spec.name, 'parent', { string: 'Children', readonly: true }),
    revenue: computed(
      numeric({ string: 'Revenue' }),
      async (env, ids, name, model) => {
        const sums = await subtreeRevenues(env, spec, ids);
        // A Decimal, as the field holds it (tagged on the wire), from PostgreSQL's numeric text.
        const field = model._fields[name];
        return new Map(
          ids.map((id) => {
            const revenue = (sums.get(id) as { revenue: unknown } | undefined)?.revenue ?? null;
            return [id, field.fromDb(revenue)];
          }),
        );
      },
      { depends: [] },
    ),
    currency: computed(
      many2one('currency.currency', { string: 'Currency' }),
      async (env, ids) => {
        const sums = await subtreeRevenues(env, spec, ids);
        return new Map(
          ids.map((id) => [id, (sums.get(id) as { currency: unknown } | undefined)?.currency ?? null]),
        );
      },
      { depends: [] },
    ),
  };
  const Tree = class extends Model {
    static override __name__ = spec.name;
    static override description = spec.description;
    static override _recName: string | null = null;
    static override _parent = 'parent';
    static override _recNameDepends: readonly string[] = ['name'];
    static override fields = fields;
    static override _tableQuery = (_env: Env): TableQuery => ({
      sql: `SELECT "id", "${spec.parent}" AS "parent", ${NO_AUDIT} FROM "${spec.table}"`,
      models: [...LINE_MODELS, spec.nodeModel],
    });

    static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
      const rows = await this.read(env, ids, ['name']);
      return new Map(rows.map((r) => [r.id, String(r.name ?? '')]));
    }
  };
  Object.defineProperty(Tree, 'name', { value: spec.name });
  return Tree;
}
