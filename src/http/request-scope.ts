import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Request } from 'express';
import { getAuth } from '../auth/request-auth';
import { MODEL_GENERATIONS, ModelGenerations } from '../cache/cache.tokens';
import { ACCESS_CONTROL, AccessControl, Context, Env } from '../pool/env';
import { Pool } from '../pool/pool';
import { DatabaseServer } from '../storage/database';
import { stateOf } from './request-state';

export interface OpenScope {
  env: Env;
  /** Commits (or rolls back on error) and releases the connection; records reads and bumps writes. */
  finish(error?: unknown): Promise<void>;
}

/**
 * One transaction per request, run as the key's user with the request context: committed when the
 * work succeeds, rolled back on any error; after a commit, the generations of every model written
 * are bumped before the answer leaves (so no cache can serve data older than an acknowledged write).
 */
@Injectable()
export class RequestScope {
  constructor(
    @Inject(DatabaseServer) private readonly server: DatabaseServer,
    @Inject(Pool) private readonly pool: Pool,
    @Inject(ACCESS_CONTROL) private readonly access: AccessControl,
    @Optional() @Inject(MODEL_GENERATIONS) private readonly generations?: ModelGenerations,
  ) {}

  async open(req: Request, readOnly: boolean, context: Context): Promise<OpenScope> {
    const db = req.params.db as string;
    const auth = getAuth(req);
    const session = await this.server.begin(db, readOnly);
    const { tx, release } = session;
    const env = new Env(this.pool, tx, auth.user, context, this.access, auth.application);
    const state = stateOf(req);
    let done = false;
    // A client that goes away before its answer is complete cancels the statement running for it
    // (then the transaction is rolled back by whoever was waiting on that statement).
    const res = req.res;
    const onClose = () => {
      if (!done && res && !res.writableFinished) session.cancel();
    };
    res?.on('close', onClose);
    return {
      env,
      finish: async (error?: unknown) => {
        if (done) return;
        done = true;
        res?.removeListener('close', onClose);
        env.reads.forEach((m) => state.reads.add(m));
        try {
          // An answer made of records only this user sees (own applications) is nobody else's.
          if (!error && env.checking && this.access.perUserModels) {
            const own = await this.access.perUserModels(env);
            if ([...env.reads].some((m) => own.has(m))) state.cacheable = false;
          }
          if (error) {
            state.cacheable = false;
            await tx.rollback();
          } else {
            await tx.commit();
            env.touched.forEach((m) => state.touched.add(m));
            if (env.touched.size) {
              state.cacheable = false;
              await this.generations?.bump(db, env.touched);
            }
          }
        } finally {
          release();
        }
      },
    };
  }

  async run<T>(req: Request, readOnly: boolean, context: Context, fn: (env: Env) => Promise<T>): Promise<T> {
    const scope = await this.open(req, readOnly, context);
    let result: T;
    try {
      result = await fn(scope.env);
    } catch (e) {
      await scope.finish(e).catch(() => undefined);
      throw e;
    }
    await scope.finish();
    return result;
  }
}
