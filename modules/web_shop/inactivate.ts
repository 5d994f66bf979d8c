import { ident } from 'nest-tryton';
import type { Env, ModelClass } from 'nest-tryton';

/**
 * Tryton's Inactivate: a link a shop drops is kept as an inactive row when the shop syncs with a front
 * end (it has a type), so that the shop's `*_removed` fields tell the front end what to unpublish.
 */
export async function keepRemoved(env: Env, model: ModelClass, ids: number[], target: string): Promise<void> {
  if (!ids.length) return;
  const rows = await env.tx.query(
    `SELECT "l"."shop", "l".${ident(target)} AS "target" FROM ${ident(model._table)} AS "l"
     JOIN "web_shop" AS "s" ON "s"."id" = "l"."shop"
     WHERE "l"."id" = ANY($1) AND "l"."active" AND "s"."type" IS NOT NULL`,
    [ids],
  );
  if (rows.length) {
    await model.create(
      env.withoutChecks(),
      rows.map((r) => ({ shop: r.shop, [target]: r.target, active: false })),
    );
  }
}
