import { ALL, loadModelAccess, READ_ONLY } from 'nest-tryton';
import type { Env } from 'nest-tryton';

/** Everybody reads programs and cards; administrators change them. */
export async function loadLoyaltyAccess(env: Env): Promise<void> {
  for (const [suffix, model] of [
    ['program', 'loyalty.program'],
    ['card', 'loyalty.card'],
  ]) {
    await loadModelAccess(env, 'loyalty', `access_${suffix}`, model, null, READ_ONLY);
    await loadModelAccess(env, 'loyalty', `access_${suffix}_admin`, model, 'res.group_admin', ALL);
  }
}
