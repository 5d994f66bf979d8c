import type { Env, ValuePattern } from 'nest-tryton';

/**
 * The pattern of a party value model: the context's company when the company module has given the
 * value model a company (Tryton's CompanyMultiValueMixin), else none.
 */
export function partyValuePattern(model: string) {
  return (env: Env): ValuePattern => {
    if (!('company' in env.model(model)._fields)) return {};
    const company = env.context.company;
    return { company: typeof company === 'number' && Number.isInteger(company) ? company : null };
  };
}
