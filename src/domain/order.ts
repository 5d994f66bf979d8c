import { Many2OneField } from '../fields/many2one';
import { tableSource } from './table-source';
import { SelectionField } from '../fields/selection';
import { BadRequestError } from '../pool/errors';
import type { ModelClass, OrderSpec } from '../pool/model';
import { CompileScope, enterModel, resolveField, withTargetRules } from './compiler';
import { col, ident } from './sql';
import { translatedValueSql } from './translation-sql';

const DIRECTION = /^(ASC|DESC)(?: (NULLS FIRST|NULLS LAST))?$/;

export interface CompiledOrder {
  joins: string[];
  terms: string[];
}

/** Validates the syntax of an order given by a client: a list of [path, direction]. */
export function parseOrder(input: unknown): OrderSpec {
  if (!Array.isArray(input))
    throw new BadRequestError('Invalid order: expected a list of [field, direction]');
  return input.map((item) => {
    if (!Array.isArray(item) || item.length < 1 || item.length > 2 || typeof item[0] !== 'string') {
      throw new BadRequestError(`Invalid order item ${JSON.stringify(item)}`);
    }
    const direction = item.length === 2 ? item[1] : 'ASC';
    if (typeof direction !== 'string' || !DIRECTION.test(direction.toUpperCase())) {
      throw new BadRequestError(`Invalid order direction ${JSON.stringify(direction)}`);
    }
    if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/i.test(item[0])) {
      throw new BadRequestError(`Invalid order field "${item[0]}"`);
    }
    return [item[0], direction.toUpperCase()] as [string, string];
  });
}

/**
 * ORDER BY terms for paths (joins through many2one), with Tryton's rules: a bare many2one sorts by the
 * target's rec_name field, a selection by its label, a translatable field by its translated value;
 * the model's order then id close every order so paging is stable.
 */
export async function compileOrder(
  scope: CompileScope,
  model: ModelClass,
  order: OrderSpec | null | undefined,
  alias: string,
): Promise<CompiledOrder> {
  const result: CompiledOrder = { joins: [], terms: [] };
  const joinCache = new Map<string, string>();
  const implicit = !(order && order.length);
  const spec = implicit ? model._order : order;
  for (const [path, direction] of spec) {
    await orderTerm(scope, model, path.split('.'), direction, alias, result, joinCache, 0, implicit);
  }
  result.terms.push(`${col(alias, 'id')} ${spec.length ? 'ASC' : 'ASC'}`);
  return result;
}

async function orderTerm(
  scope: CompileScope,
  model: ModelClass,
  path: string[],
  direction: string,
  alias: string,
  out: CompiledOrder,
  joins: Map<string, string>,
  depth: number,
  /** From a model's own order (not the client's): a field the user may not read is left out. */
  implicit: boolean,
): Promise<void> {
  if (depth > 8) throw new BadRequestError('Order path is too deep');
  const env = scope.env;
  const [name, ...rest] = path;
  if (implicit && env.checking && (await env.access.deniedFields(env, model, 'read')).has(name)) return;
  const field = await resolveField(env, model, name, 'sort on');
  if (field.computed) {
    if (field.options.orderSql && !rest.length) {
      out.terms.push(`${field.options.orderSql(alias)} ${direction}`);
      return;
    }
    if (!field.options.orderBy) {
      if (name === 'rec_name' && model._recName) {
        return orderTerm(
          scope,
          model,
          [model._recName, ...rest],
          direction,
          alias,
          out,
          joins,
          depth + 1,
          implicit,
        );
      }
      throw new BadRequestError(`Field "${name}" of "${model.__name__}" cannot be sorted on`);
    }
    return orderTerm(
      scope,
      model,
      [...field.options.orderBy.split('.'), ...rest],
      direction,
      alias,
      out,
      joins,
      depth + 1,
      implicit,
    );
  }
  if (field instanceof Many2OneField) {
    const target = env.model(field.target);
    await enterModel(scope, target, 'sort');
    const key = `${alias}.${name}`;
    let targetAlias = joins.get(key);
    if (!targetAlias) {
      targetAlias = scope.aliases.next();
      joins.set(key, targetAlias);
      // A target the user's rules hide is not joined: it sorts as a NULL many2one does.
      const rule = await withTargetRules(scope, target, targetAlias, 'TRUE');
      out.joins.push(
        `LEFT JOIN ${tableSource(scope.env, target)} AS ${ident(targetAlias)} ON ${col(targetAlias, 'id')} = ${col(alias, name)}${rule === 'TRUE' ? '' : ` AND ${rule}`}`,
      );
    }
    if (rest.length)
      return orderTerm(scope, target, rest, direction, targetAlias, out, joins, depth + 1, implicit);
    const byName =
      target._recName && target._fields[target._recName] && !target._fields[target._recName].computed;
    const targetOrder = byName ? [[target._recName!, direction]] : target._order.map(([p]) => [p, direction]);
    if (!targetOrder.length) {
      out.terms.push(`${col(targetAlias, 'id')} ${direction}`);
      return;
    }
    for (const [p, d] of targetOrder)
      await orderTerm(scope, target, p.split('.'), d, targetAlias, out, joins, depth + 1, true);
    return;
  }
  if (rest.length) throw new BadRequestError(`Cannot sort through field "${name}" of "${model.__name__}"`);
  if (!field.stored) throw new BadRequestError(`Field "${name}" of "${model.__name__}" cannot be sorted on`);
  if (field instanceof SelectionField && field.selection.length) {
    const cases = field.selection.map(
      ([k, label]) => `WHEN ${scope.params.add(k)} THEN ${scope.params.add(label)}`,
    );
    out.terms.push(`CASE ${col(alias, name)} ${cases.join(' ')} ELSE ${col(alias, name)} END ${direction}`);
    return;
  }
  const expr = field.translate ? translatedValueSql(field, alias, env.lang, scope.params) : col(alias, name);
  out.terms.push(`${expr} ${direction}`);
}
