import { existsSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { manifestOf, MODULE_MANIFEST, ModuleClass } from './manifest';

/** The business modules shipped with nest-tryton (`modules/`, compiled beside `src/`): always known. */
export const BUILTIN_MODULES_PATH = path.resolve(__dirname, '../../modules');

export class ModuleLoadError extends Error {}

function isModuleClass(value: unknown): value is ModuleClass {
  return typeof value === 'function' && Reflect.hasMetadata(MODULE_MANIFEST, value);
}

/** Every @TrytonModule class a loaded file exports, directly or in an exported array. */
function moduleClassesOf(exported: Record<string, unknown>): ModuleClass[] {
  const found: ModuleClass[] = [];
  for (const value of Object.values(exported)) {
    for (const candidate of Array.isArray(value) ? value : [value]) {
      if (isModuleClass(candidate) && !found.includes(candidate)) found.push(candidate);
    }
  }
  return found;
}

/**
 * Where a MODULE_PATHS entry points: a path (absolute, or relative to the working directory) to a
 * file, a folder or a package folder; else a package name installed beside the working directory.
 */
export function resolveModulePath(entry: string, cwd = process.cwd()): string {
  const asPath = path.resolve(cwd, entry);
  const looksLikePath = entry.startsWith('.') || path.isAbsolute(entry) || existsSync(asPath);
  try {
    return require.resolve(looksLikePath ? asPath : entry, { paths: [cwd] });
  } catch {
    throw new ModuleLoadError(
      `MODULE_PATHS: cannot find "${entry}" (looked for ${looksLikePath ? asPath : `a package from ${cwd}`})`,
    );
  }
}

/** The public entries of the running nest-tryton, by the names modules import them with. */
const PUBLIC_ENTRIES: Record<string, string> = {
  'nest-tryton': require.resolve('nest-tryton'),
  'nest-tryton/testing': require.resolve('nest-tryton/testing'),
};

let entriesShared = false;

/**
 * A module loaded from elsewhere imports `nest-tryton`: it gets the running one (as a peer
 * dependency), whether or not a copy is installed beside it. Two copies would mean two `Model`
 * classes and two manifest keys, and the module would not be recognised.
 */
function shareEntries(): void {
  if (entriesShared) return;
  entriesShared = true;
  const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request: string, ...rest: unknown[]) {
    return PUBLIC_ENTRIES[request] ?? resolve.call(this, request, ...rest);
  };
}

/** Loads the module classes exported at each location (see resolveModulePath), in order, without duplicates. */
export function loadModuleClasses(locations: string[]): ModuleClass[] {
  const classes: ModuleClass[] = [];
  shareEntries();
  for (const location of locations) {
    const file = resolveModulePath(location);
    // Modules are found by path at boot (as Tryton finds its modules directory), so a plain require.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const found = moduleClassesOf(require(file) as Record<string, unknown>);
    if (!found.length) throw new ModuleLoadError(`MODULE_PATHS: ${file} exports no @TrytonModule class`);
    for (const moduleClass of found) if (!classes.includes(moduleClass)) classes.push(moduleClass);
  }
  const seen = new Map<string, ModuleClass>();
  for (const moduleClass of classes) {
    const name = manifestOf(moduleClass).name;
    if (seen.has(name) && seen.get(name) !== moduleClass)
      throw new ModuleLoadError(`Two different modules are named "${name}"`);
    seen.set(name, moduleClass);
  }
  return classes;
}
