import { randomBytes } from 'node:crypto';
import { Bool, char, Eval, extend, many2one, Not, Values } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { webShopErrors } from './exceptions';

const idOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

/** A sale may come from a web shop, where it is known by a random, unique web id. */
export const saleExtension = extend(
  'sale.sale',
  (Base) =>
    class extends Base {
      static override _constraints = [
        ...Base._constraints,
        { name: 'web_id_unique', columns: ['web_id'], message: 'The web id of a sale must be unique.' },
      ];
      static override fields = {
        web_shop: many2one('web.shop', { string: 'Web Shop', ondelete: 'RESTRICT' }),
        web_id: char({
          string: 'Web ID',
          readonly: true,
          states: { readonly: Not(Bool(Eval('web_id'))), required: Bool(Eval('web_shop')) },
        }),
      };

      /** Tryton's on_change_web_shop (a web id), and the shop's company and currency by default. */
      static override async complete(env: Env, vlist: Values[]): Promise<Values[]> {
        const shopIds = [
          ...new Set(vlist.map((v) => idOf(v.web_shop)).filter((s): s is number => s !== null)),
        ];
        let completed = vlist;
        if (shopIds.length) {
          const shops = new Map(
            (await env.model('web.shop').read(env.withoutChecks(), shopIds, ['company', 'currency'])).map(
              (s) => [s.id, s],
            ),
          );
          completed = vlist.map((v) => {
            const shop = shops.get(idOf(v.web_shop) ?? 0);
            if (!shop) return v;
            return {
              company: shop.company,
              currency: shop.currency,
              web_id: randomBytes(16).toString('hex'),
              ...v,
            };
          });
        }
        return super.complete(env, completed);
      }

      static override async copy(env: Env, ids: number[], defaults: Values = {}): Promise<number[]> {
        return super.copy(env, ids, { web_shop: null, web_id: null, ...defaults });
      }

      /** The guest party only buys through a cart: a sale beyond draft needs the real customer. */
      static override async validate(env: Env, ids: number[]): Promise<void> {
        await super.validate(env, ids);
        const rows = await env.tx.query(
          `SELECT "s"."id", "s"."party" FROM "sale_sale" AS "s" WHERE "s"."id" = ANY($1)
           AND "s"."state" NOT IN ('draft', 'cancelled')
           AND "s"."party" IN (SELECT "guest_party" FROM "web_shop" WHERE "guest_party" IS NOT NULL) LIMIT 1`,
          [ids],
        );
        if (rows.length) {
          const root = env.withoutChecks();
          const sale = (await this.getRecName(root, [rows[0].id])).get(rows[0].id);
          const party = (await env.model('party.party').getRecName(root, [rows[0].party])).get(rows[0].party);
          webShopErrors.raise('invalid_party', { sale, party });
        }
      }
    },
);
