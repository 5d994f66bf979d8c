import type { Env } from '../pool/env';
import { loadRecord } from './model-data.model';

export async function loadLanguages(env: Env): Promise<void> {
  await loadRecord(
    env,
    'ir',
    'lang_en',
    'ir.lang',
    { code: 'en', name: 'English', translatable: true },
    {
      translations: { fr: { name: 'Anglais' } },
    },
  );
  await loadRecord(
    env,
    'ir',
    'lang_fr',
    'ir.lang',
    { code: 'fr', name: 'French', translatable: true },
    {
      translations: { fr: { name: 'Français' } },
    },
  );
  await loadRecord(env, 'ir', 'lang_fr_BE', 'ir.lang', {
    code: 'fr_BE',
    name: 'French (Belgium)',
    translatable: false,
    parent: 'fr',
  });
}
