import { and, clause, DomainNode, parseDomain } from '../domain/domain';
import type { Env } from '../pool/env';
import type { ModelClass } from '../pool/model';
import { AccessError } from '../pool/errors';
import { invalidFields, PolicyViolation } from './errors';
import type { ModelPolicy, Policy, PolicyRequest } from './policy';
import { evaluate } from './policy-check';
import { allowedFields, defaultSelection } from './table-fields';

/** What a lookup needs to enter another model: the request's env, policy and identity. */
export interface LookupScope {
  env: Env;
  policy: Policy;
  request: PolicyRequest;
}

export interface Target {
  model: ModelClass;
  entry: ModelPolicy;
  request: PolicyRequest;
}

/**
 * Entering a model through a lookup is a GET of that model: its policy must authorize it (pyDAL
 * skipped this and leaked) and the user must be allowed to read it (403 otherwise).
 */
export async function enterTarget(scope: LookupScope, model: ModelClass): Promise<Target> {
  const request: PolicyRequest = {
    ...scope.request,
    model: model.__name__,
    method: 'GET',
    id: null,
    query: {},
    body: {},
  };
  const entry = scope.policy.entry(model.__name__);
  if (!entry) throw new PolicyViolation('No policy for this object');
  if (!(await evaluate(entry.GET.authorize, request))) throw new PolicyViolation('Not authorized');
  if (scope.env.checking) await scope.env.access.checkModel(scope.env, model, 'read');
  return { model, entry, request };
}

/** The fields asked for (each one allowed by the target's policy and rights), or its default ones. */
export async function targetFields(env: Env, target: Target, requested: string[] | null): Promise<string[]> {
  if (!requested) return defaultSelection(env, target.entry, target.model);
  const allowed = await allowedFields(env, target.entry, target.model, 'GET');
  const bad = requested.filter((name) => !allowed.includes(name));
  if (bad.length) throw invalidFields(bad);
  return requested;
}

/** The policy `query` of a model as a domain node (null when it has none). */
export async function policyDomain(entry: ModelPolicy, request: PolicyRequest): Promise<DomainNode | null> {
  const query = await evaluate(entry.GET.query, request);
  if (!query) return null;
  return Array.isArray(query) ? parseDomain(query) : query;
}

/** `field IN ids`, narrowed by the target's policy query. */
export async function targetDomain(target: Target, field: string, ids: number[]): Promise<DomainNode> {
  const query = await policyDomain(target.entry, target.request);
  return and(clause(field, 'in', ids), ...(query ? [query] : []));
}

/** A column a lookup reads to join rows (link or far reference) must be readable by the user. */
export async function requireReadable(env: Env, model: ModelClass, field: string): Promise<void> {
  if (env.checking && (await env.access.deniedFields(env, model, 'read')).has(field)) {
    throw new AccessError(`You are not allowed to read field "${field}" of "${model.__name__}"`);
  }
}
