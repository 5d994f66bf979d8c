import { boolean, computed } from 'nest-tryton';
import type { Env, Sequence, Values } from 'nest-tryton';
import type { ProductConfigurationModel } from './configuration.model';

/** Fills `field` of the values that have none from the sequence (Tryton's code from a configured sequence). */
export async function codesFromSequence(
  env: Env,
  sequence: number | null,
  vlist: Values[],
  field: string,
): Promise<Values[]> {
  if (!sequence) return vlist;
  const missing = vlist.filter((v) => !v[field]);
  if (!missing.length) return vlist;
  const numbers = await (env.model('ir.sequence') as typeof Sequence).nextNumbers(
    env.withoutChecks(),
    sequence,
    missing.length,
  );
  const codes = new Map(missing.map((values, i) => [values, numbers[i]]));
  return vlist.map((v) => (codes.has(v) ? { ...v, [field]: codes.get(v) } : v));
}

/** Tryton's code_readonly: true while the configuration numbers codes from a sequence (made of the configuration only). */
export function codeReadonly(setting: 'product_sequence' | 'category_sequence') {
  return computed(
    boolean({ string: 'Code Readonly' }),
    async (env, ids) => {
      const settings = await (env.model('product.configuration') as ProductConfigurationModel).settings(env);
      return new Map(ids.map((id) => [id, !!settings[setting]]));
    },
    { depends: [] },
  );
}
