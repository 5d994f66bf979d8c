import { and, clause, DomainNode, Operator } from '../domain/domain';
import type { Field } from '../fields/field';
import { Many2OneField } from '../fields/many2one';
import { One2ManyField } from '../fields/one2many';
import { Many2ManyField } from '../fields/many2many';
import type { Env } from '../pool/env';
import { AccessError, BadRequestError } from '../pool/errors';
import type { ModelClass } from '../pool/model';
import { keyError } from './errors';
import { INTEGER_TYPES, parseFilterValue, TEXT_TYPES } from './filter-values';
import { pyRepr } from './python-text';
import { reverseFieldName } from './reverse-views';
import { ownField } from './table-fields';

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

/** `[not.]path[.op]`: `eq` when the last part is not one of the nine operators (exact, lower case). */
export function splitFilterKey(key: string): FilterKey {
  const path = key.split('.');
  const operator = OPERATOR_SET.has(path[path.length - 1]) ? (path.pop() as FilterOperator) : 'eq';
  const negated = path[0] === 'not';
  if (negated) path.shift();
  if (!path.length) throw new BadRequestError(`Invalid filter ${pyRepr(key)}: no field`);
  return { negated, operator, path };
}

interface ResolvedPath {
  /** The relation fields walked (virtual reverse fields included), each on the previous model. */
  steps: string[];
  model: ModelClass;
  field: Field;
}

const isRelation = (f: Field): f is Many2OneField | One2ManyField | Many2ManyField =>
  f instanceof Many2OneField || f instanceof One2ManyField || f instanceof Many2ManyField;

/**
 * Walks a path: a field of the current model (a relation field moves on to its target), else
 * pyDAL's reverse form `<link field>.<model>` (rows of that model whose link field points here). A
 * path ending on a relation to many compares the related ids. `env` sees models through their views.
 */
export async function resolvePath(
  env: Env,
  root: ModelClass,
  path: string[],
  key: string,
): Promise<ResolvedPath> {
  const steps: string[] = [];
  let model = root;
  for (let i = 0; i < path.length; i++) {
    const name = path[i];
    const field = ownField(model, name);
    const last = i === path.length - 1;
    if (field && last) {
      if (field instanceof One2ManyField || field instanceof Many2ManyField) {
        const target = env.model(field.target);
        return { steps: [...steps, name], model: target, field: target._fields.id };
      }
      return { steps, model, field };
    }
    if (field) {
      if (!isRelation(field)) {
        throw new BadRequestError(
          `Field ${pyRepr(name)} of ${model.__name__} is not a reference in ${pyRepr(key)}`,
        );
      }
      steps.push(name);
      model = env.model(field.target);
      continue;
    }
    if (last) throw keyError(name);
    model = await reverseStep(env, model, name, path[i + 1]);
    steps.push(reverseFieldName(name, path[i + 1]));
    i++;
    if (i === path.length - 1)
      throw new BadRequestError(`Filter ${pyRepr(key)} names no field of ${path[i]}`);
  }
  throw keyError(path[path.length - 1]);
}

/** Validates `<link>.<other>`: a plain-named model whose many2one `link` points at `model`. */
export async function reverseStep(
  env: Env,
  model: ModelClass,
  link: string,
  other: string,
): Promise<ModelClass> {
  if (other.includes('.') || !env.pool.has(other) || env.pool.get(other)._internal) throw keyError(other);
  const target = env.model(other);
  const field = ownField(target, link);
  if (!field) throw keyError(link);
  if (!(field instanceof Many2OneField) || field.target !== model.__name__) {
    throw new BadRequestError(`Field ${other}.${link} does not reference ${model.__name__}`);
  }
  // The compiler reads the link column directly: check it is readable here.
  if (env.checking && (await env.access.deniedFields(env, target, 'read')).has(link)) {
    throw new AccessError(`You are not allowed to filter on field "${link}" of "${other}"`);
  }
  return target;
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
