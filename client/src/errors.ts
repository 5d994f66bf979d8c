/** What an error answer of the server carries: `{"status", "message", "description"}`. */
export interface ErrorBody {
  status?: number;
  message?: string;
  description?: string;
}

/**
 * An error answer of the server (status ≥ 400), with its message and description. Subclasses name the
 * common statuses so that callers can `catch (e) { if (e instanceof NotFoundError) ... }`.
 */
export class TrytonError extends Error {
  override name = 'TrytonError';
  /** The HTTP status. */
  readonly status: number;
  /** The server's description (the details of a business error), '' when none. */
  readonly description: string;
  /** The answer's headers (lower-case names). */
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, description = '', headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.description = description;
    this.headers = headers;
  }

  /** The error for an answer: the server's JSON body when it has one, else the status text. */
  static fromAnswer(status: number, headers: Record<string, string>, text: string): TrytonError {
    let body: ErrorBody = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as ErrorBody;
      else if (typeof parsed === 'string') body = { message: parsed };
    } catch {
      if (text.trim() && text.length < 1000) body = { message: text.trim() };
    }
    const message = typeof body.message === 'string' && body.message ? body.message : `HTTP ${status}`;
    const description = typeof body.description === 'string' ? body.description : '';
    const Type = ERRORS[status] ?? TrytonError;
    return new Type(status, message, description, headers);
  }
}

/** 400: malformed input or a business error (validation, a refused delete, a constraint). */
export class BadRequestError extends TrytonError {
  override name = 'BadRequestError';
}
/** 401: no key, or a key that is not (or no longer) valid. */
export class UnauthorizedError extends TrytonError {
  override name = 'UnauthorizedError';
}
/** 403: access denied (model, field, button, record rule on a write, a method not exposed). */
export class ForbiddenError extends TrytonError {
  override name = 'ForbiddenError';
}
/** 404: unknown database, model or record (or a record hidden by the rules). */
export class NotFoundError extends TrytonError {
  override name = 'NotFoundError';
}
/** 416: a range past the end of the list. */
export class RangeNotSatisfiableError extends TrytonError {
  override name = 'RangeNotSatisfiableError';
}
/** 429: too many attempts (key revocation brute-force protection, rate limits). */
export class TooManyRequestsError extends TrytonError {
  override name = 'TooManyRequestsError';
}
/** 503: the database is unavailable (after the retries, if any). */
export class ServiceUnavailableError extends TrytonError {
  override name = 'ServiceUnavailableError';
}

const ERRORS: Record<number, typeof TrytonError> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  416: RangeNotSatisfiableError,
  429: TooManyRequestsError,
  503: ServiceUnavailableError,
};

/** The server could not be reached (after the retries), or the connection broke mid-answer. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
  readonly status = 0;
  readonly description: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.description = String((options?.cause as { code?: string } | undefined)?.code ?? '');
  }
}

/** The call took longer than its timeout. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
  readonly status = 0;
  readonly description = '';
  constructor(readonly timeout: number) {
    super(`Timed out after ${timeout} ms`);
  }
}

/** The answer is not what the protocol says (not JSON, a truncated array...). */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
  readonly status = 0;
  readonly description = '';
}
