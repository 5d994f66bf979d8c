import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Eval, Not, pyEqual } from '../../src/pyson';

/** A field as a real Tryton server describes it (fields_get), from ../shared/tryton/models.json. */
export interface TrytonField {
  type: string;
  readonly: boolean;
  states: Record<string, unknown>;
  selection: unknown;
}
export interface TrytonModel {
  __module__: string;
  fields: Record<string, TrytonField>;
}

/** The modules whose models we mirror (`account` here is a stand-in holding taxes only). */
export const MIRRORED_MODULES = new Set([
  'ir',
  'res',
  'country',
  'currency',
  'party',
  'company',
  'product',
  'sale',
  'web_shop',
]);

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Where the reference lies: beside the repository (as CI has it), or TRYTON_MODELS_JSON. */
export const MODELS_JSON =
  process.env.TRYTON_MODELS_JSON ?? join(REPO_ROOT, '..', 'shared', 'tryton', 'models.json');

/** The reference models, or null (with the reason to skip) when the file is not there. */
export function loadTrytonModels(): Record<string, TrytonModel> | null {
  if (!existsSync(MODELS_JSON)) return null;
  const all = JSON.parse(readFileSync(MODELS_JSON, 'utf8')) as Record<string, TrytonModel>;
  delete all.__meta__;
  return all;
}

export const SKIP_REASON = `Tryton's reference models are not at ${MODELS_JSON} (set TRYTON_MODELS_JSON)`;

const INACTIVE = Not(Eval('active', true));

/**
 * Tryton's DeactivableMixin adds `~Eval('active', True)` to every field of a model that has `active`;
 * on a model that has no `active` field here the rule can never be true, so it is not declared.
 */
export function withoutDeactivable(states: Record<string, unknown>): Record<string, unknown> {
  const readonly = states.readonly as { __class__?: string; s?: unknown[] } | undefined;
  if (pyEqual(readonly, INACTIVE)) {
    const { readonly: _, ...rest } = states;
    return rest;
  }
  if (readonly?.__class__ === 'Or' && readonly.s?.length === 2 && pyEqual(readonly.s[1], INACTIVE)) {
    return { ...states, readonly: readonly.s[0] };
  }
  return states;
}
