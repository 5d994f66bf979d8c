import { char, integer, many2one, Model, OrderSpec, selection, Values } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { productErrors } from './exceptions';
import { checkIdentifier, compactIdentifier } from './identifier-check';

/** A code identifying a variant outside the company: EAN/GTIN, ISBN, a brand's part number, ... */
export class ProductIdentifier extends Model {
  static override __name__ = 'product.identifier';
  static override description = 'Product Identifier';
  static override _access = 'product';
  static override _recName = 'code';
  static override _order: OrderSpec = [
    ['product', 'ASC'],
    ['sequence', 'ASC NULLS FIRST'],
  ];
  static override fields = {
    product: many2one('product.product', {
      string: 'Product',
      required: true,
      ondelete: 'CASCADE',
      select: true,
      help: 'The product identified by the code.',
    }),
    type: selection(
      [
        ['ean', 'International Article Number'],
        ['isan', 'International Standard Audiovisual Number'],
        ['isbn', 'International Standard Book Number'],
        ['isil', 'International Standard Identifier for Libraries'],
        ['isin', 'International Securities Identification Number'],
        ['ismn', 'International Standard Music Number'],
        ['brand', 'Brand'],
        ['mpn', 'Manufacturer Part Number'],
      ],
      { string: 'Type' },
    ),
    code: char({ string: 'Code', required: true, select: true }),
    sequence: integer({ string: 'Sequence' }),
  };

  /** Tryton stores the compact form of standard numbers (spaces and dashes removed). */
  static override async create(env: Env, vlist: Values[]): Promise<number[]> {
    return super.create(env, vlist.map(compactValues));
  }

  static override async write(env: Env, ids: number[], values: Values): Promise<void> {
    if ('code' in values && !('type' in values)) {
      const rows = await env.tx.query(
        'SELECT DISTINCT "type" FROM "product_identifier" WHERE "id" = ANY($1)',
        [ids],
      );
      if (rows.length === 1) values = compactValues({ ...values, type: rows[0].type });
    }
    return super.write(env, ids, compactValues(values));
  }

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      'SELECT "i"."type", "i"."code", "i"."product" FROM "product_identifier" AS "i" WHERE "i"."id" = ANY($1)',
      [ids],
    );
    for (const row of rows) {
      if (!checkIdentifier(row.type as string | null, row.code as string)) {
        const names = await env.model('product.product').getRecName(env.withoutChecks(), [row.product]);
        productErrors.raise('invalid_identifier', {
          code: row.code,
          type: row.type,
          product: names.get(row.product) ?? '',
        });
      }
    }
  }
}

function compactValues(values: Values): Values {
  if (typeof values.code !== 'string' || typeof values.type !== 'string') return values;
  return { ...values, code: compactIdentifier(values.type, values.code) };
}
