import { and, clause, DomainNode, Operator } from '../domain/domain';
import type { Field } from '../fields/field';
import { Many2OneField } from '../fields/many2one';
import type { Env } from '../pool/env';
import { BadRequestError } from '../pool/errors';
import type { ModelClass } from '../pool/model';
import { resolvePath } from './filter-path';
import { INTEGER_TYPES, parseFilterValue, TEXT_TYPES } from './filter-values';
import { pyRepr } from './python-text';

export const FILTER_OPERATORS = ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'startswith', 'contains', 'in'] as const;
type FilterOperator = (typeof FILTER_OPERATORS)[number];
const OPERATOR_SET = new Set<string>(FILTER_OPERATORS);

const SQL_OPERATOR: Record<FilterOperator, Operator> = {
  eq: '=',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
  startswith: 'like',
  contains: 'ilike',
  in: 'in',
};

/** `not.` on a column: the opposite comparison (NULLs match neither, as with SQL's NOT). */
const NEGATED: Partial<Record<Operator, Operator>> = {
  '=': '!=',
  '!=': '=',
  '<': '>=',
  '>': '<=',
  '<=': '>',
  '>=': '<',
  like: 'not like',
  ilike: 'not ilike',
  in: 'not in',
};

const INT_MAX = 2147483647;
const NOTHING = clause('id', 'in', []);

interface FilterKey {
  negated: boolean;
  operator: FilterOperator;
  path: string[];
}

/**
 * `[not.]path[.op]`: `eq` when the last part is not one of the nine operators (exact, lower case).
 * A key with no field left (`eq`, `not`, `not.in`) has an empty path: pyDAL ignores it.
 */
export function splitFilterKey(key: string): FilterKey {
  const path = key.split('.');
  const operator = OPERATOR_SET.has(path[path.length - 1]) ? (path.pop() as FilterOperator) : 'eq';
  const negated = path[0] === 'not';
  if (negated) path.shift();
  return { negated, operator, path };
}

function integerCondition(field: Field, operator: Operator, value: unknown): DomainNode {
  const min = field instanceof Many2OneField ? 1 : -INT_MAX - 1;
  const inRange = (v: number) => v >= min && v <= INT_MAX;
  const notNull = clause(field.name, '!=', null);
  if (operator === 'in' || operator === 'not in') {
    const valid = (value as number[]).filter(inRange);
    if (valid.length) return clause(field.name, operator, valid);
    return operator === 'in' ? NOTHING : notNull;
  }
  const n = value as number;
  if (inRange(n)) return clause(field.name, operator, n);
  // Out of the column's range: no stored value equals it, every non-null one is above or below.
  if (operator === '=') return NOTHING;
  if (operator === '!=') return notNull;
  const below = n < min;
  return (operator === '<' || operator === '<=') === below ? NOTHING : notNull;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** One comparison on the path's last field, the value parsed by the field's type. */
function condition(field: Field, operator: FilterOperator, text: string, negated: boolean): DomainNode {
  let sqlOperator = SQL_OPERATOR[operator];
  if (negated) sqlOperator = NEGATED[sqlOperator]!;
  if (operator === 'startswith' || operator === 'contains') {
    if (!TEXT_TYPES.has(field.type)) {
      throw new BadRequestError(
        `Operator ${operator} needs a text field, ${pyRepr(field.name)} is ${field.type}`,
      );
    }
    const pattern = operator === 'startswith' ? `${escapeLike(text)}%` : `%${escapeLike(text)}%`;
    return clause(field.name, sqlOperator, pattern);
  }
  const value =
    operator === 'in'
      ? text.split(',').map((v) => parseFilterValue(field, v))
      : parseFilterValue(field, text);
  if (INTEGER_TYPES.has(field.type)) return integerCondition(field, sqlOperator, value);
  return clause(field.name, sqlOperator, value);
}

/** Wraps the conditions of a group in `where` steps; `not.` makes the outer one "no related row". */
function chain(steps: string[], inner: DomainNode, negated: boolean): DomainNode {
  let node = inner;
  for (let i = steps.length - 1; i >= 0; i--) {
    node = clause([steps[i]], i === 0 && negated ? 'not where' : 'where', node);
  }
  return node;
}

/**
 * The filter keys of a GET as one domain, added in query-string order (the first bad key is the
 * answer): keys are ANDed; conditions sharing `not.` and the whole relation prefix must hold on the
 * same related row (pyDAL's one subquery per prefix).
 */
export class FilterBuilder {
  private readonly plain: DomainNode[] = [];
  private readonly groups = new Map<
    string,
    { negated: boolean; steps: string[]; conditions: DomainNode[] }
  >();

  constructor(
    private readonly env: Env,
    private readonly model: ModelClass,
  ) {}

  async add(key: string, text: string): Promise<void> {
    const { negated, operator, path } = splitFilterKey(key);
    if (!path.length) return; // pyDAL lists every row for `?eq=x` or `?not=x`
    const { steps, field } = await resolvePath(this.env, this.model, path, key);
    if (!steps.length) {
      this.plain.push(condition(field, operator, text, negated));
      return;
    }
    const id = JSON.stringify([negated, steps]);
    let group = this.groups.get(id);
    if (!group) this.groups.set(id, (group = { negated, steps, conditions: [] }));
    group.conditions.push(condition(field, operator, text, false));
  }

  build(): DomainNode {
    const grouped = [...this.groups.values()].map((g) => chain(g.steps, and(...g.conditions), g.negated));
    return and(...this.plain, ...grouped);
  }
}
