import { One2ManyField } from '../fields/one2many';
import { Many2ManyField } from '../fields/many2many';
import { ident } from '../domain/sql';
import type { Env } from '../pool/env';
import { BadRequestError } from '../pool/errors';
import type { ModelClass, Values } from '../pool/model';
import { checkTargets, existingVisible } from './references';

type Action = [string, ...unknown[]];

function idsOf(value: unknown, what: string): number[] {
  if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v) && (v as number) > 0)) {
    throw new BadRequestError(`Invalid "${what}" action: expected a list of record ids`);
  }
  return value as number[];
}

function valuesOf(value: unknown, what: string): Values {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequestError(`Invalid "${what}" action: expected an object of values`);
  }
  return value as Values;
}

/**
 * Tryton's x2many action lists: create, write, delete, add, remove, copy. For a one2many the
 * records acted on must belong to the owner.
 */
export async function applyX2ManyActions(
  env: Env,
  model: ModelClass,
  field: One2ManyField | Many2ManyField,
  ownerIds: number[],
  actions: unknown,
): Promise<void> {
  if (!Array.isArray(actions) || !actions.every((a) => Array.isArray(a) && typeof a[0] === 'string')) {
    throw new BadRequestError(
      `Field "${field.name}" of "${model.__name__}" takes a list of actions, e.g. [["create", [{...}]], ["add", [1, 2]]]`,
    );
  }
  const target = env.model(field.target);
  for (const action of actions as Action[]) {
    const [kind, arg, extra] = action;
    switch (kind) {
      case 'create': {
        if (!Array.isArray(arg))
          throw new BadRequestError('Invalid "create" action: expected a list of objects');
        const vlist = arg.map((v) => valuesOf(v, 'create'));
        if (field instanceof One2ManyField) {
          // the children of every owner in one create, in owner order
          await target.create(
            env,
            ownerIds.flatMap((owner) =>
              vlist.map((v) => ({ ...v, [field.reverse]: field.ownerValue(owner) })),
            ),
          );
          break;
        }
        for (const owner of ownerIds) await link(env, field, owner, await target.create(env, vlist));
        break;
      }
      case 'write': {
        const ids = idsOf(arg, 'write');
        await checkOwned(env, field, ownerIds, ids);
        await target.write(env, ids, valuesOf(extra, 'write'));
        break;
      }
      case 'delete': {
        const ids = idsOf(arg, 'delete');
        await checkOwned(env, field, ownerIds, ids);
        await target.delete(env, ids);
        break;
      }
      case 'add': {
        const ids = idsOf(arg, 'add');
        await checkTargets(env, model, field, ids);
        for (const owner of ownerIds) {
          if (field instanceof One2ManyField)
            await target.write(env, ids, { [field.reverse]: field.ownerValue(owner) });
          else await link(env, field, owner, ids);
        }
        break;
      }
      case 'remove': {
        const ids = idsOf(arg, 'remove');
        await checkOwned(env, field, ownerIds, ids);
        if (field instanceof One2ManyField) {
          await target.write(env, ids, { [field.reverse]: null });
        } else {
          const relation = env.model(field.relation);
          env.touched.add(relation.__name__);
          const link = field.linkCondition(relation, 'r');
          if (link) {
            // A deactivable relation model deletes its own rows (web_shop keeps them as unpublished).
            const rows = await env.tx.query(
              `SELECT "r"."id" FROM ${ident(relation._table)} AS "r" WHERE ${ident(field.origin)} = ANY($1) AND ${ident(field.targetField)} = ANY($2) AND ${link}`,
              [ownerIds, ids],
            );
            await relation.delete(
              env.withoutChecks(),
              rows.map((r) => r.id as number),
            );
          } else {
            await env.tx.query(
              `DELETE FROM ${ident(relation._table)} WHERE ${ident(field.origin)} = ANY($1) AND ${ident(field.targetField)} = ANY($2)`,
              [ownerIds, ids],
            );
          }
        }
        break;
      }
      case 'copy': {
        const ids = idsOf(arg, 'copy');
        const defaults = extra === undefined ? {} : valuesOf(extra, 'copy');
        for (const owner of ownerIds) {
          if (field instanceof One2ManyField) {
            await target.copy(env, ids, { ...defaults, [field.reverse]: field.ownerValue(owner) });
          } else {
            await link(env, field, owner, await target.copy(env, ids, defaults));
          }
        }
        break;
      }
      default:
        throw new BadRequestError(
          `Unknown action "${kind}" on field "${field.name}" (create, write, delete, add, remove, copy)`,
        );
    }
  }
}

async function link(env: Env, field: Many2ManyField, owner: number, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const relation = env.model(field.relation);
  env.touched.add(relation.__name__);
  const active = field.linkActive(relation);
  const condition = field.linkCondition(relation, 'r');
  await env.tx.query(
    `INSERT INTO ${ident(relation._table)} (${ident(field.origin)}, ${ident(field.targetField)}${active === null ? '' : ', "active"'}, "create_uid", "create_date")
     SELECT $1, t${active === null ? '' : `, ${active ? 'TRUE' : 'FALSE'}`}, $3, NOW() AT TIME ZONE 'UTC' FROM UNNEST($2::int[]) AS t
     WHERE NOT EXISTS (SELECT 1 FROM ${ident(relation._table)} AS "r" WHERE ${ident(field.origin)} = $1 AND ${ident(field.targetField)} = t${condition ? ` AND ${condition}` : ''})`,
    [owner, ids, env.writerId],
  );
}

async function checkOwned(
  env: Env,
  field: One2ManyField | Many2ManyField,
  owners: number[],
  ids: number[],
): Promise<void> {
  let rows: { id: number }[];
  if (field instanceof One2ManyField) {
    const target = env.model(field.target);
    rows = await env.tx.query(
      `SELECT "id" FROM ${ident(target._table)} WHERE "id" = ANY($1) AND ${ident(field.reverse)} = ANY($2)`,
      [ids, field.ownerValues(owners)],
    );
  } else {
    const relation = env.model(field.relation);
    const condition = field.linkCondition(relation, 'r');
    rows = await env.tx.query(
      `SELECT DISTINCT ${ident(field.targetField)} AS "id" FROM ${ident(relation._table)} AS "r" WHERE ${ident(field.targetField)} = ANY($1) AND ${ident(field.origin)} = ANY($2)${condition ? ` AND ${condition}` : ''}`,
      [ids, owners],
    );
  }
  // A record the user's rules hide is not in the field as the user reads it (nor is a missing one).
  const visible = env.checking ? await existingVisible(env, env.model(field.target), ids) : null;
  if (visible) rows = rows.filter((r) => visible.has(r.id));
  if (rows.length !== new Set(ids).size) {
    throw new BadRequestError(`Some records are not in field "${field.name}" of the record being written`);
  }
}
