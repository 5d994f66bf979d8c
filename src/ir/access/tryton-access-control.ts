import type { DomainInput } from '../../domain/domain';
import type { AccessControl, AccessMode, Env } from '../../pool/env';
import { ROOT_USER } from '../../pool/env';
import { AccessError } from '../../pool/errors';
import type { ModelClass } from '../../pool/model';
import type { Pool } from '../../pool/pool';
import type { Transaction } from '../../storage/transaction';
import { AccessTables, buttonKey, loadAccessTables } from './access-tables';
import { deniedComputed } from './computed-access';
import { accessProfile, perUserRuleModels } from './profile';
import { ownRuleDomain } from './rule-domain';
import { databaseOf, onSecurityChange, SecurityChannel } from './security-channel';
import { installSecurityListeners, securityChangesIn } from './security-listeners';
import { loadUserRights, UserRights } from './user-rights';

/** Backstop for changes made outside the server's code (raw SQL): shared tables never outlive this. */
const TTL_MS = 5 * 60_000;

interface Shared {
  tables: AccessTables;
  users: Map<number, Promise<UserRights>>;
  /**
   * What the tables and a user's rights give, worked out once for every request (not once per
   * request): rule domains and denied fields by user, model and mode. Dropped with the tables on any
   * security change.
   */
  rules: Map<string, DomainInput | null>;
  denied: Map<string, Set<string>>;
  /** By user: the models whose rules depend on who the user is (see perUserModels). */
  perUser: Map<number, ReadonlySet<string>>;
  expires: number;
}

/** What one transaction has worked out already (rights do not change under a request's feet). */
interface Memo {
  /** The transaction's own security changes when this was built (any: nothing is shared). */
  changes: number;
  tables?: Promise<{ tables: AccessTables; shared: Shared | null }>;
  rights: Map<number, Promise<UserRights>>;
  rules: Map<string, DomainInput | null>;
  denied: Map<string, Set<string>>;
}

export interface TrytonAccessControlOptions {
  /**
   * Lets the tables be shared between requests: only while the channel guarantees that a change
   * made anywhere reaches this process. Without one, they are loaded once per transaction.
   */
  channel?: SecurityChannel | null;
}

/**
 * Tryton's access rights: model access (ir.model.access), field access (ir.model.field.access),
 * record rules (ir.rule.group / ir.rule), button groups (ir.model.button), group inheritance
 * through res.group.parent, access delegation (`_access`), and internal models for root only.
 */
export class TrytonAccessControl implements AccessControl {
  private readonly channel: SecurityChannel | null;
  private readonly shared = new Map<string, Shared>();
  private readonly memos = new WeakMap<Transaction, Memo>();
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(options: TrytonAccessControlOptions = {}) {
    this.channel = options.channel ?? null;
    this.unsubscribe = onSecurityChange((db, topic) => {
      if (topic === 'keys') return;
      this.generation++;
      if (db === null) this.shared.clear();
      else this.shared.delete(db);
    });
  }

  close(): void {
    this.unsubscribe();
    this.shared.clear();
  }

  // ---- memo, tables and rights ----

  private memo(env: Env): Memo {
    installSecurityListeners(env.pool);
    const changes = securityChangesIn(env.tx);
    let memo = this.memos.get(env.tx);
    if (!memo || memo.changes !== changes) {
      memo = { changes, rights: new Map(), rules: new Map(), denied: new Map() };
      this.memos.set(env.tx, memo);
    }
    return memo;
  }

  private tablesOf(env: Env, memo: Memo): Promise<{ tables: AccessTables; shared: Shared | null }> {
    memo.tables ??= this.loadTables(env, memo.changes > 0);
    return memo.tables;
  }

