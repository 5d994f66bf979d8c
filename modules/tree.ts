import type { Env, ModelClass } from 'nest-tryton';

/**
 * Tryton's tree() mixin for models whose rec_name is the path of names from the root
 * ("Parent / Child"): party categories, product categories.
 */
export const SEPARATOR = ' / ';

/** "Parent / Child" names of tree records, reading one level of ancestors per query batch. */
export async function treeRecNames(env: Env, model: ModelClass, ids: number[]): Promise<Map<number, string>> {
  const nodes = new Map<number, { name: string; parent: number | null }>();
  let pending = [...new Set(ids)];
  while (pending.length) {
    const rows = await model.read(env.withoutChecks(), pending, ['name', 'parent']);
    for (const r of rows)
      nodes.set(r.id, { name: (r.name as string) ?? '', parent: r.parent as number | null });
    pending = [
      ...new Set(
        rows.map((r) => r.parent as number | null).filter((p): p is number => p !== null && !nodes.has(p)),
      ),
    ];
  }
  const result = new Map<number, string>();
  for (const id of ids) {
    const parts: string[] = [];
    const seen = new Set<number>();
    for (let node = nodes.get(id); node; node = node.parent === null ? undefined : nodes.get(node.parent)) {
      parts.unshift(node.name);
      if (node.parent === null || seen.has(node.parent)) break;
      seen.add(node.parent);
    }
    if (nodes.has(id)) result.set(id, parts.join(SEPARATOR));
  }
  return result;
}

/** A rec_name search on "Parent / Child": the last part on the name, the one before on the parent, ... */
export function treeSearchRecName(operator: string, value: unknown): unknown[] {
  if (typeof value !== 'string') return [['name', operator, value]];
  const parts = value.split(SEPARATOR.trim()).reverse();
  return parts.map((part, i) => [[...Array(i).fill('parent'), 'name'].join('.'), operator, part.trim()]);
}
