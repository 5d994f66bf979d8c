import { Inject, Injectable } from '@nestjs/common';
import { Env, ROOT_USER } from '../pool/env';
import { NotFoundError } from '../pool/errors';
import { Pool } from '../pool/pool';
import { DatabaseServer } from '../storage/database';
import { requestApplicationKey, revokeApplicationKey } from './application-keys';
import { TooManyAttemptsError } from './auth.errors';
import { FailureLimiter } from './failure-limiter';

/** Tryton's /:db/user/application/ routes: a consumer asks for a key, or gives one back. */
@Injectable()
export class UserApplicationService {
  constructor(
    @Inject(DatabaseServer) private readonly server: DatabaseServer,
    @Inject(Pool) private readonly pool: Pool,
    @Inject(FailureLimiter) private readonly failures: FailureLimiter,
  ) {}

  private async asRoot<T>(db: string, fn: (env: Env) => Promise<T>): Promise<T> {
    if (!(await this.server.exists(db))) throw new NotFoundError(`Unknown database "${db}"`);
    return this.server.transaction(db, false, (tx) => fn(new Env(this.pool, tx, ROOT_USER, {})));
  }

  /** A `requested` key, the same answer whether the login exists or not. */
  request(db: string, body: Record<string, unknown>): Promise<string> {
    return this.asRoot(db, (env) => requestApplicationKey(env, body.user, body.application));
  }

  /**
   * Cancels a key; too many failures for a login from one client address: 429 (the same answer
   * otherwise, found or not). The failures count per requester, so someone failing on purpose
   * locks out only themselves, never the holder of the right key asking from elsewhere.
   */
  async revoke(db: string, body: Record<string, unknown>, requester = ''): Promise<void> {
    const subject = `${db}:${typeof body.user === 'string' ? body.user : ''}:${requester}`;
    if (!(await this.server.exists(db))) throw new NotFoundError(`Unknown database "${db}"`);
    if (await this.failures.blocked(subject)) {
      throw new TooManyAttemptsError(Math.ceil(this.failures.limits.windowMs / 1000));
    }
    const revoked = await this.asRoot(db, (env) =>
      revokeApplicationKey(env, body.user, body.key, body.application),
    );
    if (revoked) await this.failures.reset(subject);
    else await this.failures.fail(subject);
  }
}
