/** Address layouts of countries, as their postal services ask (Tryton ships the same as data). */
export const ADDRESS_FORMATS: [string, string][] = [
  ['BE', '${party_name}\n${attn}\n${name}\n${street}\n${postal_code} ${city}\n${COUNTRY}'],
  ['CH', '${party_name}\n${attn}\n${name}\n${street}\n${postal_code} ${city}\n${COUNTRY}'],
  ['DE', '${party_name}\n${attn}\n${name}\n${street}\n${postal_code} ${city}\n${COUNTRY}'],
  ['ES', '${party_name}\n${attn}\n${name}\n${street}\n${postal_code} ${city}\n${subdivision}\n${COUNTRY}'],
  ['FR', '${party_name}\n${attn}\n${name}\n${street}\n${postal_code} ${CITY}\n${COUNTRY}'],
  ['GB', '${party_name}\n${attn}\n${name}\n${street}\n${CITY}\n${postal_code}\n${COUNTRY}'],
  [
    'IT',
    '${party_name}\n${attn}\n${name}\n${street}\n${postal_code} ${city} ${subdivision_code}\n${COUNTRY}',
  ],
  ['LU', '${party_name}\n${attn}\n${name}\n${street}\n${postal_code} ${city}\n${COUNTRY}'],
  ['NL', '${party_name}\n${attn}\n${name}\n${street}\n${postal_code} ${city}\n${COUNTRY}'],
  [
    'US',
    '${attn}\n${party_name}\n${name}\n${street}\n${city}, ${subdivision_code} ${postal_code}\n${COUNTRY}',
  ],
];

/** Subdivision types addresses use, per country. */
export const ADDRESS_SUBDIVISION_TYPES: [string, string[]][] = [
  ['BE', ['province']],
  ['ES', ['province']],
  ['FR', ['department']],
  ['IT', ['province']],
  ['US', ['state', 'district']],
];
