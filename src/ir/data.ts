import type { Env } from '../pool/env';
import { loadRecord } from './model-data.model';
import { LANG_FORMATS } from './lang.model';

export async function loadLanguages(env: Env): Promise<void> {
  await loadRecord(
    env,
    'ir',
    'lang_en',
    'ir.lang',
    { code: 'en', name: 'English', translatable: true, ...LANG_FORMATS.en },
    {
      translations: { fr: { name: 'Anglais' } },
    },
  );
  await loadRecord(
    env,
    'ir',
    'lang_fr',
    'ir.lang',
    { code: 'fr', name: 'French', translatable: true, ...LANG_FORMATS.fr },
    {
      translations: { fr: { name: 'Français' } },
    },
  );
  await loadRecord(env, 'ir', 'lang_fr_BE', 'ir.lang', {
    code: 'fr_BE',
    name: 'French (Belgium)',
    translatable: false,
    parent: 'fr',
    ...LANG_FORMATS.fr,
  });
  // Languages installed but not translated (Tryton ships them too); their names fall back to English.
  const others: [string, string, string][] = [
    ['de', 'German', 'Allemand'],
    ['es', 'Spanish', 'Espagnol'],
    ['it', 'Italian', 'Italien'],
    ['nl', 'Dutch', 'Néerlandais'],
  ];
  for (const [code, name, french] of others) {
    await loadRecord(
      env,
      'ir',
      `lang_${code}`,
      'ir.lang',
      { code, name, translatable: false, ...LANG_FORMATS[code] },
      {
        translations: { fr: { name: french } },
      },
    );
  }
}

/** The configuration singleton (Tryton creates it on first use): English by default. */
export async function loadConfiguration(env: Env): Promise<void> {
  await loadRecord(env, 'ir', 'configuration', 'ir.configuration', { language: 'en' }, { noupdate: true });
}
