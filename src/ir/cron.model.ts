import {
  boolean,
  char,
  computed,
  datetime,
  integer,
  many2one,
  one2many,
  PlainDateTime,
  selection,
  TimeDelta,
  timedelta,
} from '../fields';
import type { Env } from '../pool/env';
import { UserError } from '../pool/errors';
import { Model, ModelClass, OrderSpec } from '../pool/model';
import { Eval, In } from '../pyson/pyson';
import { CronSchedule } from './cron/next-call';

/** The advisory lock (key1, cron id) a cron's run holds until its transaction ends. */
export const CRON_LOCK = 0x69726372; // "ircr"

// Tryton's: read-only while running; the deactivable rule adds `or not active` to every field.
const editable = { readonly: Eval('running', false) };
const hiddenFor = (types: string[]) => ({ ...editable, invisible: In(Eval('interval_type', ''), types) });

/** Days a cron log is kept (Tryton's [cron] clean_days). */
const CLEAN_DAYS = 30;

/**
 * Tryton's ir.cron: a method (`model|method`) run every interval by the scheduler (see
 * CronScheduler), as root, at the minute, hour, day and weekday it asks for; `running` while an
 * instance runs it (its advisory lock is held).
 */
export class Cron extends Model {
  static override __name__ = 'ir.cron';
  static override description = 'Cron';
  static override _recName = 'method';
  static override _order: OrderSpec = [['id', 'ASC']];
  static override fields = {
    active: boolean({ string: 'Active', default: true }),
    interval_number: integer({ string: 'Interval Number', required: true, default: 1, states: editable }),
    interval_type: selection(
      [
        ['minutes', 'Minutes'],
        ['hours', 'Hours'],
        ['days', 'Days'],
        ['weeks', 'Weeks'],
        ['months', 'Months'],
      ],
      { string: 'Interval Type', required: true, default: 'months', states: editable },
    ),
    minute: integer({ string: 'Minute', states: hiddenFor(['minutes']) }),
    hour: integer({ string: 'Hour', states: hiddenFor(['minutes', 'hours']) }),
    weekday: many2one('ir.calendar.day', {
      string: 'Day of Week',
      states: hiddenFor(['minutes', 'hours', 'days']),
    }),
    day: integer({ string: 'Day', states: hiddenFor(['minutes', 'hours', 'days', 'weeks']) }),
    timezone: computed(
      char({ string: 'Timezone' }),
      async (_env, ids) => new Map(ids.map((id) => [id, 'UTC'])),
      {
        // The scheduler's clock is UTC.
        depends: [],
      },
    ),
    next_call: datetime({ string: 'Next Call', states: editable, select: true }),
    running: computed(boolean({ string: 'Running' }), (env, ids) => Cron.running(env, ids), { depends: [] }),
    method: selection([['ir.cron.log|clean', 'Clean Cron Logs']], {
      string: 'Method',
      required: true,
      states: editable,
    }),
    logs: one2many('ir.cron.log', 'cron', { string: 'Logs', readonly: true }),
  };
  static override _buttons = {
    run_once: { summary: 'runs the method now, once (as the caller)' },
  };

  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      `SELECT "minute", "hour", "day", "interval_number" FROM "ir_cron" WHERE "id" = ANY($1)
        AND ("minute" NOT BETWEEN 0 AND 59 OR "hour" NOT BETWEEN 0 AND 23 OR "day" < 0 OR "interval_number" < 0) LIMIT 1`,
      [ids],
    );
    if (rows.length) {
      throw new UserError(
        'A cron runs at a minute from 0 to 59, an hour from 0 to 23, a day of 0 or more, every 0 or more intervals.',
      );
    }
  }

  /** Crons an instance is running now: their lock is held by another session. */
  static async running(env: Env, ids: number[]): Promise<Map<number, boolean>> {
    const rows = await env.tx.query(
      `SELECT "objid" FROM "pg_locks" WHERE "locktype" = 'advisory' AND "classid" = $1 AND "objsubid" = 2
         AND "objid" = ANY($2::oid[]) AND "granted" AND "pid" <> pg_backend_pid()
         AND "database" = (SELECT "oid" FROM "pg_database" WHERE "datname" = current_database())`,
      [CRON_LOCK, ids],
    );
    const busy = new Set(rows.map((r) => Number(r.objid)));
    return new Map(ids.map((id) => [id, busy.has(id)]));
  }

  /** What the next call is computed from. */
  static async schedules(env: Env, ids: number[]): Promise<Map<number, CronSchedule>> {
    const rows = await env.tx.query(
      `SELECT "c"."id", "c"."interval_number", "c"."interval_type", "c"."minute", "c"."hour", "c"."day", "d"."index" AS "weekday"
         FROM "ir_cron" AS "c" LEFT JOIN "ir_calendar_day" AS "d" ON "d"."id" = "c"."weekday" WHERE "c"."id" = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id as number, r as unknown as CronSchedule]));
  }

  /** Tryton's run_once: each cron's method, once, now (the button, and the scheduler's call). */
  static async run_once(env: Env, ids: number[], _kwargs: Record<string, unknown> = {}): Promise<void> {
    const rows = await this.read(env.withoutChecks(), ids, ['method']);
    for (const row of rows) await (this as typeof Cron).runMethod(env, String(row.method));
  }

  /** Calls `model|method` of a cron: a static method of the model taking the env. */
  static async runMethod(env: Env, method: string): Promise<void> {
    const [modelName, name] = method.split('|');
    const model = env.pool.has(modelName)
      ? (env.pool.get(modelName) as ModelClass & Record<string, unknown>)
      : null;
    const fn = model?.[name];
    if (!model || typeof fn !== 'function') throw new UserError(`The cron method "${method}" does not exist`);
    await (fn as (env: Env) => Promise<unknown>).call(model, env);
  }
}

/** Tryton's ir.cron.log: when each run of a cron started and ended. */
export class CronLog extends Model {
  static override __name__ = 'ir.cron.log';
  static override description = 'Cron Log';
  static override _recName = null;
  static override _access = 'cron';
  static override _order: OrderSpec = [
    ['started', 'DESC'],
    ['id', 'DESC'],
  ];
  static override fields = {
    cron: many2one('ir.cron', { string: 'Cron', required: true, ondelete: 'CASCADE', select: true }),
    started: datetime({ string: 'Started', required: true }),
    ended: datetime({ string: 'Ended', required: true }),
    duration: computed(
      timedelta({ string: 'Duration' }),
      async (env, ids) => {
        const rows = await env.tx.query(
          'SELECT "id", EXTRACT(EPOCH FROM "ended" - "started") AS "s" FROM "ir_cron_log" WHERE "id" = ANY($1)',
          [ids],
        );
        return new Map(rows.map((r) => [r.id as number, new TimeDelta(Number(r.s))]));
      },
      { depends: ['started', 'ended'] },
    ),
  };

  /** Tryton's Log.clean: the logs older than the days kept go (the cron `ir.cron.log|clean`). */
  static async clean(env: Env): Promise<void> {
    const cutoff = new Date(Date.now() - CLEAN_DAYS * 86_400_000);
    const rows = await env.tx.query('SELECT "id" FROM "ir_cron_log" WHERE "create_date" < $1', [
      PlainDateTime.fromDate(cutoff).toString(),
    ]);
    if (rows.length)
      await this.delete(
        env,
        rows.map((r) => r.id as number),
      );
  }
}
