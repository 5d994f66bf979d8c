import { toTagged } from './values';

/** Field values as the server sends them (tagged values already revived). */
export type Fields = { [field: string]: unknown };

interface State {
  model: string | null;
  id: number | null;
  /** Values as last read from the server. */
  raw: Fields;
  /** Nested Records and RecordLists built from raw on first access. */
  built: Map<string, unknown>;
  /** Values assigned since the last read. */
  changed: Map<string, unknown>;
  /** The proxy handed out (what `this` returns). */
  self: TrytonRecord;
}

/** The state lives under a symbol on the target, reachable through the proxy (a WeakMap costs more). */
const STATE = Symbol('record state');
const stateOf = (record: TrytonRecord): State => (record as unknown as { [STATE]: State })[STATE];

/** A nested record in an answer: an object with `__name__` and `id`. */
export function isRecordLike(value: unknown): value is Fields & { __name__: string; id: number } {
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as Fields).__name__ === 'string' &&
    typeof (value as Fields).id === 'number'
  );
}

const RESERVED = new Set(['id', '__name__']);

/** The field values of an answer's object, without id and __name__ (copied, not deleted: faster). */
function withoutIdentity(values: Fields): Fields {
  const raw: Fields = {};
  for (const key in values) if (key !== 'id' && key !== '__name__') raw[key] = values[key];
  return raw;
}

/**
 * One record of a model, built from an answer: `record.name` reads a field, `record.name = 'x'`
 * records a change; nested relations become Records (and x2many lists RecordLists) on first access.
 * `store` sends only what changed; x2many changes go as Tryton action lists. Fields whose names
 * clash with a method (`get`, `set`, `changes`, ...) are read with `get(name)`.
 */
export class TrytonRecord {
  [field: string]: any;

  constructor(model: string | null, values: Fields = {}, options: { changed?: Fields } = {}) {
    const id = typeof values.id === 'number' ? values.id : null;
    const self = new Proxy(this, HANDLER);
    const state: State = {
      model: model ?? ((values.__name__ as string | undefined) || null),
      id,
      raw: withoutIdentity(values),
      built: new Map(),
      changed: new Map(options.changed ? Object.entries(options.changed) : undefined),
      self,
    };
    (this as unknown as { [STATE]: State })[STATE] = state;
    return self;
  }

  /** A Record from an answer's object (which carries `__name__` and `id`). */
  static from(values: Fields): TrytonRecord {
    return new TrytonRecord((values.__name__ as string) ?? null, values);
  }

  /** The record's id, null until it is created. */
  get id(): number | null {
    return stateOf(this).id;
  }

  /** The model's name (`party.party`), null for a new x2many child whose model is not known. */
  get __name__(): string | null {
    return stateOf(this).model;
  }

  /** A field's value: the assigned one if any, else the one read (nested relations as Records). */
  get(field: string): any {
    const s = stateOf(this);
    if (field === 'id') return s.id;
    if (field === '__name__') return s.model;
    if (s.changed.has(field)) return s.changed.get(field);
    if (s.built.has(field)) return s.built.get(field);
    if (!(field in s.raw)) return undefined;
    const value = build(s.raw[field]);
    if (value !== s.raw[field]) s.built.set(field, value);
    return value;
  }

  /** Assigns a field (recorded as a change). */
  set(field: string, value: unknown): TrytonRecord {
    if (RESERVED.has(field)) throw new TypeError(`${field} cannot be assigned`);
    const s = stateOf(this);
    const original = s.built.get(field) ?? s.raw[field];
    const wasList =
      Array.isArray(original) && original.length > 0 && listIds(original).length === original.length;
    if (
      Array.isArray(value) &&
      !(value instanceof RecordList) &&
      isListOfRecords(value) &&
      (value.length > 0 || wasList)
    ) {
      // A new list replaces the old one: diffed against what was read, as actions.
      const list = RecordList.read(listIds(original), value);
      s.changed.set(field, list);
      return s.self;
    }
    s.changed.set(field, value);
    return s.self;
  }

  /** The names of the fields read or assigned (without id and __name__). */
  fieldNames(): string[] {
    const s = stateOf(this);
    return [...new Set([...Object.keys(s.raw), ...s.changed.keys()])];
  }

  /**
   * The field paths of the values held, nested ones dotted (`lines.product.code`): what store and
   * reload ask for, so that the record comes back with the same shape.
   */
  fieldPaths(): string[] {
    const paths = new Set<string>();
    for (const field of this.fieldNames()) {
      const value = this.get(field);
      const nested: TrytonRecord[] =
        value instanceof TrytonRecord
          ? [value]
          : value instanceof RecordList
            ? [...value].filter((v): v is TrytonRecord => v instanceof TrytonRecord)
            : [];
      const sub = new Set(nested.flatMap((record) => record.fieldPaths()));
      if (sub.size) for (const path of sub) paths.add(`${field}.${path}`);
      else paths.add(field);
    }
    return [...paths];
  }

