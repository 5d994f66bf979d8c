import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Logger } from 'pino';
import { MODEL_GENERATIONS, ModelGenerations } from '../../cache/cache.tokens';
import { AppConfig } from '../../config/config';
import { PlainDateTime } from '../../fields/values';
import { LOGGER } from '../../logging/request-log';
import { ACCESS_CONTROL, AccessControl, Env, ROOT_USER } from '../../pool/env';
import { Pool } from '../../pool/pool';
import { DatabaseServer } from '../../storage/database';
import { CRON_LOCK, Cron } from '../cron.model';
import { computeNextCall } from './next-call';

/** What one pass over a database did. */
export interface CronPass {
  /** Crons run and committed. */
  ran: number[];
  /** Crons that failed (rolled back; their next call moved on). */
  failed: number[];
}

/**
 * The scheduler (Tryton's trytond-cron, in process): every CRON_INTERVAL ms, on each database, the
 * active crons whose next call has come are run one by one as root, each in its own transaction that
 * also moves its next call on and logs the run. A cron's transaction holds an advisory lock on it:
 * another instance (or pass) skips a cron that is running, so a cron runs on one instance at a time.
 */
@Injectable()
export class CronScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(DatabaseServer) private readonly server: DatabaseServer,
    @Inject(Pool) private readonly pool: Pool,
    @Inject(ACCESS_CONTROL) private readonly access: AccessControl,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(MODEL_GENERATIONS) private readonly generations?: ModelGenerations,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.cronInterval > 0 && this.pool.has('ir.cron')) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current?.catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.current = this.tick().finally(() => {
        this.current = null;
        this.schedule();
      });
    }, this.config.cronInterval);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const databases = this.config.cronDatabases ?? (await this.server.list());
      for (const db of databases) {
        if (this.stopped) return;
        await this.runDue(db).catch((e: unknown) =>
          this.logger.error({ err: e, db }, 'cron pass failed on "%s"', db),
        );
      }
    } catch (e) {
      this.logger.error({ err: e }, 'cron pass failed');
    }
  }

  /** One pass over a database: every due cron no other instance is running, once. */
  async runDue(db: string, now: Date = new Date()): Promise<CronPass> {
    const pass: CronPass = { ran: [], failed: [] };
    const skip = new Set<number>();
    const nowText = PlainDateTime.fromDate(now).toString();
    for (;;) {
      const session = await this.server.begin(db, false);
      const env = new Env(this.pool, session.tx, ROOT_USER, {}, this.access, null);
      let id: number | null = null;
      try {
        id = await this.lockNext(env, nowText, skip);
        if (id === null) {
          await session.tx.commit();
          session.release();
          break;
        }
        const started = PlainDateTime.now();
        const name = `<Cron ${id}@${db}>`;
        const clock = performance.now();
        await (env.model('ir.cron') as typeof Cron).run_once(env, [id]);
        await this.moveOn(env, id, now);
        await env.model('ir.cron.log').create(env, [{ cron: id, started, ended: PlainDateTime.now() }]);
        await session.tx.commit();
        session.release();
        await this.generations?.bump(db, env.touched);
        this.logger.info('%s in %d ms', name, Math.round(performance.now() - clock));
        pass.ran.push(id);
      } catch (e) {
        await session.tx.rollback().catch(() => undefined);
        session.release();
        if (id === null) throw e;
        this.logger.warn({ err: e, db, cron: id }, 'cron %d failed on "%s"', id, db);
        skip.add(id);
        pass.failed.push(id);
      }
    }
    // A failed cron waits for its next call, as in Tryton (its work was rolled back).
    for (const id of skip) {
      await this.server
        .transaction(db, false, async (tx) => {
          const env = new Env(this.pool, tx, ROOT_USER, {}, this.access, null);
          const [locked] = await tx.query('SELECT pg_try_advisory_xact_lock($1, $2) AS "ok"', [
            CRON_LOCK,
            id,
          ]);
          if (locked.ok) await this.moveOn(env, id, now);
          return env.touched;
        })
        .then((touched) => this.generations?.bump(db, touched))
        .catch((e: unknown) => this.logger.warn({ err: e, db, cron: id }, 'cron %d not rescheduled', id));
    }
    return pass;
  }

  /** The first due cron (by id) this session could lock, still due once locked; or null. */
  private async lockNext(env: Env, now: string, skip: Set<number>): Promise<number | null> {
    const due = await env.tx.query(
      `SELECT "id" FROM "ir_cron" WHERE "active" AND COALESCE("next_call", $1) <= $1 AND NOT ("id" = ANY($2)) ORDER BY "id"`,
      [now, [...skip]],
    );
    for (const row of due) {
      const id = row.id as number;
      const [lock] = await env.tx.query('SELECT pg_try_advisory_xact_lock($1, $2) AS "ok"', [CRON_LOCK, id]);
      if (!lock.ok) continue; // another instance runs it
      // It may have run (and moved on) between the select and the lock.
      const still = await env.tx.query(
        `SELECT 1 FROM "ir_cron" WHERE "id" = $1 AND "active" AND COALESCE("next_call", $2) <= $2`,
        [id, now],
      );
      if (still.length) return id;
    }
    return null;
  }

  private async moveOn(env: Env, id: number, now: Date): Promise<void> {
    const Cron = env.model('ir.cron') as typeof import('../cron.model').Cron;
    const schedule = (await Cron.schedules(env, [id])).get(id);
    if (!schedule) return;
    const next = PlainDateTime.fromDate(computeNextCall(schedule, now));
    await Cron.write(env, [id], { next_call: next });
  }
}