  private async loadTables(
    env: Env,
    changed: boolean,
  ): Promise<{ tables: AccessTables; shared: Shared | null }> {
    const db = databaseOf(env.tx);
    if (changed || !db || !this.channel?.trusted(db))
      return { tables: await loadAccessTables(env), shared: null };
    const current = this.shared.get(db);
    if (current && current.expires > Date.now()) return { tables: current.tables, shared: current };
    const generation = this.generation;
    const tables = await loadAccessTables(env);
    if (generation !== this.generation || !this.channel.trusted(db)) return { tables, shared: null };
    const shared: Shared = {
      tables,
      users: new Map(),
      rules: new Map(),
      denied: new Map(),
      perUser: new Map(),
      expires: Date.now() + TTL_MS,
    };
    this.shared.set(db, shared);
    return { tables, shared };
  }

  /** The effective groups and companies of the env's user. */
  async rights(env: Env): Promise<UserRights> {
    const memo = this.memo(env);
    let rights = memo.rights.get(env.user);
    if (!rights) {
      rights = this.loadRights(env, memo);
      memo.rights.set(env.user, rights);
    }
    return rights;
  }

  private async loadRights(env: Env, memo: Memo): Promise<UserRights> {
    const { tables, shared } = await this.tablesOf(env, memo);
    if (!shared) return loadUserRights(env, env.user, tables);
    let rights = shared.users.get(env.user);
    if (!rights) {
      const generation = this.generation;
      rights = loadUserRights(env, env.user, tables);
      shared.users.set(env.user, rights);
      rights.catch(() => shared.users.delete(env.user));
      // A change during the load may not be in it: keep it for this request only.
      void rights.then(() => {
        if (generation !== this.generation) shared.users.delete(env.user);
      });
    }
    return rights;
  }

  // ---- model access ----

  /** Delegated models (`_access`) also need the access of their target: reading for reading, writing otherwise. */
  private delegateOf(env: Env, model: ModelClass, mode: AccessMode): [ModelClass, AccessMode] | null {
    if (!model._access) return null;
    const field = model._fields[model._access] as { target?: string } | undefined;
    if (!field?.target) return null;
    return [env.pool.get(field.target), mode === 'read' ? 'read' : 'write'];
  }

  async canModel(env: Env, model: ModelClass, mode: AccessMode): Promise<boolean> {
    if (env.user === ROOT_USER) return true;
    const memo = this.memo(env);
    const { tables } = await this.tablesOf(env, memo);
    return this.modelAllowed(env, tables, await this.rights(env), model, mode);
  }

  private modelAllowed(
    env: Env,
    tables: AccessTables,
    rights: UserRights,
    model: ModelClass,
    mode: AccessMode,
  ): boolean {
    const seen = new Set<string>();
    let current: [ModelClass, AccessMode] | null = [model, mode];
    while (current) {
      const [cls, m] = current;
      if (seen.has(cls.__name__)) break;
      seen.add(cls.__name__);
      if (cls._internal) return false;
      const rows = tables.modelAccess.get(cls.__name__);
      if (rows?.length && !rows.some((r) => r[m] && (r.group === null || rights.groupSet.has(r.group)))) {
        return false;
      }
      current = this.delegateOf(env, cls, m);
    }
    return true;
  }

  async checkModel(env: Env, model: ModelClass, mode: AccessMode): Promise<void> {
    if (!(await this.canModel(env, model, mode))) {
      throw new AccessError(
        `You are not allowed to ${mode} records of "${model.description || model.__name__}" (${model.__name__})`,
        'access_model',
      );
    }
  }

  // ---- field access ----

  /**
   * Fields with a field access the user's groups do not pass, and (for reading) the computed fields
   * made of something the user may not read (see deniedComputed).
   */
  async deniedFields(env: Env, model: ModelClass, mode: 'read' | 'write'): Promise<Set<string>> {
    if (env.user === ROOT_USER) return new Set();
    const memo = this.memo(env);
    const key = `${env.user}\u0000${model.__name__}\u0000${mode}`;
    const known = memo.denied.get(key);
    if (known) return known;
    const { tables, shared } = await this.tablesOf(env, memo);
    const sharedDenied = shared?.denied.get(key);
    if (sharedDenied) {
      memo.denied.set(key, sharedDenied);
      return sharedDenied;
    }
    const rights = await this.rights(env);
    const ownDenied = (cls: ModelClass) => fieldsDenied(tables, rights, cls.__name__, mode);
    const denied = ownDenied(model);
    if (mode === 'read') {
      const derived = deniedComputed(env.pool, model, {
        ownDenied,
        mayRead: (cls) => this.modelAllowed(env, tables, rights, cls, 'read'),
      });
      derived.forEach((name) => denied.add(name));
    }
    memo.denied.set(key, denied);
    if (shared && this.current(env, shared)) shared.denied.set(key, denied);
    return denied;
  }

