import { char, computed, integer, many2one, Model, numeric, one2many } from 'nest-tryton';
import type { Env, ModelClass, TableQuery } from 'nest-tryton';
import { LINE_MODELS, NO_AUDIT } from './lines';
import { Dimension, groupSql, ReportSpec } from './report';

/** Tryton's UnionMixin over these two reports: a row's id is the report's id × 2 + the report's index. */
const MODELS = ['sale.reporting.country', 'sale.reporting.country.subdivision'] as const;
const unshard = (id: number): [number, number] => [Math.floor(id / MODELS.length), id % MODELS.length];

/** Ids of the tree grouped by the report they come from: [report index, report ids, tree ids]. */
function byReport(ids: number[]): [number, number[], number[]][] {
  return MODELS.map((_, index) => {
    const own = ids.filter((id) => unshard(id)[1] === index);
    return [index, own.map((id) => unshard(id)[0]), own];
  });
}

/**
 * Tryton's sale.reporting.country.tree: the rows of the country report and of the subdivision report in
 * one tree, each subdivision under its country; revenue, number of sales and trend as those reports
 * have them, in the same context.
 */
export function countryTreeModel(country: Dimension, subdivision: Dimension): ModelClass {
  const spec = (dimension: Dimension, name: string): ReportSpec => ({
    name,
    description: name,
    dimension,
    timeSeries: false,
  });
  const columns = `"q"."company", "q"."currency", "q"."number", "q"."revenue", ${NO_AUDIT}`;
  const Tree = class extends Model {
    static override __name__ = 'sale.reporting.country.tree';
    static override description = 'Sale Reporting per Country (tree)';
    static override _recName: string | null = null;
    static override _recNameDepends: readonly string[] = ['region'];
    static override _parent = 'parent';
    static override _order: [string, string][] = [['id', 'ASC']];
    static override fields = {
      company: many2one('company.company', { string: 'Company', readonly: true }),
      currency: many2one('currency.currency', { string: 'Currency', readonly: true }),
      number: integer({ string: '#', readonly: true, help: 'Number of sales.' }),
      revenue: numeric({ string: 'Revenue', readonly: true }),
      revenue_trend: computed(
        char({ string: 'Revenue Trend' }),
        async (env, ids) => {
          const result = new Map<number, unknown>();
          for (const [index, reportIds, treeIds] of byReport(ids)) {
            if (!reportIds.length) continue;
            const rows = await env.model(MODELS[index]).read(env, reportIds, ['revenue_trend']);
            const trend = new Map(rows.map((r) => [r.id, r.revenue_trend]));
            treeIds.forEach((id, i) => result.set(id, trend.get(reportIds[i]) ?? null));
          }
          return result;
        },
        { depends: ['revenue'] },
      ),
      // The name of the country or subdivision (Tryton's get_rec_name of the report row).
      region: computed(
        char({ string: 'Region' }),
        async (env, ids) => {
          const result = new Map<number, unknown>();
          const targets = ['country.country', 'country.subdivision'];
          for (const [index, reportIds, treeIds] of byReport(ids)) {
            if (!reportIds.length) continue;
            const names = await env.model(targets[index]).getRecName(env.withoutChecks(), reportIds);
            treeIds.forEach((id, i) => result.set(id, names.get(reportIds[i]) ?? null));
          }
          return result;
        },
        { depends: [] },
      ),
      parent: many2one('sale.reporting.country.tree', { string: 'Parent', readonly: true }),
      children: one2many('sale.reporting.country.tree', 'parent', { string: 'Children', readonly: true }),
    };
    static override _tableQuery = (env: Env): TableQuery => ({
      sql: `SELECT "q"."id" * 2 AS "id", NULL::INTEGER AS "parent", ${columns}
          FROM (${groupSql(env, spec(country, MODELS[0]))}) AS "q"
        UNION ALL
        SELECT "q"."id" * 2 + 1 AS "id", "q"."country" * 2 AS "parent", ${columns}
          FROM (${groupSql(env, spec(subdivision, MODELS[1]))}) AS "q"`,
      models: [...LINE_MODELS, 'country.country', 'country.subdivision'],
    });

    static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
      const rows = await this.read(env, ids, ['region']);
      return new Map(rows.map((r) => [r.id, String(r.region ?? '')]));
    }
  };
  Object.defineProperty(Tree, 'name', { value: 'sale.reporting.country.tree' });
  return Tree;
}
