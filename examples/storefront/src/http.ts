import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small HTTP helpers of the storefront's server: cookies, forms, redirects. */

export function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A cookie we did not set: ignored.
    }
  }
  return out;
}

export interface CookieOptions {
  maxAge: number;
  secure: boolean;
}

/** A first-party cookie the page's scripts cannot read, not sent on cross-site posts (SameSite=Lax). */
export function cookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${options.maxAge}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const FORM_LIMIT = 16 * 1024;

/** An application/x-www-form-urlencoded body (16 KB at most). */
export function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    return Promise.reject(new HttpError(415, 'Expected a form (application/x-www-form-urlencoded)'));
  }
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > FORM_LIMIT) {
        fail(new HttpError(413, 'The form is too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => done(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', fail);
  });
}

export function redirect(
  res: ServerResponse,
  location: string,
  status = 303,
  headers: Record<string, string | string[]> = {},
) {
  res.writeHead(status, { Location: location, 'Content-Length': '0', ...headers });
  res.end();
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A positive integer id from a path or form value, or null. */
export function idParam(value: string | null | undefined): number | null {
  return value && /^[1-9]\d{0,9}$/.test(value) && Number(value) <= 2_147_483_647 ? Number(value) : null;
}

/** A whole quantity between min and 999, or null. */
export function quantityParam(value: string | null | undefined, min: number): number | null {
  if (!value || !/^\d{1,3}$/.test(value.trim())) return null;
  const n = Number(value.trim());
  return n >= min && n <= 999 ? n : null;
}