  // ---- record rules ----

  async ruleDomain(env: Env, model: ModelClass, mode: AccessMode): Promise<DomainInput | null> {
    if (env.user === ROOT_USER) return null;
    const memo = this.memo(env);
    return this.ruleDomainOf(env, memo, model, mode, new Set());
  }

  private async ruleDomainOf(
    env: Env,
    memo: Memo,
    model: ModelClass,
    mode: AccessMode,
    seen: Set<string>,
  ): Promise<DomainInput | null> {
    const key = `${env.user}\u0000${model.__name__}\u0000${mode}`;
    if (memo.rules.has(key)) return memo.rules.get(key)!;
    const { tables, shared } = await this.tablesOf(env, memo);
    if (shared?.rules.has(key)) {
      const known = shared.rules.get(key)!;
      memo.rules.set(key, known);
      return known;
    }
    const rights = await this.rights(env);
    const parts: unknown[] = [];
    const own = ownRuleDomain(tables, rights, model.__name__, mode);
    if (own) parts.push(own);
    if (model._accessResource)
      parts.push(await this.resourceRule(env, memo, tables, rights, model, mode, seen));
    if (model._accessTranslated)
      parts.push(await this.translatedRule(env, memo, tables, rights, model, seen));
    const delegate = this.delegateOf(env, model, mode);
    if (delegate && !seen.has(model.__name__)) {
      seen.add(model.__name__);
      // A sale line is visible when its sale is: the sale's rules, reached through the line's `sale`.
      const target = await this.ruleDomainOf(env, memo, delegate[0], delegate[1], seen);
      if (target) parts.push([model._access, 'where', target]);
    }
    const domain =
      parts.length === 0 ? null : parts.length === 1 ? (parts[0] as unknown[]) : ['AND', ...parts];
    memo.rules.set(key, domain);
    // Only a complete answer is shared (one reached inside a delegation cycle may be cut short).
    if (shared && !seen.size && this.current(env, shared)) shared.rules.set(key, domain);
    return domain;
  }

  /** Whether `shared` still holds for the env's database (no security change dropped it since). */
  private current(env: Env, shared: Shared): boolean {
    const db = databaseOf(env.tx);
    return db !== null && db !== undefined && this.shared.get(db) === shared;
  }

  /**
   * The rows of a model naming `model,field` (`_accessTranslated`): only those of a translated field
   * the user may read, of a model he may read and that has no record rule for him. Writing such rows
   * is left to the model access (nobody but root has it on ir.translation).
   */
  private async translatedRule(
    env: Env,
    memo: Memo,
    tables: AccessTables,
    rights: UserRights,
    model: ModelClass,
    seen: Set<string>,
  ): Promise<DomainInput> {
    const names: string[] = [];
    for (const cls of env.pool.all()) {
      const translated = Object.values(cls._fields).filter((f) => f.translate);
      if (cls === model || !translated.length) continue;
      if (!this.modelAllowed(env, tables, rights, cls, 'read')) continue;
      if (await this.ruleDomainOf(env, memo, cls, 'read', new Set(seen))) continue;
      const denied = await this.deniedFields(env, cls, 'read');
      for (const f of translated) if (!denied.has(f.name)) names.push(`${cls.__name__},${f.name}`);
    }
    return [model._accessTranslated!, 'in', names] as DomainInput;
  }

