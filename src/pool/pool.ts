import { Field } from '../fields/field';
import { many2one, Many2OneField } from '../fields/many2one';
import { Many2ManyField } from '../fields/many2many';
import { One2ManyField } from '../fields/one2many';
import { ReferenceField } from '../fields/reference';
import { SelectionField } from '../fields/selection';
import { builtinFields } from './builtin-fields';
import { checkDepends } from './depends';
import { applyDeactivable } from './deactivable';
import { NotFoundError, PoolError } from './errors';
import { sortModules } from './graph';
import type { ModuleManifest } from './manifest';
import { Model, ModelClass, Values } from './model';
import type { Env } from './env';
import type { AppConfig } from '../config/config';
import { callerKeys } from '../storage/field-states';

export { PoolError };

const APPLICATION_MODEL = 'res.user.application';

export interface StorageEvent {
  operation: 'create' | 'write' | 'delete' | 'button';
  model: string;
  ids: number[];
  fields: string[];
}

/** Called inside the transaction after each create/write/delete/button (audit log, cache generations). */
export type StorageListener = (env: import('./env').Env, event: StorageEvent) => Promise<void>;

/** Table name of a model, Tryton's way: dots become underscores (`res.user-res.group` -> `res_user-res_group`). */
export function tableName(modelName: string): string {
  return modelName.replace(/\./g, '_');
}

/**
 * The registry of the active modules' models: each model composed from its base definition and the
 * extensions of the modules that depend on it, in dependency order.
 */
export class Pool {
  readonly modules: ModuleManifest[];
  private readonly models = new Map<string, ModelClass>();
  /** For each model, the modules that defined or extended it (for conformance checks). */
  readonly contributors = new Map<string, string[]>();
  readonly listeners: StorageListener[] = [];
  /**
   * The application's configuration, when the pool serves one (set at boot); the environment's
   * otherwise (a CLI command, a test database): see Env.config.
   */
  config: AppConfig | null = null;

  constructor(manifests: ModuleManifest[], active: string[] | null = null) {
    this.modules = sortModules(manifests, active);
    const layers = new Map<string, { cls: ModelClass; module: string; own: ModelClass[] }>();
    for (const module of this.modules) {
      for (const cls of module.models ?? []) {
        if (!cls.__name__) throw new PoolError(`A model of module "${module.name}" has no __name__`);
        if (layers.has(cls.__name__)) {
          throw new PoolError(`Model "${cls.__name__}" is defined twice (module "${module.name}")`);
        }
        layers.set(cls.__name__, { cls, module: module.name, own: [cls] });
        this.contributors.set(cls.__name__, [module.name]);
      }
      for (const ext of module.extensions ?? []) {
        const entry = layers.get(ext.target);
        if (!entry) {
          throw new PoolError(`Module "${module.name}" extends unknown model "${ext.target}"`);
        }
        entry.cls = ext.mixin(entry.cls);
        entry.own.push(entry.cls);
        this.contributors.get(ext.target)!.push(module.name);
      }
    }
    for (const [name, entry] of layers)
      this.models.set(name, this.compose(name, entry.cls, entry.module, entry.own));
    this.addRelationModels();
    for (const cls of this.models.values()) cls.__setup__(this);
    for (const cls of this.models.values()) applyDeactivable(cls);
    this.addApplications();
    this.check();
    checkDepends(this.models);
  }

  /** The consumers modules declare (manifest `applications`) become keys' possible applications. */
  private addApplications(): void {
    const declared = this.modules.flatMap((m) => m.applications ?? []);
    const field = this.models.get(APPLICATION_MODEL)?._fields.application;
    if (!declared.length || !(field instanceof SelectionField)) return;
    field.extend(declared);
  }

