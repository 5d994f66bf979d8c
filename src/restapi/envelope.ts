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

/** The end of every envelope (envelopeReply writes these two keys last). */
const ENVELOPE_END = /,"timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?","api_version":"0\.1"\}$/;

/**
 * A cached pyDAL answer replayed with the time of this answer, as pyDAL stamps each one (the ETag
 * stays the stored answer's: the data did not change). Any other body is returned as it is.
 */
export function withFreshTimestamp(body: Buffer): Buffer {
  const tail = body.subarray(Math.max(0, body.length - 64)).toString('latin1');
  const match = ENVELOPE_END.exec(tail);
  if (!match) return body;
  const end = Buffer.from(`,"timestamp":"${pyTimestamp()}","api_version":"${API_VERSION}"}`);
  return Buffer.concat([body.subarray(0, body.length - match[0].length), end]);
}

function envelopeReply(body: Envelope): Reply {
  const full: Envelope = { ...body, timestamp: pyTimestamp(), api_version: API_VERSION };
  return Reply.json(full.code as number, full);
}
