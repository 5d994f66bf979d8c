import type { Env } from 'nest-tryton';
import type { CompanyModel } from '../company/company.model';

/** The pattern of a per-company value (list price, cost price, ...): the request's company. */
export function companyPattern(env: Env): Promise<{ company: number | null }> {
  return (env.model('company.company') as CompanyModel).valuePattern(env);
}
