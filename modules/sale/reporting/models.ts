import { many2one } from 'nest-tryton';
import type { ModelClass } from 'nest-tryton';
import { Dimension, reportModel } from './report';
import { countryTreeModel } from './country-tree';
import { treeModel } from './trees';

/**
 * Tryton's id of a category time series row: `Min(line.id * nb_category + link.id)`, nb_category one
 * order of magnitude above the largest category id (stable as categories are added).
 */
function categorySeriesId(categoryTable: string, link: string): string {
  return `MIN("b"."line" * (SELECT CAST(POWER(10, CEIL(LOG(MAX("id"))) + 1) AS INTEGER) FROM "${categoryTable}") + "${link}"."id")`;
}

const customer: Dimension = {
  name: 'customer',
  field: () => many2one('party.party', { string: 'Customer', readonly: true }),
  column: '"b"."customer"',
};
const customerCategory: Dimension = {
  name: 'category',
  field: () => many2one('party.category', { string: 'Category', readonly: true }),
  column: '"pc"."category"',
  joins: 'JOIN "party_category_rel" AS "pc" ON "pc"."party" = "b"."customer"',
  seriesId: categorySeriesId('party_category', 'pc'),
};
const product: Dimension = {
  name: 'product',
  field: () => many2one('product.product', { string: 'Product', readonly: true }),
  column: '"b"."product"',
};
const productCategory: Dimension = {
  name: 'category',
  field: () => many2one('product.category', { string: 'Category', readonly: true }),
  column: '"tc"."category"',
  seriesId: categorySeriesId('product_category', 'tc'),
  joins: `JOIN "product_product" AS "pp" ON "pp"."id" = "b"."product"
    JOIN "product_template-product_category" AS "tc" ON "tc"."template" = "pp"."template"`,
};
export const country: Dimension = {
  name: 'country',
  field: () => many2one('country.country', { string: 'Country', readonly: true }),
  column: '"b"."country"',
};
export const subdivision: Dimension = {
  name: 'subdivision',
  field: () => many2one('country.subdivision', { string: 'Subdivision', readonly: true }),
  column: '"b"."subdivision"',
  extra: { country },
};

/** A report and its time series: [report, series]. */
function withSeries(name: string, description: string, dimension: Dimension | null): ModelClass[] {
  return [
    reportModel({ name, description, dimension, timeSeries: false, seriesModel: `${name}.time_series` }),
    reportModel({
      name: `${name}.time_series`,
      description: `${description} per Period`,
      dimension,
      timeSeries: true,
    }),
  ];
}

/** Tryton's sale reporting: revenue and number of sales by customer, product, category, place, over time. */
export const REPORTING_MODELS: ModelClass[] = [
  ...withSeries('sale.reporting.main', 'Sale Reporting', null),
  ...withSeries('sale.reporting.customer', 'Sale Reporting per Customer', customer),
  ...withSeries('sale.reporting.customer.category', 'Sale Reporting per Customer Category', customerCategory),
  ...withSeries('sale.reporting.product', 'Sale Reporting per Product', product),
  ...withSeries('sale.reporting.product.category', 'Sale Reporting per Product Category', productCategory),
  ...withSeries('sale.reporting.country', 'Sale Reporting per Country', country),
  ...withSeries('sale.reporting.country.subdivision', 'Sale Reporting per Subdivision', subdivision),
  treeModel({
    name: 'sale.reporting.customer.category.tree',
    description: 'Sale Reporting per Customer Category (tree)',
    table: 'party_category',
    parent: 'parent',
    children: 'children',
    nodeModel: 'party.category',
    linesByNode: (lines) =>
      `SELECT "pc"."category" AS "node", "b"."revenue", "b"."currency" FROM (${lines}) AS "b" JOIN "party_category_rel" AS "pc" ON "pc"."party" = "b"."customer"`,
  }),
  treeModel({
    name: 'sale.reporting.product.category.tree',
    description: 'Sale Reporting per Product Category (tree)',
    table: 'product_category',
    parent: 'parent',
    children: 'children',
    nodeModel: 'product.category',
    linesByNode: (lines) =>
      `SELECT "tc"."category" AS "node", "b"."revenue", "b"."currency" FROM (${lines}) AS "b"
       JOIN "product_product" AS "pp" ON "pp"."id" = "b"."product"
       JOIN "product_template-product_category" AS "tc" ON "tc"."template" = "pp"."template"`,
  }),
  treeModel({
    name: 'sale.reporting.region.tree',
    description: 'Sale Reporting per Region',
    table: 'country_region',
    parent: 'parent',
    children: 'subregions',
    nodeModel: 'country.region',
    linesByNode: (lines) =>
      `SELECT "cc"."region" AS "node", "b"."revenue", "b"."currency" FROM (${lines}) AS "b" JOIN "country_country" AS "cc" ON "cc"."id" = "b"."country"`,
  }),
  countryTreeModel(country, subdivision),
];