  /** Whether something was assigned, or an x2many list or one of its records changed. */
  isModified(): boolean {
    return Object.keys(this.changes()).length > 0;
  }

  /**
   * What store sends: assigned fields (a Record as its id) and x2many lists as action lists
   * (`create`, `write`, `add`, `remove`, and `delete` only for records deleted explicitly).
   */
  changes(): Fields {
    const s = stateOf(this);
    const out: Fields = {};
    for (const [field, value] of Object.entries(wireFields(Object.fromEntries(s.changed))))
      out[field] = value;
    for (const [field, value] of s.built) {
      if (s.changed.has(field) || !(value instanceof RecordList)) continue;
      const actions = value.actions();
      if (actions.length) out[field] = actions;
    }
    return out;
  }

  /** Drops the changes, back to the values read. */
  reset(): void {
    const s = stateOf(this);
    s.changed.clear();
    s.built.clear();
  }

  /** Same model and same id (a new record only equals itself). */
  equals(other: unknown): boolean {
    if (!(other instanceof TrytonRecord)) return false;
    const a = stateOf(this);
    const b = stateOf(other);
    if (a === b) return true;
    return a.id !== null && a.id === b.id && a.model === b.model;
  }

  /** The record as tagged JSON: id, __name__, every field (changes applied), nested records in full. */
  toJSON(): Fields {
    const s = stateOf(this);
    const out: Fields = { id: s.id, __name__: s.model };
    for (const field of this.fieldNames()) out[field] = toTagged(this.get(field));
    return out;
  }

  /** The values as read (revived, nested records as plain objects), with id and __name__. */
  rawValues(): Fields {
    const s = stateOf(this);
    return { id: s.id, __name__: s.model, ...s.raw };
  }

  /** Takes in the server's answer after a write or create: new values, no changes left. */
  absorb(values: Fields): void {
    const s = stateOf(this);
    if (typeof values.id === 'number') s.id = values.id;
    if (typeof values.__name__ === 'string') s.model = values.__name__;
    const raw = withoutIdentity(values);
    // What the answer does not carry keeps the value sent (an unchanged x2many, a field not asked for).
    for (const [field, value] of s.changed)
      if (!(field in raw) && !(value instanceof RecordList)) s.raw[field] = wire(value);
    Object.assign(s.raw, raw);
    s.changed.clear();
    s.built.clear();
  }

  toString(): string {
    const s = stateOf(this);
    return `${s.model ?? '?'},${s.id ?? 'new'}`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): unknown {
    return { ...this.toJSON() };
  }
}

const PROTO_KEYS = new Set(Object.getOwnPropertyNames(TrytonRecord.prototype));

const HANDLER: ProxyHandler<TrytonRecord> = {
  get(target, prop) {
    if (typeof prop === 'symbol' || PROTO_KEYS.has(prop)) {
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    }
    if (prop === 'then') return undefined; // not a thenable
    return target.get(prop);
  },
  set(target, prop, value) {
    if (typeof prop === 'symbol' || PROTO_KEYS.has(prop)) return false;
    target.set(prop, value);
    return true;
  },
  has(target, prop) {
    if (typeof prop === 'symbol' || PROTO_KEYS.has(prop)) return Reflect.has(target, prop);
    return prop === 'id' || prop === '__name__' || target.fieldNames().includes(prop);
  },
  ownKeys(target) {
    return ['id', '__name__', ...target.fieldNames()];
  },
  getOwnPropertyDescriptor(target, prop) {
    if (typeof prop === 'symbol') return undefined;
    if (prop !== 'id' && prop !== '__name__' && !target.fieldNames().includes(prop)) return undefined;
    return { value: target.get(prop), writable: true, enumerable: true, configurable: true };
  },
  deleteProperty() {
    return false;
  },
};

function isListOfRecords(value: unknown[]): boolean {
  return value.every(
    (v) =>
      typeof v === 'number' ||
      v instanceof TrytonRecord ||
      (!!v && typeof v === 'object' && !Array.isArray(v)),
  );
}

function listIds(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  if (value instanceof RecordList) return value.originalIds();
  return value
    .map((v) => (typeof v === 'number' ? v : isRecordLike(v) ? v.id : null))
    .filter((v): v is number => v !== null);
}

/** A value read, with nested records as Records and lists of records (or ids) as RecordLists. */
function build(value: unknown): unknown {
  if (isRecordLike(value)) return TrytonRecord.from(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number' || isRecordLike(v))) {
    const items = value.map((v) => (typeof v === 'number' ? v : TrytonRecord.from(v as Fields)));
    return RecordList.read(listIds(value), items);
  }
  return value;
}

