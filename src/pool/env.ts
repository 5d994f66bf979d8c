import { AppConfig, loadConfig } from '../config/config';
import type { Transaction } from '../storage/transaction';
import type { DomainInput } from '../domain/domain';
import type { Pool } from './pool';
import type { ModelClass } from './model';

export type Context = Record<string, unknown>;
export type AccessMode = 'read' | 'write' | 'create' | 'delete';

/**
 * Access control as the storage layer sees it. The root implementation allows everything; the ir
 * module provides Tryton's (model access, field access, record rules, buttons).
 */
export interface AccessControl {
  /** Throws AccessError when the user may not do `mode` on the model. */
  checkModel(env: Env, model: ModelClass, mode: AccessMode): Promise<void>;
  canModel(env: Env, model: ModelClass, mode: AccessMode): Promise<boolean>;
  /** Names of the model's fields the user may not read/write (empty set when all are allowed). */
  deniedFields(env: Env, model: ModelClass, mode: 'read' | 'write'): Promise<Set<string>>;
  /** The record-rule domain to AND into searches, or null when none applies. */
  ruleDomain(env: Env, model: ModelClass, mode: AccessMode): Promise<DomainInput | null>;
  /** Throws AccessError when the user may not press the button. */
  checkButton(env: Env, model: ModelClass, button: string): Promise<void>;
  /** A fingerprint of everything that shapes what this user may see (for cache keys). */
  profile(env: Env): Promise<string>;
  /**
   * Models whose visible records depend on the user's own identity, beyond the profile (rules on
   * `user.id`): an answer that read one of them is not shared through the cache.
   */
  perUserModels?(env: Env): Promise<ReadonlySet<string>>;
}

export const rootAccess: AccessControl = {
  async checkModel() {},
  async canModel() {
    return true;
  },
  async deniedFields() {
    return new Set();
  },
  async ruleDomain() {
    return null;
  },
  async checkButton() {},
  async profile() {
    return 'root';
  },
};

/** Tryton's root user id: internal work that bypasses access control. */
export const ROOT_USER = 0;

/**
 * The fields the caller of a model's create or write gave, per record, before the model's own
 * overrides added any (a party's code from its sequence): the rules on fields judge only these.
 */
export interface CallerFields {
  model: string;
  keys: string[][];
}

/** What an Env shares with the Env it was derived from. */
interface Shared {
  touched: Set<string>;
  reads: Set<string>;
  callerFields?: CallerFields | null;
}

/** Everything a model method needs about the request: transaction, user, context, language, access. */
export class Env {
  /** Models written in this transaction (cache invalidation after commit). */
  readonly touched: Set<string>;
  /** Models whose data the answer was built from (cache dependencies). */
  readonly reads: Set<string>;
  /**
   * Set on the Env a composed model's create or write passes down its overrides (see the pool), and
   * kept by the Envs derived from it. Carried by the Env, not by an AsyncLocalStorage: once one runs,
   * Node 20 calls a hook on every promise of the process, and reads after the first write were ~8%
   * slower.
   */
  readonly callerFields: CallerFields | null;

  constructor(
    readonly pool: Pool,
    readonly tx: Transaction,
    readonly user: number,
    readonly context: Context = {},
    readonly access: AccessControl = rootAccess,
    readonly application: string | null = null,
    shared?: Shared,
  ) {
    this.touched = shared?.touched ?? new Set();
    this.reads = shared?.reads ?? new Set();
    this.callerFields = shared?.callerFields ?? null;
  }

  /** Same everything, for a create or write of `model` whose caller gave these fields per record. */
  withCallerFields(model: string, keys: string[][]): Env {
    const shared: Shared = { touched: this.touched, reads: this.reads, callerFields: { model, keys } };
    return new Env(this.pool, this.tx, this.user, this.context, this.access, this.application, shared);
  }

  /** Request language (context `language`), default `en`. */
  /** The configuration of the application serving this pool (settings of external sources, ...). */
  get config(): AppConfig {
    return (this.pool.config ??= loadConfig());
  }

  get lang(): string {
    return typeof this.context.language === 'string' ? this.context.language : 'en';
  }

  /** Whether access checks apply (not for root). */
  get checking(): boolean {
    return this.user !== ROOT_USER && this.access !== rootAccess;
  }

  model(name: string): ModelClass {
    return this.pool.get(name);
  }

  /** Same transaction, as root: for internal reads and side effects the user may not do directly. */
  sudo(): Env {
    return new Env(this.pool, this.tx, ROOT_USER, this.context, rootAccess, this.application, this);
  }

  /** Same transaction and user; `user` is kept for create_uid/write_uid even when checks are off. */
  withoutChecks(): Env {
    const env = new Env(this.pool, this.tx, this.user, this.context, rootAccess, this.application, this);
    return env;
  }

  withContext(context: Context): Env {
    return new Env(
      this.pool,
      this.tx,
      this.user,
      { ...this.context, ...context },
      this.access,
      this.application,
      this,
    );
  }

  /** The user id recorded in create_uid / write_uid. */
  get writerId(): number {
    return this.user;
  }
}

/** Nest injection token of the AccessControl used for API requests (provided by the auth module). */
export const ACCESS_CONTROL = Symbol('ACCESS_CONTROL');
