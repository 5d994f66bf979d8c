import { ApiError, BadRequestError, NotFoundError } from '../pool/errors';
import { pyList, pyRepr } from './python-text';

/** A policy denial: pyDAL answers every one of them with 401 (there is no 403 in pyDAL). */
export class PolicyViolation extends ApiError {
  constructor(message: string) {
    super(401, message);
  }
}

/**
 * Validation errors of a POST or PUT: 422 "Validation Errors", with the answer's other keys
 * (`id`, `updated`, `success`) so that the envelope has the same shape as a success.
 */
export class ValidationFailure extends ApiError {
  constructor(
    readonly errors: Record<string, string>,
    readonly answer: Record<string, unknown>,
  ) {
    super(422, 'Validation Errors');
  }
}

/** pyDAL reports unknown names with Python's KeyError text: the name in quotes. */
export function keyError(name: string): BadRequestError {
  return new BadRequestError(pyRepr(name));
}

export function invalidFields(names: string[]): BadRequestError {
  return new BadRequestError(`Invalid fields: ${pyList(names)}`);
}

export function invalidInteger(text: string): BadRequestError {
  return new BadRequestError(`invalid literal for int() with base 10: ${pyRepr(text)}`);
}

export function itemNotFound(): NotFoundError {
  return new NotFoundError('Item not found');
}
