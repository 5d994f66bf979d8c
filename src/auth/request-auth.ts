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
