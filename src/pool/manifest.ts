import 'reflect-metadata';
import { MODULE_METADATA } from '@nestjs/common/constants';
import type { Provider } from '@nestjs/common';
import type { ModelClass, ModelExtension } from './model';
import type { Env } from './env';

/** Default data a module loads at `db create` / `db update`, as root, idempotently. */
export type DataLoader = (env: Env) => Promise<void>;

/** A Tryton module: what it depends on and everything it contributes to the pool. */
export interface ModuleManifest {
  name: string;
  depends: string[];
  models?: ModelClass[];
  extensions?: ModelExtension[];
  data?: DataLoader[];
  /** Demo data by size, for `db create --demo`. */
  demo?: Record<string, DataLoader>;
  /**
   * Nest providers the module contributes: usages (@Usage), pyDAL policies (@RestApiPolicy), reports
   * (@TrytonReport), services. Declared here, the module class needs no @Module of its own.
   */
  providers?: Provider[];
  /**
   * Consumers of the API this module introduces, as [name, label]: keys can be issued for them
   * (`application create <login> <name>`) and a pyDAL policy chosen for each (@RestApiPolicy(name)).
   */
  applications?: [string, string][];
}

export const MODULE_MANIFEST = Symbol('tryton:module');

/** Attach a manifest to a Nest module class (read by the pool at boot). */
export function TrytonModule(manifest: ModuleManifest): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(MODULE_MANIFEST, manifest, target);
    if (manifest.providers?.length) {
      const declared: Provider[] = Reflect.getMetadata(MODULE_METADATA.PROVIDERS, target) ?? [];
      Reflect.defineMetadata(MODULE_METADATA.PROVIDERS, [...declared, ...manifest.providers], target);
    }
  };
}

export function manifestOf(moduleClass: object): ModuleManifest {
  const manifest = Reflect.getMetadata(MODULE_MANIFEST, moduleClass) as ModuleManifest | undefined;
  if (!manifest) throw new Error(`${(moduleClass as { name?: string }).name} has no @TrytonModule manifest`);
  return manifest;
}

/** A Nest module class carrying a @TrytonModule manifest. */
export type ModuleClass = new (...args: any[]) => unknown;
