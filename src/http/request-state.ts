import type { Request } from 'express';

/** Per-request facts that cross layers: which models the answer read, which ones a write touched. */
export interface RequestState {
  /** Models whose data shaped the answer (cache dependencies). */
  reads: Set<string>;
  /** Models written by the request (cache generations to bump after commit). */
  touched: Set<string>;
  /** Whether the answer may be cached (false for errors, non-GET, or when a route says so). */
  cacheable: boolean;
}

const STATE = Symbol('tryton:request-state');

export function stateOf(req: Request): RequestState {
  const holder = req as unknown as Record<symbol, RequestState>;
  return (holder[STATE] ??= { reads: new Set(), touched: new Set(), cacheable: true });
}
