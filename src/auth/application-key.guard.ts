import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { NotFoundError } from '../pool/errors';
import { UnauthorizedError } from './auth.errors';
import { DatabaseServer } from '../storage/database';
import { ApplicationKeyResolver } from './application-key-resolver';
import { keyFromAuthorization } from './key';
import { IS_PUBLIC } from './public.decorator';
import { resolvedAuth, setAuth } from './request-auth';

interface GuardedRequest {
  params?: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The one global guard: every route not marked @Public() runs as the user of a validated
 * user-application key (Bearer, or Basic with an empty user name). Unknown database: 404;
 * anything wrong with the key: 401, with one message whatever the reason.
 */
@Injectable()
export class ApplicationKeyGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(DatabaseServer) private readonly server: DatabaseServer,
    @Inject(ApplicationKeyResolver) private readonly keys: ApplicationKeyResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const db = req.params?.db;
    if (typeof db !== 'string' || !db) throw new UnauthorizedError();
    // Resolved for this database and header a moment ago, before the framework (a cache miss).
    const early = resolvedAuth(req, db, req.headers.authorization);
    if (early) {
      setAuth(req, early);
      return true;
    }
    if (!(await this.server.exists(db))) throw new NotFoundError(`Unknown database "${db}"`);
    const key = keyFromAuthorization(req.headers.authorization);
    if (!key) throw new UnauthorizedError();
    const auth = await this.keys.resolve(db, key);
    if (!auth) throw new UnauthorizedError();
    setAuth(req, auth);
    return true;
  }
}
