import type { DomainInput, DomainNode } from '../domain/domain';

export const POLICY_METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
export type PolicyMethod = (typeof POLICY_METHODS)[number];

/** pyDAL's own cap on `@limit`. */
export const MAX_LIMIT = 1000;

/** What a policy predicate sees of the request (pyDAL passes tablename, id, get_vars, post_vars). */
export interface PolicyRequest {
  application: string;
  /** res.user id of the key's user. */
  user: number;
  model: string;
  method: string;
  id: string | null;
  query: Readonly<Record<string, string>>;
  body: Readonly<Record<string, unknown>>;
}

export type Authorize = boolean | ((request: PolicyRequest) => boolean | Promise<boolean>);
/** A value that may be computed per request (pyDAL's `maybe_call`). */
export type PerRequest<T> = T | ((request: PolicyRequest) => T | Promise<T>);

export interface GetPolicy {
  authorize: Authorize;
  /** Fields readable through the API (default: every field the user may read). */
  fields: string[] | null;
  /** A domain (Tryton syntax) ANDed into every GET of the model, lookups into it included. */
  query: PerRequest<DomainInput | DomainNode | null>;
  allowed_patterns: string[];
  denied_patterns: string[];
  limit: PerRequest<number>;
  /** May `@lookup` be used on this model. pyDAL never enforced it, so unset means allowed. */
  allow_lookup: boolean;
}

export interface WritePolicy {
  authorize: Authorize;
  fields: string[] | null;
}

export interface DeletePolicy {
  authorize: Authorize;
}

export interface ModelPolicy {
  GET: GetPolicy;
  POST: WritePolicy;
  PUT: WritePolicy;
  DELETE: DeletePolicy;
}

export type PolicyAttributes<M extends PolicyMethod> = Partial<ModelPolicy[M]>;

const ATTRIBUTES: Record<PolicyMethod, string[]> = {
  GET: ['authorize', 'fields', 'query', 'allowed_patterns', 'denied_patterns', 'limit', 'allow_lookup'],
  POST: ['authorize', 'fields'],
  PUT: ['authorize', 'fields'],
  DELETE: ['authorize'],
};

export class InvalidPolicyError extends Error {}

let version = 0;
/** Bumped by every policy change: cached pyDAL answers depend on it (a change makes them misses). */
export function policyVersion(): number {
  return version;
}
export function policyChanged(): void {
  version += 1;
}

function defaults(): ModelPolicy {
  return {
    GET: {
      authorize: false,
      fields: null,
      query: null,
      allowed_patterns: [],
      denied_patterns: [],
      limit: MAX_LIMIT,
      allow_lookup: true,
    },
    POST: { authorize: false, fields: null },
    PUT: { authorize: false, fields: null },
    DELETE: { authorize: false },
  };
}

/**
 * pyDAL's Policy, per application: entries per model (`'*'` for every model without its own), each
 * holding the four methods. The first `set` for a model starts from the deny-all defaults for all
 * methods, so a model's own entry shadows `'*'` for every method (as in pyDAL).
 */
export class Policy {
  private readonly info = new Map<string, ModelPolicy>();

  set<M extends PolicyMethod>(
    model: string,
    method: M | Lowercase<M>,
    attributes: PolicyAttributes<M>,
  ): this {
    const upper = String(method).toUpperCase() as PolicyMethod;
    if (!POLICY_METHODS.includes(upper)) throw new InvalidPolicyError(`Invalid policy method: ${method}`);
    const invalid = Object.keys(attributes).filter((key) => !ATTRIBUTES[upper].includes(key));
    if (invalid.length) throw new InvalidPolicyError(`Invalid keys: ${invalid.join(', ')}`);
    let entry = this.info.get(model);
    if (!entry) this.info.set(model, (entry = defaults()));
    Object.assign(entry[upper], attributes);
    policyChanged();
    return this;
  }

  /** The model's entry, or the `'*'` one; null when neither exists. */
  entry(model: string): ModelPolicy | null {
    return this.info.get(model) ?? this.info.get('*') ?? null;
  }

  clear(): this {
    this.info.clear();
    policyChanged();
    return this;
  }
}

/** pyDAL's ALLOW_ALL_POLICY: every method of every model, any query key. */
export function allowAllPolicy(): Policy {
  return new Policy()
    .set('*', 'GET', { authorize: true, allowed_patterns: ['**'] })
    .set('*', 'POST', { authorize: true })
    .set('*', 'PUT', { authorize: true })
    .set('*', 'DELETE', { authorize: true });
}
