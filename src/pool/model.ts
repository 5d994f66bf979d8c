import type { Field } from '../fields/field';
import type { DomainInput, DomainNode } from '../domain/domain';
import type { Env } from './env';
import * as storage from '../storage/model-storage';

export type OrderSpec = [string, string][];
export type Values = Record<string, unknown>;
export type RecordValues = Record<string, unknown> & { id: number };

export interface SearchOptions {
  offset?: number;
  limit?: number | null;
  order?: OrderSpec | null;
}

/** A JSON Schema (2020-12, as OpenAPI 3.1 has it), e.g. `{ type: 'object', properties: {...} }`. */
export type JsonSchemaObject = { [keyword: string]: unknown };

/**
 * What the OpenAPI document says of a button or method, declared beside it by the module: a summary,
 * the JSON Schema of its body (keyword arguments) and of what it answers, with `examples` in them.
 * A component schema is `{ $ref: '#/components/schemas/<model>.record' }`.
 */
export interface ActionDocs {
  summary?: string;
  /** Schema of the JSON body; default: any object. */
  parameters?: JsonSchemaObject;
  /** Schema of the answer; default: the record (instance methods that return nothing) or anything. */
  result?: JsonSchemaObject;
}

export interface ButtonSpec extends ActionDocs {
  /** Group names (XML ids) allowed to press it; none = write access. */
  groups?: string[];
}

export interface RpcSpec extends ActionDocs {
  /** Called on records (POST /model/:model/:id/:method) rather than on the model. */
  instance: boolean;
  /** Needs write access; default false for read-only methods. */
  readonly?: boolean;
  /**
   * The access to the model the method needs when it differs from what `readonly` implies (e.g. a
   * method that writes other models but only reads this one: web.shop.get_sale creates a sale).
   */
  access?: 'read' | 'write';
}

export interface UniqueConstraint {
  name: string;
  columns: string[];
  message: string;
}

/**
 * The base of every model. Behaviour is static, on the class, and takes the request's Env first, as
 * Tryton's classmethods do; a module extends a model by subclassing the composed class (see extend())
 * and calling super.
 */
export class Model {
  /** Tryton's model name, e.g. 'party.party'. */
  static __name__ = '';
  static description = '';
  /** Fields this class adds (each layer declares its own; the pool merges them). */
  static fields: Record<string, Field> = {};

  // Set by the pool when the model is composed:
  static _fields: Record<string, Field>;
  static _table: string;
  static _module: string;

  static _order: OrderSpec = [];
  /** Field holding the record's name, or null when getRecName is overridden. */
  static _recName: string | null = 'name';
  /**
   * What getRecName reads (Tryton's depends of rec_name), as field paths. Required when getRecName
   * is overridden; otherwise rec_name is made of `_recName` alone.
   */
  static _recNameDepends: readonly string[] | null = null;
  /** Tree structure: the parent field (children are its one2many). */
  static _parent: string | null = null;
  /** Access delegated to the model of this many2one (sale.line -> sale). */
  static _access: string | null = null;
  /**
   * Access follows the record this reference field points to (Tryton's ResourceAccessMixin, as
   * attachments and notes have it): a row is read with read access to its record, and created,
   * written or deleted with write access to it.
   */
  static _accessResource: string | null = null;
  /**
   * Rows naming a field of a model as `model,field` in this char field (translations): a row is read
   * when the user may read that model and field, and the model has no record rule for him (the rows
   * of a model with rules are not told apart by record; they stay hidden).
   */
  static _accessTranslated: string | null = null;
  /** Rows read for the request's user only (read marks of notes): answers reading them are not shared. */
  static _perUser = false;
  static _constraints: UniqueConstraint[] = [];
  static _buttons: Record<string, ButtonSpec> = {};
  static _rpc: Record<string, RpcSpec> = {};
  /** Internal models are reachable as root only, never through the API. */
  static _internal = false;
  /** A model read from a query instead of a table (Tryton's table_query); it has no table and is read-only. */
  static _tableQuery: ((env: Env) => import('../domain/table-source').TableQuery) | null = null;
  /**
   * Many2one fields whose targets' rows come with this model's rows, in the same query (a LEFT
   * JOIN), for the reads that follow them in a read-only request: product.product's template, whose
   * fields a variant shows. Saves one round trip per level read; which records the user may see is
   * still decided by each read.
   */
  static _prefetch: readonly string[] = [];
  /** Relation models of many2many fields are registered with this flag. */
  static _relation = false;

  /**
   * Hook run once when the model is composed, every model of the pool known; extensions mutate
   * _fields here (e.g. extend a selection).
   */
  static __setup__(_pool?: import('./pool').Pool): void {}

  static get _active(): boolean {
    return 'active' in this._fields;
  }

  // ---- storage, overridable ----
  static async search(
    env: Env,
    domain: DomainInput | DomainNode,
    options: SearchOptions = {},
  ): Promise<number[]> {
    return storage.search(env, this, domain, options);
  }
  static async searchCount(env: Env, domain: DomainInput | DomainNode, limit?: number): Promise<number> {
    return storage.searchCount(env, this, domain, limit);
  }
  static async read(env: Env, ids: number[], paths: string[]): Promise<RecordValues[]> {
    return storage.read(env, this, ids, paths);
  }
  static async create(env: Env, vlist: Values[]): Promise<number[]> {
    return storage.create(env, this, vlist);
  }
  static async write(env: Env, ids: number[], values: Values): Promise<void> {
    return storage.write(env, this, ids, values);
  }
  static async delete(env: Env, ids: number[]): Promise<void> {
    return storage.remove(env, this, ids);
  }
  static async copy(env: Env, ids: number[], defaults: Values = {}): Promise<number[]> {
    return storage.copy(env, this, ids, defaults);
  }
  /** Values of fields not given on create. */
  static async defaultGet(env: Env, names: string[]): Promise<Values> {
    return storage.defaultGet(env, this, names);
  }
  /** Server-side on_change: completes values a REST client did not send. Values sent always win. */
  static async complete(_env: Env, vlist: Values[]): Promise<Values[]> {
    return vlist;
  }
  /** Model-level checks after create/write; throw a UserError. */
  static async validate(_env: Env, _ids: number[]): Promise<void> {}

  /** The domain that a rec_name search turns into (Tryton's search_rec_name). */
  static searchRecName(_env: Env, operator: string, value: unknown): DomainInput {
    if (!this._recName) return [['id', '=', -1]];
    return [[this._recName, operator, value]];
  }
  static async getRecName(env: Env, ids: number[]): Promise<Map<number, string>> {
    return storage.recNames(env, this, ids);
  }
}

export type ModelClass = typeof Model;

/** An extension of another module's model: a class factory that subclasses the composed model. */
export interface ModelExtension {
  target: string;
  mixin: (base: ModelClass) => ModelClass;
}

export function extend(target: string, mixin: (base: ModelClass) => ModelClass): ModelExtension {
  return { target, mixin };
}
