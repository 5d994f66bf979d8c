import { BadRequestError } from '../pool/errors';

/** A domain as it arrives: Tryton's JSON list syntax. */
export type DomainInput = unknown[];

export const OPERATORS = [
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  'not in',
  'like',
  'not like',
  'ilike',
  'not ilike',
  'child_of',
  'not child_of',
  'parent_of',
  'not parent_of',
  'where',
  'not where',
] as const;
export type Operator = (typeof OPERATORS)[number];

const OPERATOR_SET = new Set<string>(OPERATORS);

export const NEGATIVE_OPERATORS = new Set<Operator>([
  '!=',
  'not in',
  'not like',
  'not ilike',
  'not child_of',
  'not parent_of',
  'not where',
]);

/** The one internal query form: both dialects parse into it; the compiler turns it into SQL. */
export type DomainNode =
  | { kind: 'bool'; op: 'AND' | 'OR'; children: DomainNode[] }
  | { kind: 'clause'; path: string[]; operator: Operator; value: unknown; extra?: string };

export const TRUE_DOMAIN: DomainNode = { kind: 'bool', op: 'AND', children: [] };

export function and(...children: DomainNode[]): DomainNode {
  const kept = children.filter((c) => !(c.kind === 'bool' && c.op === 'AND' && c.children.length === 0));
  if (kept.length === 1) return kept[0];
  return { kind: 'bool', op: 'AND', children: kept };
}

export function clause(
  path: string | string[],
  operator: Operator,
  value: unknown,
  extra?: string,
): DomainNode {
  return { kind: 'clause', path: typeof path === 'string' ? path.split('.') : path, operator, value, extra };
}

export class DomainSyntaxError extends BadRequestError {}

const MAX_DEPTH = 32;

/** Parses Tryton's domain syntax; structure and operators only (fields are checked by the compiler). */
export function parseDomain(input: unknown, depth = 0): DomainNode {
  if (depth > MAX_DEPTH) throw new DomainSyntaxError('Invalid domain: nested too deeply');
  if (!Array.isArray(input)) throw new DomainSyntaxError('Invalid domain: expected a list');
  if (isClause(input)) return parseClause(input, depth);
  let op: 'AND' | 'OR' = 'AND';
  let items = input;
  if (items.length && (items[0] === 'AND' || items[0] === 'OR')) {
    op = items[0];
    items = items.slice(1);
  }
  const children = items.map((item) => {
    if (!Array.isArray(item)) {
      throw new DomainSyntaxError(
        `Invalid domain: unexpected ${JSON.stringify(item)} (expected a clause or a list)`,
      );
    }
    return parseDomain(item, depth + 1);
  });
  return { kind: 'bool', op, children };
}

function isClause(item: unknown[]): boolean {
  return (
    item.length >= 3 &&
    item.length <= 4 &&
    typeof item[0] === 'string' &&
    typeof item[1] === 'string' &&
    item[0] !== 'AND' &&
    item[0] !== 'OR'
  );
}

function parseClause(item: unknown[], depth: number): DomainNode {
  const [path, operator, value, extra] = item as [string, string, unknown, unknown];
  if (!OPERATOR_SET.has(operator))
    throw new DomainSyntaxError(`Invalid domain: unknown operator "${operator}"`);
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/i.test(path)) {
    throw new DomainSyntaxError(`Invalid domain: malformed field path "${path}"`);
  }
  if (extra !== undefined && typeof extra !== 'string') {
    throw new DomainSyntaxError('Invalid domain: the fourth element of a clause must be a field name');
  }
  const op = operator as Operator;
  if ((op === 'in' || op === 'not in') && !Array.isArray(value)) {
    throw new DomainSyntaxError(`Invalid domain: "${op}" needs a list`);
  }
  if (op === 'where' || op === 'not where') {
    return {
      kind: 'clause',
      path: path.split('.'),
      operator: op,
      value: parseDomain(value, depth + 1),
      extra,
    };
  }
  return { kind: 'clause', path: path.split('.'), operator: op, value, extra };
}

/** Whether the top level of a domain mentions `active` (then no implicit active filter). */
export function mentionsActive(node: DomainNode): boolean {
  if (node.kind === 'clause') return node.path[0] === 'active';
  return (
    node.children.some((c) => c.kind === 'clause' && c.path[0] === 'active') ||
    node.children.some((c) => c.kind === 'bool' && mentionsActive(c))
  );
}
