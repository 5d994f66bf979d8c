/** Every error a request can meet; one filter renders them all (Tryton's body: status, message, description). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly description = '',
  ) {
    super(message);
  }
}

/** A business or validation error: 400, transaction rolled back. */
export class UserError extends ApiError {
  constructor(message: string, description = '') {
    super(400, message, description);
  }
}

/** Access denied: 403. */
export class AccessError extends ApiError {
  constructor(message: string, description = '') {
    super(403, message, description);
  }
}

/** Missing (or hidden) record, model or database: 404. */
export class NotFoundError extends ApiError {
  constructor(message: string, description = '') {
    super(404, message, description);
  }
}

/** Malformed input: 400 naming the problem. */
export class BadRequestError extends ApiError {
  constructor(message: string, description = '') {
    super(400, message, description);
  }
}

export type ErrorCatalog = Record<string, string>;

/**
 * Errors as declared data: a module lists its codes and messages (with `{name}` placeholders)
 * and raises them by code.
 */
export function declareErrors<C extends ErrorCatalog>(catalog: C) {
  return {
    catalog,
    raise(
      code: keyof C & string,
      params: Record<string, unknown> = {},
      kind: 'user' | 'access' = 'user',
    ): never {
      const message = catalog[code].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
      throw kind === 'access' ? new AccessError(message, code) : new UserError(message, code);
    },
  };
}

/** A module set that cannot be composed (unknown target, missing depends...): refused at boot. */
export class PoolError extends Error {}
