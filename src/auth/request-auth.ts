import { ApiError } from '../pool/errors';

/** Who a request runs as: set by the application-key guard. */
export interface RequestAuth {
  /** res.user id of the key's user. */
  user: number;
  /** The application the key was issued for (e.g. 'rest'). */
  application: string;
  /** SHA-256 of the key (hex): identifies the key without holding it. */
  keyHash: string;
}

type WithAuth = { auth?: RequestAuth };

/** The authenticated caller of a request; a route reached without the guard is a bug, not a 500 leak. */
export function getAuth(req: unknown): RequestAuth {
  const auth = (req as WithAuth).auth;
  if (!auth) throw new ApiError(401, 'Authentication required');
  return auth;
}

export function setAuth(req: unknown, auth: RequestAuth): void {
  (req as WithAuth).auth = auth;
}

/** Requests authenticated before the framework (see installCacheFastPath): for which database and header. */
const resolvedBefore = new WeakMap<object, { db: string; authorization: string; auth: RequestAuth }>();

/**
 * Records that this request's key was resolved (for `db`, from this Authorization header) before the
 * framework saw it, so that the guard need not hash and look it up a second time.
 */
export function setResolvedAuth(req: object, db: string, authorization: string, auth: RequestAuth): void {
  setAuth(req, auth);
  resolvedBefore.set(req, { db, authorization, auth });
}

/** The caller resolved before the framework, if it was for this very database and header. */
export function resolvedAuth(req: object, db: string, authorization: unknown): RequestAuth | undefined {
  const known = resolvedBefore.get(req);
  return known && known.db === db && known.authorization === authorization ? known.auth : undefined;
}
