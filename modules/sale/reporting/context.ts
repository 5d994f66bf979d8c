import { PlainDate, ROOT_USER } from 'nest-tryton';
import type { Env } from 'nest-tryton';

export const PERIODS = ['year', 'month', 'day'] as const;
export type Period = (typeof PERIODS)[number];

/**
 * The context of sale reporting (Tryton's sale.reporting.context): `company`, `from_date`, `to_date`
 * (either may be absent: no bound) and `period` (year, month or day; default month). Values become SQL
 * literals: each is validated first.
 */
export interface ReportingContext {
  company: number | null;
  from: string | null;
  to: string | null;
  period: Period;
  /** The user whose companies bound the report (null for internal reads). */
  user: number | null;
}

function dateOf(value: unknown): string | null {
  if (value instanceof PlainDate) return value.toString();
  if (typeof value === 'string') return PlainDate.parse(value)?.toString() ?? null;
  return null;
}

export function reportingContext(env: Env): ReportingContext {
  const company = env.context.company;
  const period = env.context.period;
  return {
    company: typeof company === 'number' && Number.isInteger(company) && company > 0 ? company : null,
    from: dateOf(env.context.from_date),
    to: dateOf(env.context.to_date),
    period: PERIODS.includes(period as Period) ? (period as Period) : 'month',
    user: env.checking && env.user !== ROOT_USER ? env.user : null,
  };
}
