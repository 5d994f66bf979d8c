import type { DomainInput } from '../domain/domain';
import type { Env } from '../pool/env';
import type { Field } from './field';

/** The values that select one row of a value model, e.g. `{ company: 1 }` (Tryton's multivalue pattern). */
export type ValuePattern = Record<string, number | string | null>;

export interface MultiValueOptions {
  /** The value model, e.g. 'product.list_price'. */
  model: string;
  /**
   * Tryton's `default_<field>(**pattern)` of the record's model: the value read when no row matches
   * the pattern (none by default: null).
   */
  default?: (env: Env, pattern: ValuePattern) => unknown;
  /** Its many2one back to the record, e.g. 'template'; none for a singleton's values (configurations). */
  parent?: string;
  /** Its field holding the value; default the field's own name. */
  value?: string;
  /** The pattern of the request (default: none, one value per record). */
  pattern?: (env: Env) => ValuePattern | Promise<ValuePattern>;
  /** The one2many of the record to the value model: makes the field searchable. */
  one2many?: string;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Tryton's MultiValueMixin: the field's value lives in rows of another model, one per pattern (per
 * company). Reading takes the row matching the request's pattern, else the row whose pattern fields are
 * empty (a value for every company); writing updates or creates the row of the request's pattern.
 */
export function multiValue<F extends Field>(field: F, options: MultiValueOptions): F {
  const valueName = (name: string) => options.value ?? name;
  const patternOf = async (env: Env) => (options.pattern ? await options.pattern(env) : {});
  const fallback = async (env: Env, pattern: ValuePattern) => options.default?.(env, pattern);
  Object.assign(field.options, {
    // what it is made of: the value rows, through the record's one2many when it has one
    depends: options.one2many ? [options.one2many] : [],
    getter: async (env: Env, ids: number[], name: string) => {
      const Values = env.model(options.model);
      const pattern = await patternOf(env);
      const keys = Object.keys(pattern);
      const params: unknown[] = [];
      const where = keys.map((key) => {
        params.push(pattern[key]);
        return `(${ident(key)} IS NOT DISTINCT FROM $${params.length} OR ${ident(key)} IS NULL)`;
      });
      const valueField = Values._fields[valueName(name)];
      const preference = [...keys.map((k) => `${ident(k)} IS NULL`), '"id"'];
      env.reads.add(options.model);
      if (!options.parent) {
        const rows = await env.tx.query(
          `SELECT ${ident(valueField.name)} AS "value" FROM ${ident(Values._table)}
           ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${preference.join(', ')} LIMIT 1`,
          params,
        );
        const value = rows.length
          ? valueField.fromDb(rows[0].value)
          : ((await fallback(env, pattern)) ?? null);
        return new Map(ids.map((id) => [id, value]));
      }
      const parent = ident(options.parent);
      params.push(ids);
      const rows = await env.tx.query(
        `SELECT DISTINCT ON (${parent}) ${parent} AS "parent", ${ident(valueField.name)} AS "value"
         FROM ${ident(Values._table)} WHERE ${[`${parent} = ANY($${params.length})`, ...where].join(' AND ')}
         ORDER BY ${[parent, ...preference].join(', ')}`,
        params,
      );
      const values = new Map(rows.map((r) => [r.parent as number, valueField.fromDb(r.value)]));
      if (options.default && values.size < ids.length) {
        const value = (await fallback(env, pattern)) ?? null;
        for (const id of ids) if (!values.has(id)) values.set(id, value);
      }
      return values;
    },
    setter: async (request: Env, ids: number[], name: string, value: unknown) => {
      // The caller may write the record's field: the value rows are part of that write.
      const env = request.withoutChecks();
      const Values = env.model(options.model);
      const pattern = await patternOf(env);
      const parent = options.parent;
      const domain: DomainInput = [
        ...(parent ? [[parent, 'in', ids] as [string, string, unknown]] : []),
        ...Object.entries(pattern).map(([k, v]): [string, string, unknown] => [k, '=', v]),
      ];
      const existing = await Values.read(env, await Values.search(env, domain), parent ? [parent] : []);
      if (existing.length) {
        await Values.write(
          env,
          existing.map((r) => r.id),
          { [valueName(name)]: value },
        );
      }
      if (!parent) {
        if (!existing.length) await Values.create(env, [{ ...pattern, [valueName(name)]: value }]);
        return;
      }
      const done = new Set(existing.map((r) => r[parent] as number));
      const missing = ids.filter((id) => !done.has(id));
      if (missing.length) {
        await Values.create(
          env,
          missing.map((id) => ({ ...pattern, [parent]: id, [valueName(name)]: value })),
        );
      }
    },
    ...(options.one2many
      ? {
          searcher: async (
            env: Env,
            name: string,
            operator: string,
            value: unknown,
          ): Promise<DomainInput> => {
            const o2m = options.one2many!;
            const pattern = await patternOf(env);
            const exact = Object.entries(pattern).map(([k, v]) => [k, '=', v]);
            const empty = Object.keys(pattern).map((k) => [k, '=', null]);
            const clause = [valueName(name), operator, value];
            if (!exact.length || Object.values(pattern).every((v) => v === null)) {
              return [[o2m, 'where', [...empty, clause]]];
            }
            return [
              'OR',
              [o2m, 'where', [...exact, clause]],
              [
                [o2m, 'where', [...empty, clause]],
                [o2m, 'not where', exact],
              ],
            ];
          },
        }
      : {}),
  });
  return field;
}
