import { char, computed, date, integer, many2one, Model, numeric, one2many } from 'nest-tryton';
import type { Env, Field, ModelClass, TableQuery } from 'nest-tryton';
import { reportingContext } from './context';
import { LINE_MODELS, NO_AUDIT, saleLinesSql } from './lines';

/** What a report groups the sale lines by: one many2one (customer, product, ...), or nothing (main). */
export interface Dimension {
  /** The field and its SQL over the lines `"b"` (and the joins). */
  name: string;
  field: () => Field;
  column: string;
  /** Joins adding what the column needs (e.g. the categories of the customer). */
  joins?: string;
  /**
   * The id of a time series row when a line counts once per value of the dimension (a category):
   * Tryton's `Min(line.id * nb_category + link.id)`; otherwise a series row is its first line.
   */
  seriesId?: string;
  /** More many2one columns carried along (a subdivision's country). */
  extra?: Record<string, { field: () => Field; column: string }>;
}

export interface ReportSpec {
  name: string;
  description: string;
  dimension: Dimension | null;
  /** A report per period (`date` column) of the dimension. */
  timeSeries: boolean;
  /** The time series report of this one (its one2many `time_series`). */
  seriesModel?: string;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A revenue series as a sparkline (Tryton's revenue_trend). */
export function sparkline(values: number[]): string | null {
  if (!values.length) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.map((v) => BARS[max === min ? 3 : Math.round(((v - min) / (max - min)) * 7)]).join('');
}

/** The SQL of a report's rows (its table query). */
export function groupSql(env: Env, spec: ReportSpec): string {
  const context = reportingContext(env);
  const dim = spec.dimension;
  const extra = Object.entries(dim?.extra ?? {});
  const groups = ['"b"."company"', '"b"."currency"', '"cur"."digits"'];
  const columns = ['"b"."company"', '"b"."currency"'];
  if (dim) {
    groups.push(dim.column, ...extra.map(([, e]) => e.column));
    columns.push(`${dim.column} AS "${dim.name}"`, ...extra.map(([name, e]) => `${e.column} AS "${name}"`));
  }
  if (spec.timeSeries) {
    const period = `CAST(DATE_TRUNC('${context.period}', "b"."sale_date") AS DATE)`;
    groups.push(period);
    columns.push(`${period} AS "date"`);
  }
  // Tryton's _column_id: the dimension's record for a report, the smallest line of a time series row
  // (a group's first line); integers either way.
  const id = dim && !spec.timeSeries ? dim.column : `CAST(${dim?.seriesId ?? 'MIN("b"."line")'} AS INTEGER)`;
  return `SELECT ${id} AS "id", ${columns.join(', ')}, CAST(COUNT(DISTINCT "b"."sale") AS INTEGER) AS "number",
      ROUND(SUM("b"."revenue"), "cur"."digits") AS "revenue", ${NO_AUDIT}
    FROM (${saleLinesSql(context)}) AS "b" ${dim?.joins ?? ''}
    JOIN "currency_currency" AS "cur" ON "cur"."id" = "b"."currency"
    ${dim ? `WHERE ${dim.column} IS NOT NULL` : ''}
    GROUP BY ${groups.join(', ')}`;
}

/** Revenue per period of each row's dimension value, as sparklines; one query for the rows, one for the series. */
async function trends(
  env: Env,
  ids: number[],
  spec: ReportSpec,
  model: ModelClass,
): Promise<Map<number, unknown>> {
  const context = reportingContext(env);
  const dim = spec.dimension;
  const key = dim ? `"${dim.name}"` : 'NULL';
  const rows = await env.tx.query(
    `SELECT "id", ${key} AS "key" FROM (${groupSql(env, spec)}) AS "q" WHERE "id" = ANY($1)`,
    [ids],
  );
  const series = await env.tx.query(
    `SELECT ${dim ? dim.column : 'NULL'} AS "key", DATE_TRUNC('${context.period}', "b"."sale_date") AS "period", SUM("b"."revenue") AS "revenue"
     FROM (${saleLinesSql(context)}) AS "b" ${dim?.joins ?? ''} GROUP BY 1, 2 ORDER BY 2`,
  );
  env.reads.add(model.__name__);
  const byKey = new Map<string, number[]>();
  for (const s of series) {
    const k = String(s.key);
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k)!.push(Number(s.revenue));
  }
  return new Map(rows.map((r) => [r.id as number, sparkline(byKey.get(String(r.key)) ?? [])]));
}

/**
 * A read-only sale report (Tryton's sale.reporting.*): its rows are the sale lines of the context grouped
 * by the dimension (and the period for a time series), searchable, orderable and streamed like any model.
 */
export function reportModel(spec: ReportSpec): ModelClass {
  const fields: Record<string, Field> = {
    company: many2one('company.company', { string: 'Company', readonly: true }),
    currency: many2one('currency.currency', { string: 'Currency', readonly: true }),
    number: integer({ string: '#', readonly: true, help: 'Number of sales.' }),
    revenue: numeric({ string: 'Revenue', readonly: true }),
    revenue_trend: computed(
      char({ string: 'Revenue Trend' }),
      (env, ids, _name, model) => trends(env, ids, spec, model),
      { depends: ['revenue'] },
    ),
  };
  if (spec.dimension) {
    fields[spec.dimension.name] = spec.dimension.field();
    for (const [name, e] of Object.entries(spec.dimension.extra ?? {})) fields[name] = e.field();
  }
  if (spec.timeSeries) fields.date = date({ string: 'Date', readonly: true });
  if (spec.seriesModel) {
    // The rows of the time series with this row's dimension value (a report's id is that value).
    const series = spec.seriesModel;
    const dimension = spec.dimension?.name;
    fields.time_series = computed(
      one2many(series, 'id', { string: 'Time Series' }),
      async (env, ids) => {
        const Series = env.model(series);
        const rows = await Series.read(
          env,
          await Series.search(env, dimension ? [[dimension, 'in', ids]] : []),
          [...(dimension ? [dimension] : [])],
        );
        return new Map(
          ids.map((id) => [id, rows.filter((r) => !dimension || r[dimension] === id).map((r) => r.id)]),
        );
      },
      { depends: [] },
    );
  }
  const Report = class extends Model {
    static override __name__ = spec.name;
    static override description = spec.description;
    static override _recName: string | null = spec.dimension ? null : null;
    static override _recNameDepends: readonly string[] = spec.dimension
      ? [`${spec.dimension.name}.rec_name`, ...(spec.timeSeries ? ['date'] : [])]
      : [];
    static override _order: [string, string][] = spec.timeSeries ? [['date', 'ASC']] : [['revenue', 'DESC']];
    static override fields = fields;
    static override _tableQuery = (env: Env): TableQuery => ({
      sql: groupSql(env, spec),
      models: LINE_MODELS,
    });

    static override async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
      if (!spec.dimension) return new Map(ids.map((id) => [id, String(id)]));
      const rows = await this.read(env, ids, [
        `${spec.dimension.name}.rec_name`,
        ...(spec.timeSeries ? ['date'] : []),
      ]);
      return new Map(
        rows.map((r) => {
          const name = (r[spec.dimension!.name] as { rec_name: string } | null)?.rec_name ?? '';
          return [r.id, spec.timeSeries ? `${name} ${String(r.date)}` : name];
        }),
      );
    }
  };
  Object.defineProperty(Report, 'name', { value: spec.name });
  return Report;
}
