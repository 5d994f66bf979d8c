import { PolicyViolation } from './errors';
import { fnmatch } from './fnmatch';
import { ModelPolicy, PerRequest, Policy, POLICY_METHODS, PolicyMethod, PolicyRequest } from './policy';

/** The policy entry of a model (its own or `'*'`); none is pyDAL's "No policy for this object". */
export function policyEntry(policy: Policy, model: string): ModelPolicy {
  const entry = policy.entry(model);
  if (!entry) throw new PolicyViolation('No policy for this object');
  return entry;
}

export async function evaluate<T>(value: PerRequest<T>, request: PolicyRequest): Promise<T> {
  return typeof value === 'function'
    ? await (value as (r: PolicyRequest) => T | Promise<T>)(request)
    : (value as T);
}

/**
 * pyDAL's `check_if_allowed`: the entry, the method, `authorize`, then for GET every query key
 * against `denied_patterns` (first) and `allowed_patterns` (unless they hold `**`), on the real model
 * name (never `model[fields]`). A GET then asks a callable `authorize` again with no id and no query,
 * as pyDAL's search() does: a predicate that needs the id refuses every GET there, and so here.
 */
export async function checkAllowed(
  policy: Policy,
  method: string,
  request: PolicyRequest,
  keys: string[],
): Promise<void> {
  const entry = policyEntry(policy, request.model);
  if (!POLICY_METHODS.includes(method as PolicyMethod))
    throw new PolicyViolation('No policy for this method');
  const rules = entry[method as PolicyMethod];
  if (!(await evaluate(rules.authorize, request))) throw new PolicyViolation('Not authorized');
  if (method !== 'GET') return;
  const { allowed_patterns: allowed, denied_patterns: denied } = entry.GET;
  for (const key of keys) {
    if (denied.some((p) => fnmatch(key, p))) throw new PolicyViolation('Pattern is not allowed');
    if (!allowed.includes('**') && !allowed.some((p) => fnmatch(key, p))) {
      throw new PolicyViolation('Pattern is not explicitely allowed');
    }
  }
  if (typeof rules.authorize === 'function') {
    const bare = { ...request, id: null, query: {}, body: {} };
    if (!(await evaluate(rules.authorize, bare))) throw new PolicyViolation('Not authorized');
  }
}

/** Whether GET on a model is authorized, without raising (pyDAL's `exceptions=False`). */
export async function mayGet(policy: Policy, request: PolicyRequest): Promise<boolean> {
  const entry = policy.entry(request.model);
  return !!entry && !!(await evaluate(entry.GET.authorize, request));
}
