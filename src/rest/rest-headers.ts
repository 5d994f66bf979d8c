import type { Request } from 'express';
import { One2ManyField } from '../fields/one2many';
import { Many2ManyField } from '../fields/many2many';
import type { Env } from '../pool/env';
import type { ModelClass } from '../pool/model';

/** Exactly `application/json` (Tryton's client decodes JSON only on that value) and the answer's language. */
export function jsonHeaders(env: Env): Record<string, string> {
  return { 'Content-Type': 'application/json', 'Content-Language': env.lang.replace(/_/g, '-') };
}

/** The answer's language, on every answer of the dialect (204 included), as Tryton's server sends it. */
export function languageHeader(env: Env): Record<string, string> {
  return { 'Content-Language': env.lang.replace(/_/g, '-') };
}

const linkCache = new WeakMap<ModelClass, Map<string, string>>();

/**
 * RFC 8288 Link header advertising the model's sub-collections (its one2many and many2many fields) as
 * URI templates. A many2one's sub-collection is served too but not listed: the record already holds
 * its id, and listing every many2one made the header several times the size of Tryton's whole head.
 */
export function linkHeader(req: Request, model: ModelClass): Record<string, string> {
  const db = req.params.db as string;
  let byDb = linkCache.get(model);
  if (!byDb) linkCache.set(model, (byDb = new Map()));
  let value = byDb.get(db);
  if (value === undefined) {
    const base = `/${encodeURIComponent(db)}/rest/model/${model.__name__}/{id}`;
    value = Object.values(model._fields)
      .filter((f) => f instanceof One2ManyField || f instanceof Many2ManyField)
      .map((f) => `<${base}/${f.name}>; rel="${f.name}"`)
      .join(', ');
    byDb.set(db, value);
  }
  return value ? { Link: value } : {};
}

export function recordUrl(req: Request, model: string, id: number): string {
  return `/${encodeURIComponent(req.params.db as string)}/rest/model/${model}/${id}`;
}
