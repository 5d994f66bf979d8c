import type { ModuleManifest } from './manifest';

export class ModuleGraphError extends Error {}

/**
 * Sorts modules so that each comes after its dependencies; refuses missing and cyclic dependencies.
 * With `active`, keeps only those modules and what they depend on.
 */
export function sortModules(manifests: ModuleManifest[], active: string[] | null = null): ModuleManifest[] {
  const byName = new Map<string, ModuleManifest>();
  for (const m of manifests) {
    if (byName.has(m.name)) throw new ModuleGraphError(`Module "${m.name}" is declared twice`);
    byName.set(m.name, m);
  }
  const roots = active ?? manifests.map((m) => m.name);
  for (const name of roots) {
    if (!byName.has(name)) throw new ModuleGraphError(`Unknown module "${name}"`);
  }
  const sorted: ModuleManifest[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    const manifest = byName.get(name);
    if (!manifest) {
      throw new ModuleGraphError(`Module "${path[path.length - 1]}" depends on missing module "${name}"`);
    }
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new ModuleGraphError(
        `Cyclic module dependency: ${[...path.slice(path.indexOf(name)), name].join(' -> ')}`,
      );
    }
    state.set(name, 'visiting');
    for (const dep of manifest.depends) visit(dep, [...path, name]);
    state.set(name, 'done');
    sorted.push(manifest);
  };
  // Visit in declaration order for a stable result.
  for (const m of manifests) if (roots.includes(m.name)) visit(m.name, []);
  return sorted;
}

/** All modules reachable through `name`'s dependencies, itself included. */
export function dependencyClosure(manifests: ModuleManifest[], name: string): Set<string> {
  const byName = new Map(manifests.map((m) => [m.name, m]));
  const seen = new Set<string>();
  const walk = (n: string) => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const d of byName.get(n)?.depends ?? []) walk(d);
  };
  walk(name);
  return seen;
}
