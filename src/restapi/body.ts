import { parse as parseQuery } from 'node:querystring';
import type { Request } from 'express';
import { BadRequestError } from '../pool/errors';
import { parseBody } from '../rest/rest-params';

export type Body = Record<string, unknown>;

const last = (value: unknown) => (Array.isArray(value) ? value[value.length - 1] : value);

/**
 * The fields of a POST, PUT or DELETE: a JSON object (what py4web's publisher passes), or form data
 * (the docs' `request.POST`: url-encoded or multipart, text parts only; a repeated key keeps its last
 * value). An empty body is no field at all.
 */
export function parseFields(req: Request): Body {
  const raw = req.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) return {};
  // The media type is case-insensitive; its parameters are not (a multipart boundary is read as sent).
  const header = req.header('content-type') ?? '';
  const type = header.toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const form = parseQuery(raw.toString('utf8'));
    return Object.fromEntries(Object.keys(form).map((k) => [k, last(form[k])]));
  }
  if (type.startsWith('multipart/form-data')) return parseMultipart(raw, header);
  const body = parseBody(req, {});
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestError('The request body must be a JSON object of field values');
  }
  return body as Body;
}

function parseMultipart(raw: Buffer, type: string): Body {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  if (!match) throw new BadRequestError('Invalid multipart body: no boundary');
  const delimiter = Buffer.from(`--${match[1] ?? match[2]}`);
  const fields: Body = {};
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = raw.subarray(start + delimiter.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /content-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(headers)?.[1];
      // Files have no meaning for a record's fields here: only text parts are values.
      if (name !== undefined && !/;\s*filename=/i.test(headers)) {
        fields[name] = part.subarray(headerEnd + 4, part.length - 2).toString('utf8');
      }
    }
    start = next;
  }
  return fields;
}
