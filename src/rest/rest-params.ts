import type { Request } from 'express';
import { parseDomain, DomainNode } from '../domain/domain';
import { parseOrder } from '../domain/order';
import type { Context } from '../pool/env';
import { BadRequestError } from '../pool/errors';
import type { OrderSpec } from '../pool/model';
import { parseTagged } from '../serialization/tagged-json';

/** Paging asked with `Range: records=a-b` (b exclusive) or s/p. */
export interface Paging {
  offset: number;
  limit: number | null;
  /** A valid Range header was given: answer with Content-Range, 416 past the end. */
  range: boolean;
}

export interface SearchParams {
  domain: DomainNode;
  order: OrderSpec | null;
  paging: Paging;
  /** Field paths from `f`, or null to use the usages. */
  fields: string[] | null;
}

/** JSON given raw or as URL-safe base64 (with or without padding). */
export function decodeJsonParam(value: string, what: string): unknown {
  const text = value.trim();
  if (text.startsWith('[') || text.startsWith('{')) return parseTagged(text, what);
  if (!/^[A-Za-z0-9_\-+/]*={0,2}$/.test(text))
    throw new BadRequestError(`Invalid ${what}: neither JSON nor base64`);
  const decoded = Buffer.from(text.replace(/\+/g, '-').replace(/\//g, '_'), 'base64url').toString('utf8');
  return parseTagged(decoded, what);
}

function single(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new BadRequestError(`Parameter "${name}" is given more than once`);
  if (typeof value !== 'string') throw new BadRequestError(`Invalid parameter "${name}"`);
  return value;
}

function nonNegativeInt(value: string, name: string): number {
  if (!/^\d{1,9}$/.test(value.trim()))
    throw new BadRequestError(`Parameter "${name}" must be a non-negative integer`);
  return Number(value.trim());
}

/** Tryton's Range semantics: records=a-b (b exclusive), records=a- (from a); several or suffix ranges ignored. */
export function parseRange(header: string | undefined): { offset: number; limit: number | null } | null {
  if (!header || header.includes(',')) return null;
  const m = /^\s*(\w+)\s*=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header);
  if (!m) {
    if (/^\s*records\s*=/.test(header)) throw new BadRequestError(`Invalid Range header "${header}"`);
    return null;
  }
  const [, unit, start, end] = m;
  // Tryton pages whatever the unit says (`items=0-9` as `records=0-9`); only `bytes`, which a
  // generic HTTP client may send to resume a download, is ignored as RFC 9110 allows.
  if (unit.toLowerCase() === 'bytes' || !start) return null;
  if (start.length > 9 || end.length > 9) throw new BadRequestError(`Invalid Range header "${header}"`);
  const offset = Number(start);
  if (!end) return { offset, limit: null };
  const limit = Number(end) - offset;
  if (limit < 0) throw new BadRequestError(`Invalid Range header "${header}": end before start`);
  return { offset, limit };
}

export function parseFields(req: Request): string[] | null {
  const raw = req.query.f;
  if (raw === undefined) return null;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((f) => {
    if (typeof f !== 'string' || !/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/i.test(f)) {
      throw new BadRequestError(`Invalid field path ${JSON.stringify(f)}`);
    }
    return f;
  });
}

export function parseSearchParams(req: Request): SearchParams {
  const d = single(req, 'd');
  const o = single(req, 'o');
  const domain = d === undefined ? parseDomain([]) : parseDomain(decodeJsonParam(d, 'domain'));
  const order = o === undefined ? null : parseOrder(decodeJsonParam(o, 'order'));
  const range = parseRange(req.header('range'));
  let paging: Paging;
  if (range) {
    paging = { ...range, range: true };
  } else {
    const s = single(req, 's');
    const p = single(req, 'p');
    paging = {
      limit: s === undefined ? null : nonNegativeInt(s, 's'),
      offset: p === undefined ? 0 : nonNegativeInt(p, 'p'),
      range: false,
    };
  }
  return { domain, order, paging, fields: parseFields(req) };
}

/** Accept-Language: highest q wins, ties go to the larger tag; `fr-BE` -> `fr_BE`. */
export function parseAcceptLanguage(header: string | undefined): string | null {
  if (!header) return null;
  const pairs: [number, string][] = [];
  for (const part of header.split(',')) {
    const [tag, ...params] = part.split(';').map((s) => s.trim());
    if (!tag || !/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$|^\*$/.test(tag)) continue;
    let q = 1;
    for (const p of params) {
      const m = /^q=([01](\.\d{0,3})?)$/.exec(p);
      if (m) q = Number(m[1]);
    }
    pairs.push([q, tag]);
  }
  pairs.sort((a, b) => (b[0] !== a[0] ? b[0] - a[0] : a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
  const best = pairs.find(([, tag]) => tag !== '*');
  return best ? best[1].replace(/-/g, '_') : null;
}

/** The request context: X-Tryton-Context (JSON object, raw or base64) then the language. */
export function parseContext(req: Request): Context {
  const header = req.header('x-tryton-context');
  let context: Context = {};
  if (header) {
    const value = decodeJsonParam(header, 'X-Tryton-Context');
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new BadRequestError('Invalid X-Tryton-Context: expected a JSON object');
    }
    context = value as Context;
  }
  const language = parseAcceptLanguage(req.header('accept-language'));
  if (language) context = { ...context, language };
  if (
    context.language !== undefined &&
    (typeof context.language !== 'string' || !/^[A-Za-z_]{1,20}$/.test(context.language))
  ) {
    throw new BadRequestError('Invalid language in context');
  }
  return context;
}

export function parseUsages(req: Request): string[] {
  const header = req.header('x-tryton-usage');
  if (!header) return [];
  return [
    ...new Set(
      header
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
    ),
  ].sort();
}

/** A record id from the path: a positive integer, else the route does not exist (404, as Tryton's int converter). */
export function parseId(value: string): number | null {
  return /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : null;
}

/** The JSON body (tagged values), or `fallback` when empty. */
export function parseBody(req: Request, fallback: unknown = undefined): unknown {
  const raw = req.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) return fallback;
  return parseTagged(raw.toString('utf8'), 'JSON body');
}