  /**
   * The rows of a model whose access follows their resource (`_accessResource`): none pointing to a
   * model the user may not read (write, for the other modes), and of the others only those pointing to
   * a record the model's rules let the user see (change). The resource models with neither
   * restriction need no clause.
   */
  private async resourceRule(
    env: Env,
    memo: Memo,
    tables: AccessTables,
    rights: UserRights,
    model: ModelClass,
    mode: AccessMode,
    seen: Set<string>,
  ): Promise<DomainInput> {
    const field = model._accessResource!;
    const resourceMode: AccessMode = mode === 'read' ? 'read' : 'write';
    const parts: unknown[] = [];
    for (const cls of env.pool.all()) {
      const prefix = `${cls.__name__.replace(/[\\%_]/g, '\\$&')},%`;
      if (cls._accessResource || !this.modelAllowed(env, tables, rights, cls, resourceMode)) {
        parts.push([field, 'not like', prefix]);
        continue;
      }
      if (cls._relation || cls._tableQuery) continue;
      const rule = await this.ruleDomainOf(env, memo, cls, resourceMode, seen);
      if (rule) parts.push(['OR', [field, 'not like', prefix], [field, 'where', rule, cls.__name__]]);
    }
    return ['AND', ...parts] as DomainInput;
  }

  // ---- buttons ----

  async checkButton(env: Env, model: ModelClass, button: string): Promise<void> {
    if (env.user === ROOT_USER) return;
    const memo = this.memo(env);
    const { tables } = await this.tablesOf(env, memo);
    if (model._internal)
      throw new AccessError(`You are not allowed to use "${model.__name__}"`, 'access_model');
    let groups = tables.buttons.get(buttonKey(model.__name__, button));
    if (!groups?.length) {
      // Groups named in the model's code (XML ids or group names) when no ir.model.button says otherwise.
      const declared = model._buttons[button]?.groups ?? [];
      groups = declared.length
        ? declared.map((ref) => tables.groupRefs.get(ref)).filter((g): g is number => g !== undefined)
        : [];
      if (declared.length && !groups.length) groups = [-1];
    }
    if (!groups.length) return this.checkModel(env, model, 'write');
    const rights = await this.rights(env);
    if (!groups.some((g) => rights.groupSet.has(g))) {
      throw new AccessError(
        `You are not allowed to use the button "${button}" of "${model.description || model.__name__}"`,
        'access_button',
      );
    }
  }

  // ---- profile ----

  /**
   * A fingerprint of what shapes the user's answers (see accessProfile): equal for users with
   * identical rights.
   */
  async profile(env: Env): Promise<string> {
    if (env.user === ROOT_USER) return 'root';
    const memo = this.memo(env);
    const { tables } = await this.tablesOf(env, memo);
    return accessProfile(tables, await this.rights(env));
  }

  /** Models whose read rules for this user depend on who the user is (`user.id`), not only on groups. */
  async perUserModels(env: Env): Promise<ReadonlySet<string>> {
    if (env.user === ROOT_USER) return new Set();
    const memo = this.memo(env);
    const { tables, shared } = await this.tablesOf(env, memo);
    const known = shared?.perUser.get(env.user);
    if (known) return known;
    const models = perUserRuleModels(tables, await this.rights(env));
    for (const name of perUserOf(env.pool)) models.add(name);
    if (shared && this.current(env, shared)) shared.perUser.set(env.user, models);
    return models;
  }
}

const perUser = new WeakMap<Pool, string[]>();
/** The models whose rows are read for the request's user only (`_perUser`), once per pool. */
function perUserOf(pool: Pool): string[] {
  let names = perUser.get(pool);
  if (!names)
    perUser.set(
      pool,
      (names = pool
        .all()
        .filter((m) => m._perUser)
        .map((m) => m.__name__)),
    );
  return names;
}

/** The fields of a model whose field access rows the user's groups do not pass for `mode`. */
function fieldsDenied(
  tables: AccessTables,
  rights: UserRights,
  model: string,
  mode: 'read' | 'write',
): Set<string> {
  const denied = new Set<string>();
  for (const [field, rows] of tables.fieldAccess.get(model) ?? []) {
    if (rows.length && !rows.some((r) => r[mode] && (r.group === null || rights.groupSet.has(r.group)))) {
      denied.add(field);
    }
  }
  return denied;
}
