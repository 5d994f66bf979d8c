import { performance } from 'node:perf_hooks';
import { Reply } from '../http/reply';

export const API_VERSION = '0.1';

export type Envelope = Record<string, unknown>;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Python's `datetime.utcnow().isoformat()`: naive UTC, microseconds only when not zero. */
export function pyTimestamp(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const date = new Date(Math.floor(micros / 1000));
  const fraction = micros % 1_000_000;
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return fraction ? `${base}.${pad(fraction, 6)}` : base;
}

/**
 * A successful answer, keys in pyDAL's order: the handler's own keys, then status and code, then
 * timestamp and api_version. A non-empty `errors` makes it pyDAL's 422 "Validation Errors".
 */
export function successReply(data: Envelope): Reply {
  const errors = data.errors as Record<string, unknown> | undefined;
  const failed = !!errors && Object.keys(errors).length > 0;
  const body: Envelope = failed
    ? { ...data, status: 'error', message: 'Validation Errors', code: 422 }
    : { ...data, status: 'success', code: 200 };
  return envelopeReply(body);
}

/** An error answer: only status, message, code, timestamp and api_version (plus a 422's own keys). */
export function errorReply(code: number, message: string, extra: Envelope = {}): Reply {
  return envelopeReply({ ...extra, status: 'error', message, code });
}

function envelopeReply(body: Envelope): Reply {
  const full: Envelope = { ...body, timestamp: pyTimestamp(), api_version: API_VERSION };
  return Reply.json(full.code as number, full);
}
