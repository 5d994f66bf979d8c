import { ApiError } from '../pool/errors';

/** 401, whatever was wrong with the key (one answer: nothing to learn from it). */
export class UnauthorizedError extends ApiError {
  readonly headers = { 'WWW-Authenticate': 'Bearer' };
  constructor() {
    super(401, 'Unauthorized', 'A valid user-application key is required');
  }
}

/** 429 on too many failed attempts for a login. */
export class TooManyAttemptsError extends ApiError {
  readonly headers: Record<string, string>;
  constructor(retryAfterSeconds: number) {
    super(429, 'Too Many Requests', 'Too many failed attempts for this login; try again later');
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}