/** A value as it is written: Records by id, lists of records as action lists. */
function wire(value: unknown): unknown {
  if (value instanceof RecordList) return value.actions();
  if (value instanceof TrytonRecord) {
    if (value.id === null)
      throw new TypeError(`Store the new ${value.__name__ ?? 'record'} before linking it`);
    return value.id;
  }
  return value;
}

/** Values to write: Records as ids, lists of records or of new values as action lists. */
export function wireFields(values: Fields): Fields {
  const out: Fields = {};
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined) continue;
    out[field] =
      Array.isArray(value) && !(value instanceof RecordList) && value.length && isListOfRecords(value)
        ? RecordList.read([], value).actions()
        : wire(value);
  }
  return out;
}

/** Method arguments: Records (at any depth) as their ids, everything else as given. */
export function wireArguments(value: unknown): unknown {
  if (value instanceof TrytonRecord) return wire(value);
  if (Array.isArray(value)) return [...value].map(wireArguments);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Fields = {};
    for (const [k, v] of Object.entries(value)) out[k] = wireArguments(v);
    return out;
  }
  return value;
}

/**
 * The records of an x2many field. An Array (map, filter, length work) that knows which ids it was
 * read with: records pushed or `create`d are created, ids or saved records pushed are added, records
 * modified are written, records taken out are removed (unlinked) — and deleted only through
 * `delete`, explicitly.
 */
export class RecordList<T = TrytonRecord | number> extends Array<T> {
  private original: number[] = [];
  private deleted = new Set<number>();

  static override get [Symbol.species]() {
    return Array;
  }

  /** A list read with the given ids, holding items (Records, plain objects for new ones, ids). */
  static read<T>(original: number[], items: unknown[]): RecordList<T> {
    const list = new RecordList<T>();
    list.original = original;
    for (const item of items) list.push(asItem(item) as T);
    return list;
  }

  /** The ids the list was read with. */
  originalIds(): number[] {
    return [...this.original];
  }

  /** Appends a new record (created on store) and returns it. */
  create(values: Fields = {}): TrytonRecord {
    const model = this.modelName();
    const record = new TrytonRecord(model, {}, { changed: values });
    this.push(record as T);
    return record;
  }

  /** Links an existing record (many2many `add`, or a one2many record moved here). */
  add(item: TrytonRecord | number): void {
    this.push(item as T);
  }

  /** Unlinks a record without deleting it (`remove`). */
  remove(item: TrytonRecord | number): void {
    const index = this.indexOfItem(item);
    if (index < 0) throw new RangeError(`${String(item)} is not in the list`);
    this.splice(index, 1);
  }

  /** Deletes a record of the list on store (`delete`): the destructive action is always explicit. */
  delete(item: TrytonRecord | number): void {
    const id = typeof item === 'number' ? item : item.id;
    this.remove(item);
    if (id !== null) this.deleted.add(id);
  }

  /** The action list for the changes, empty when there are none. */
  actions(): unknown[] {
    const actions: unknown[] = [];
    const creates: Fields[] = [];
    const adds: number[] = [];
    const present = new Set<number>();
    for (const item of this as unknown as unknown[]) {
      if (typeof item === 'number') {
        present.add(item);
        if (!this.original.includes(item)) adds.push(item);
      } else if (item instanceof TrytonRecord) {
        if (item.id === null) {
          creates.push(item.changes());
          continue;
        }
        present.add(item.id);
        if (!this.original.includes(item.id)) adds.push(item.id);
        const changes = item.changes();
        if (Object.keys(changes).length) actions.push(['write', [item.id], changes]);
      } else if (item && typeof item === 'object') {
        creates.push(wireFields(item as Fields));
      }
    }
    if (creates.length) actions.unshift(['create', creates]);
    if (adds.length) actions.push(['add', adds]);
    const gone = this.original.filter((id) => !present.has(id));
    const removes = gone.filter((id) => !this.deleted.has(id));
    const deletes = gone.filter((id) => this.deleted.has(id));
    if (removes.length) actions.push(['remove', removes]);
    if (deletes.length) actions.push(['delete', deletes]);
    return actions;
  }

  toJSON(): unknown[] {
    return [...this].map((item) => toTagged(item));
  }

  private modelName(): string | null {
    for (const item of this) if (item instanceof TrytonRecord && item.__name__) return item.__name__;
    return null;
  }

  private indexOfItem(item: TrytonRecord | number): number {
    const id = typeof item === 'number' ? item : item.id;
    return this.findIndex((v) =>
      typeof v === 'number'
        ? v === id
        : v === item || (v instanceof TrytonRecord && id !== null && v.id === id),
    );
  }
}

function asItem(item: unknown): unknown {
  if (typeof item === 'number' || item instanceof TrytonRecord) return item;
  if (isRecordLike(item)) return TrytonRecord.from(item);
  if (item && typeof item === 'object') return new TrytonRecord(null, {}, { changed: item as Fields });
  throw new TypeError(`Not a record or an id: ${String(item)}`);
}
