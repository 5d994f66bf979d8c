import type { Field } from '../fields/field';
import { col, Params } from './sql';

/** The default language: its values live in the model's own column. */
export const BASE_LANGUAGE = 'en';

/** Languages to try, most specific first (fr_BE -> fr), the base language excluded. */
export function languageChain(lang: string): string[] {
  const chain: string[] = [];
  let code = lang;
  while (code && code !== BASE_LANGUAGE) {
    chain.push(code);
    const cut = code.lastIndexOf('_');
    code = cut > 0 ? code.slice(0, cut) : '';
  }
  return chain;
}

/** Translation table in Tryton's shape: one row per (name 'model,field', res_id, lang). */
export function translatedValueSql(field: Field, alias: string, lang: string, params: Params): string {
  const column = col(alias, field.name);
  const chain = languageChain(lang);
  if (!field.translate || !chain.length) return column;
  const name = params.add(`${field.modelName},${field.name}`);
  const lookups = chain.map(
    (code) =>
      `(SELECT "tr"."value" FROM "ir_translation" AS "tr" WHERE "tr"."name" = ${name} AND "tr"."res_id" = ${col(alias, 'id')} AND "tr"."lang" = ${params.add(code)} AND "tr"."type" = 'model' AND "tr"."value" <> '' LIMIT 1)`,
  );
  return `COALESCE(${lookups.join(', ')}, ${column})`;
}
