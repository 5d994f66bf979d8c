/**
 * PYSON, Tryton's expression language for dynamic field attributes (`states`), in its JSON encoding:
 * each node is an object whose `__class__` names the operation, exactly as Tryton's PYSONEncoder writes
 * it (so a rule declared here compares equal to the one a Tryton server describes). The builders carry
 * Tryton's names; Date and DateTime are PysonDate and PysonDateTime so as not to hide JavaScript's Date.
 */
/** A PYSON operand: a plain JSON value (dicts included, as `Eval('context', {})` has) or an expression. */
export type PysonValue =
  string | number | boolean | null | PysonValue[] | PysonNode | { [key: string]: PysonValue };
export interface PysonNode {
  __class__: string;
  [key: string]: unknown;
}

/** The value of `name` in the record (dotted names walk dictionaries: `_parent_sale.state`), or `d`. */
export const Eval = (v: string, d: PysonValue = ''): PysonNode => ({ __class__: 'Eval', v, d });
export const Not = (v: PysonValue): PysonNode => ({ __class__: 'Not', v });
export const Bool = (v: PysonValue): PysonNode => ({ __class__: 'Bool', v });
export const And = (...s: PysonValue[]): PysonNode => ({ __class__: 'And', s });
export const Or = (...s: PysonValue[]): PysonNode => ({ __class__: 'Or', s });
export const Equal = (s1: PysonValue, s2: PysonValue): PysonNode => ({ __class__: 'Equal', s1, s2 });
export const Greater = (s1: PysonValue, s2: PysonValue, e = false): PysonNode => ({
  __class__: 'Greater',
  s1,
  s2,
  e,
});
export const Less = (s1: PysonValue, s2: PysonValue, e = false): PysonNode => ({
  __class__: 'Less',
  s1,
  s2,
  e,
});
export const If = (c: PysonValue, t: PysonValue, e: PysonValue): PysonNode => ({ __class__: 'If', c, t, e });
export const Get = (v: PysonValue, k: string, d: PysonValue = ''): PysonNode => ({
  __class__: 'Get',
  v,
  k,
  d,
});
export const In = (k: PysonValue, v: PysonValue): PysonNode => ({ __class__: 'In', k, v });
export const Len = (v: PysonValue): PysonNode => ({ __class__: 'Len', v });

export interface DateParts {
  year?: PysonValue;
  month?: PysonValue;
  day?: PysonValue;
  deltaYears?: PysonValue;
  deltaMonths?: PysonValue;
  deltaDays?: PysonValue;
  start?: PysonValue;
}
/** Today (or `start`), with the given parts replaced, then the deltas added (Tryton's Date). */
export const PysonDate = (p: DateParts = {}): PysonNode => ({
  __class__: 'Date',
  y: p.year ?? null,
  M: p.month ?? null,
  d: p.day ?? null,
  dy: p.deltaYears ?? 0,
  dM: p.deltaMonths ?? 0,
  dd: p.deltaDays ?? 0,
  start: p.start ?? null,
});
export interface DateTimeParts extends DateParts {
  hour?: PysonValue;
  minute?: PysonValue;
  second?: PysonValue;
  microsecond?: PysonValue;
  deltaHours?: PysonValue;
  deltaMinutes?: PysonValue;
  deltaSeconds?: PysonValue;
  deltaMicroseconds?: PysonValue;
}
export const PysonDateTime = (p: DateTimeParts = {}): PysonNode => ({
  __class__: 'DateTime',
  y: p.year ?? null,
  M: p.month ?? null,
  d: p.day ?? null,
  h: p.hour ?? null,
  m: p.minute ?? null,
  s: p.second ?? null,
  ms: p.microsecond ?? null,
  dy: p.deltaYears ?? 0,
  dM: p.deltaMonths ?? 0,
  dd: p.deltaDays ?? 0,
  dh: p.deltaHours ?? 0,
  dm: p.deltaMinutes ?? 0,
  ds: p.deltaSeconds ?? 0,
  dms: p.deltaMicroseconds ?? 0,
  start: p.start ?? null,
});

/** Tryton's field `states`: when the field is read-only, required or invisible. */
export interface FieldStates {
  readonly?: PysonValue;
  required?: PysonValue;
  invisible?: PysonValue;
}

export function isPysonNode(value: unknown): value is PysonNode {
  return !!value && typeof value === 'object' && typeof (value as PysonNode).__class__ === 'string';
}

/** The record names a PYSON expression reads (the `v` of every Eval), e.g. `state`, `_parent_sale.state`. */
export function evalNames(expr: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(expr)) expr.forEach((e) => evalNames(e, into));
  else if (isPysonNode(expr)) {
    if (expr.__class__ === 'Eval' && typeof expr.v === 'string') into.add(expr.v);
    for (const [key, value] of Object.entries(expr)) if (key !== '__class__') evalNames(value, into);
  }
  return into;
}

/** Names through which a rule reads the record's state: a workflow `state`, a `*_state`, `active`. */
export function isStateName(name: string): boolean {
  return name === 'state' || name.endsWith('_state') || name === 'active' || name.endsWith('.state');
}

/**
 * The part of a rule that reads the record's state, or null when it reads none: an Or keeps its
 * terms that do, an And its terms that do (the others are taken as true), a comparison is kept whole
 * when it reads the state. `Or(Not(Equal(Eval('state'), 'draft')), And(Bool(Eval('lines')), …))`
 * becomes `Or(Not(Equal(Eval('state'), 'draft')))`.
 */
export function stateRule(expr: unknown): PysonValue | null {
  if (!isPysonNode(expr)) return null;
  switch (expr.__class__) {
    case 'Eval':
      return typeof expr.v === 'string' && isStateName(expr.v) ? expr : null;
    case 'Not':
    case 'Bool': {
      const inner = stateRule(expr.v);
      return inner === null ? null : { ...expr, v: inner };
    }
    case 'And':
    case 'Or': {
      const terms = ((expr.s as unknown[]) ?? []).map(stateRule).filter((t) => t !== null);
      return terms.length ? { ...expr, s: terms } : null;
    }
    default:
      return [...evalNames(expr)].some(isStateName) ? expr : null;
  }
}
