import { loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { PRICE_DECIMAL } from './ir.extension';
import { loadGroup, loadReadAllWriteGroup } from '../default-data';

/** [fs_id, English, French] */
const UOM_CATEGORIES: [string, string, string][] = [
  ['uom_cat_unit', 'Units', 'Unités'],
  ['uom_cat_weight', 'Weight', 'Poids'],
  ['uom_cat_time', 'Time', 'Temps'],
  ['uom_cat_length', 'Length', 'Longueur'],
  ['uom_cat_volume', 'Volume', 'Volume'],
];

/** [fs_id, category, English name, French name, symbol, rate, factor, rounding, digits] */
const UOMS: [string, string, string, string, string, number, number, number, number][] = [
  ['uom_unit', 'uom_cat_unit', 'Unit', 'Unité', 'u', 1, 1, 1, 0],
  ['uom_kilogram', 'uom_cat_weight', 'Kilogram', 'Kilogramme', 'kg', 1, 1, 0.01, 2],
  ['uom_gram', 'uom_cat_weight', 'Gram', 'Gramme', 'g', 1000, 0.001, 1, 0],
  ['uom_hour', 'uom_cat_time', 'Hour', 'Heure', 'h', 1, 1, 0.01, 2],
  ['uom_minute', 'uom_cat_time', 'Minute', 'Minute', 'min', 60, 0.016666666667, 1, 0],
  ['uom_day', 'uom_cat_time', 'Day', 'Jour', 'd', 0.041666666667, 24, 0.01, 2],
  ['uom_meter', 'uom_cat_length', 'Meter', 'Mètre', 'm', 1, 1, 0.01, 2],
  ['uom_centimeter', 'uom_cat_length', 'Centimeter', 'Centimètre', 'cm', 100, 0.01, 1, 0],
  ['uom_kilometer', 'uom_cat_length', 'Kilometer', 'Kilomètre', 'km', 0.001, 1000, 0.01, 2],
  ['uom_liter', 'uom_cat_volume', 'Liter', 'Litre', 'l', 1, 1, 0.01, 2],
  ['uom_milliliter', 'uom_cat_volume', 'Milliliter', 'Millilitre', 'ml', 1000, 0.001, 1, 0],
];

export async function loadUnits(env: Env): Promise<void> {
  for (const [fsId, name, fr] of UOM_CATEGORIES) {
    await loadRecord(
      env,
      'product',
      fsId,
      'product.uom.category',
      { name },
      { translations: { fr: { name: fr } } },
    );
  }
  for (const [fsId, category, name, fr, symbol, rate, factor, rounding, digits] of UOMS) {
    await loadRecord(
      env,
      'product',
      fsId,
      'product.uom',
      { name, symbol, category: await refId(env, 'product', category), rate, factor, rounding, digits },
      { translations: { fr: { name: fr } } },
    );
  }
}

/** The sequence types of product codes (Tryton's product.xml / category.xml); the module ships no sequence. */
async function loadProductSequenceTypes(env: Env): Promise<void> {
  for (const [fsId, name, fr] of [
    ['sequence_type_product', 'Variant', 'Variante'],
    ['sequence_type_template', 'Product', 'Produit'],
    ['sequence_type_category', 'Category', 'Catégorie'],
  ]) {
    await loadRecord(
      env,
      'product',
      fsId,
      'ir.sequence.type',
      { name },
      { translations: { fr: { name: fr } } },
    );
  }
}

export async function loadProductAccess(env: Env): Promise<void> {
  await loadProductSequenceTypes(env);
  const admin = await loadGroup(
    env,
    'product',
    'group_product_admin',
    'Product Administration',
    'Administration des produits',
  );
  for (const [suffix, model] of [
    ['product_template', 'product.template'],
    ['product_product', 'product.product'],
    ['product_category', 'product.category'],
    ['uom', 'product.uom'],
    ['uom_category', 'product.uom.category'],
    ['product_configuration', 'product.configuration'],
    ['product_configuration_default_cost_price_method', 'product.configuration.default_cost_price_method'],
  ]) {
    await loadReadAllWriteGroup(env, 'product', suffix, model, admin);
  }
}

/** The settings record (Tryton's singleton). */
/** Tryton's cron_product_deactivate_replaced: every day (noupdate: an administrator may change it). */
export async function loadProductCron(env: Env): Promise<void> {
  await loadRecord(
    env,
    'product',
    'cron_product_deactivate_replaced',
    'ir.cron',
    { method: 'product.product|deactivate_replaced', interval_number: 1, interval_type: 'days' },
    { noupdate: true },
  );
}

export async function loadProductConfiguration(env: Env): Promise<void> {
  await loadRecord(env, 'product', 'configuration', 'product.configuration', {}, { noupdate: true });
  // The price decimals the database is made with (Tryton sets it when the module is installed).
  const Configuration = env.model('ir.configuration');
  const ids = await Configuration.search(env, [['product_price_decimal', '=', null]]);
  if (ids.length) await Configuration.write(env, ids, { product_price_decimal: PRICE_DECIMAL });
}

/**
 * Databases made when list prices were a column of product_template: each price becomes the template's
 * price for every company (a product.list_price row without company), once.
 */
export async function migrateListPrices(env: Env): Promise<void> {
  const column = await env.tx.query(
    `SELECT 1 FROM information_schema.columns WHERE table_name = 'product_template' AND column_name = 'list_price'`,
  );
  if (!column.length) return;
  await env.tx.query(
    `INSERT INTO "product_list_price" ("template", "list_price", "create_uid", "create_date")
     SELECT "t"."id", "t"."list_price", 0, NOW() AT TIME ZONE 'UTC' FROM "product_template" AS "t"
     WHERE "t"."list_price" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "product_list_price" AS "l" WHERE "l"."template" = "t"."id")`,
  );
  await env.tx.query('UPDATE "product_template" SET "list_price" = NULL WHERE "list_price" IS NOT NULL');
}
