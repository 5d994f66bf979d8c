/** Word lists the demo generators combine (deterministically, with a seeded PRNG). */
export const FIRST_NAMES = [
  'Alice',
  'Bruno',
  'Chloé',
  'David',
  'Emma',
  'François',
  'Gabrielle',
  'Hugo',
  'Inès',
  'Jules',
  'Karim',
  'Léa',
  'Marc',
  'Nina',
  'Olivier',
  'Pauline',
  'Quentin',
  'Rose',
  'Sami',
  'Théo',
];
export const LAST_NAMES = [
  'Martin',
  'Dubois',
  'Peeters',
  'Janssens',
  'Lambert',
  'Dupont',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Michel',
  'Garcia',
  'Maes',
  'Jacobs',
  'Mertens',
  'Willems',
  'Claes',
  'Goossens',
  'Wouters',
  'Fontaine',
];
export const COMPANY_WORDS = [
  'Atelier',
  'Maison',
  'Studio',
  'Comptoir',
  'Boutique',
  'Fabrique',
  'Galerie',
  'Bureau',
];
/** A demo address place: country fs_id, postal code, city, street, the language spoken, subdivision fs_id. */
export interface Place {
  country: string;
  postal: string;
  city: string;
  street: string;
  lang: string;
  subdivision?: string;
}

const place = (
  country: string,
  postal: string,
  city: string,
  street: string,
  lang: string,
  subdivision?: string,
): Place => ({ country, postal, city, street, lang, subdivision });

/** Places in each country whose address format Tryton ships (the country's layout of an address). */
export const PLACES: Place[] = [
  place('be', '1000', 'Bruxelles', 'Rue Neuve', 'fr'),
  place('be', '4000', 'Liège', 'Boulevard de la Sauvenière', 'fr', 'be_wlg'),
  place('be', '5000', 'Namur', 'Rue de Fer', 'fr', 'be_wna'),
  place('be', '2000', 'Antwerpen', 'Meir', 'nl', 'be_van'),
  place('fr', '75001', 'Paris', 'rue de Rivoli', 'fr'),
  place('fr', '69002', 'Lyon', 'rue de la République', 'fr'),
  place('fr', '59000', 'Lille', 'rue Faidherbe', 'fr'),
  place('lu', '1111', 'Luxembourg', 'Grand-Rue', 'fr'),
  place('nl', '1012 NP', 'Amsterdam', 'Kalverstraat', 'nl'),
  place('de', '10117', 'Berlin', 'Friedrichstraße', 'de'),
  place('de', '80331', 'München', 'Marienplatz', 'de'),
  place('gb', 'SW1A 2AA', 'London', 'Downing Street', 'en'),
  place('us', '10118', 'New York', 'Fifth Avenue', 'en', 'us_ny'),
  place('us', '94103', 'San Francisco', 'Market Street', 'en', 'us_ca'),
];

/** The street line as the country writes it: the number before the street in France, the UK, the US. */
export function streetLine(p: Place, number: number): string {
  return ['fr', 'gb', 'us', 'lu'].includes(p.country) ? `${number} ${p.street}` : `${p.street} ${number}`;
}

/** A phone number in the country's international form. */
export function phoneOf(p: Place, n: number): string {
  const d = (k: number) => String((n * 7919 + k * 104729) % 100).padStart(2, '0');
  switch (p.country) {
    case 'fr':
      return `+33 1 ${d(1)} ${d(2)} ${d(3)} ${d(4)}`;
    case 'lu':
      return `+352 26 ${d(1)} ${d(2)} ${d(3)}`;
    case 'nl':
      return `+31 20 ${d(1)}${d(2)} ${d(3)}${d(4)}`;
    case 'de':
      return `+49 30 ${d(1)}${d(2)}${d(3)}${d(4)}`;
    case 'gb':
      return `+44 20 ${d(1)}${d(2)} ${d(3)}${d(4)}`;
    case 'us':
      return `+1 212-5${d(1)}-${d(2)}${d(3)}`;
    default:
      return `+32 4${d(1)} ${d(2)} ${d(3)} ${d(4)}`;
  }
}