  private compose(name: string, cls: ModelClass, module: string, own: ModelClass[]): ModelClass {
    const Composed = class extends cls {
      // The rules on fields (states) judge what the caller gave, not what the model's overrides add.
      static override create(env: Env, vlist: Values[]): Promise<number[]> {
        return super.create(env.withCallerFields(name, callerKeys(Array.isArray(vlist) ? vlist : [])), vlist);
      }
      static override write(env: Env, ids: number[], values: Values): Promise<void> {
        return super.write(env.withCallerFields(name, callerKeys([values])), ids, values);
      }
    };
    Object.defineProperty(Composed, 'name', { value: cls.name || name });
    const fields: Record<string, Field> = {};
    for (const layer of own) {
      if (!Object.prototype.hasOwnProperty.call(layer, 'fields')) continue;
      for (const [fname, field] of Object.entries(layer.fields)) fields[fname] = field.clone();
    }
    const all = { ...builtinFields(), ...fields };
    for (const [fname, field] of Object.entries(all)) {
      field.name = fname;
      field.modelName = name;
    }
    Composed.__name__ = name;
    Composed._fields = all;
    Composed._table = Object.prototype.hasOwnProperty.call(own[0], '_table')
      ? own[0]._table
      : tableName(name);
    Composed._module = module;
    return Composed;
  }

  /** Every many2many needs its relation model; one not defined by a module is made from the field. */
  private addRelationModels(): void {
    for (const cls of [...this.models.values()]) {
      for (const field of Object.values(cls._fields)) {
        if (!(field instanceof Many2ManyField) || this.models.has(field.relation)) continue;
        const relation = class extends Model {};
        relation.__name__ = field.relation;
        relation._relation = true;
        relation._recName = null;
        relation.fields = {
          [field.origin]: many2one(cls.__name__, { required: true, ondelete: 'CASCADE', select: true }),
          [field.targetField]: many2one(field.target, { required: true, ondelete: 'CASCADE', select: true }),
        };
        if (field.options.table) relation._table = field.options.table;
        this.models.set(field.relation, this.compose(field.relation, relation, cls._module, [relation]));
      }
    }
  }

  private check(): void {
    for (const cls of this.models.values()) {
      for (const field of Object.values(cls._fields)) {
        const target = (field as { target?: string }).target;
        if (target !== undefined && !this.models.has(target)) {
          throw new PoolError(`Field "${cls.__name__}.${field.name}" points to unknown model "${target}"`);
        }
        if (field instanceof One2ManyField && !field.computed) {
          const reverse = this.models.get(field.target)!._fields[field.reverse];
          // On a reference (Tryton's attachments and notes of a record): "model,id" of this model.
          field.referenceOwner = reverse instanceof ReferenceField ? cls.__name__ : null;
          if (
            !(reverse instanceof ReferenceField) &&
            (!(reverse instanceof Many2OneField) || reverse.target !== cls.__name__)
          ) {
            throw new PoolError(
              `One2many "${cls.__name__}.${field.name}" needs a many2one (or a reference) "${field.target}.${field.reverse}" pointing back`,
            );
          }
        }
        if (field instanceof Many2ManyField) {
          const rel = this.models.get(field.relation)!;
          const origin = rel._fields[field.origin];
          const far = rel._fields[field.targetField];
          if (
            !(origin instanceof Many2OneField) ||
            !(far instanceof Many2OneField) ||
            far.target !== field.target
          ) {
            throw new PoolError(
              `Many2many "${cls.__name__}.${field.name}" has a malformed relation "${field.relation}"`,
            );
          }
        }
      }
      if (cls._parent && !(cls._fields[cls._parent] instanceof Many2OneField)) {
        throw new PoolError(`Tree model "${cls.__name__}" has no many2one "${cls._parent}"`);
      }
    }
  }

  has(name: string): boolean {
    return this.models.has(name);
  }

  /** The composed model; an unknown name is a 404 (it usually comes from a URL). */
  get(name: string): ModelClass {
    const cls = this.models.get(name);
    if (!cls) throw new NotFoundError(`Unknown model "${name}"`);
    return cls;
  }

  all(): ModelClass[] {
    return [...this.models.values()];
  }

  isActive(module: string): boolean {
    return this.modules.some((m) => m.name === module);
  }
}
