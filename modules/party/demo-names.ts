/** Word lists the demo generators combine (deterministically, with a seeded PRNG). */
export const FIRST_NAMES = [
  'Alice', 'Bruno', 'Chloé', 'David', 'Emma', 'François', 'Gabrielle', 'Hugo', 'Inès', 'Jules',
  'Karim', 'Léa', 'Marc', 'Nina', 'Olivier', 'Pauline', 'Quentin', 'Rose', 'Sami', 'Théo',
];
export const LAST_NAMES = [
  'Martin', 'Dubois', 'Peeters', 'Janssens', 'Lambert', 'Dupont', 'Leroy', 'Moreau', 'Simon', 'Laurent',
  'Michel', 'Garcia', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'Fontaine',
];
export const COMPANY_WORDS = ['Atelier', 'Maison', 'Studio', 'Comptoir', 'Boutique', 'Fabrique', 'Galerie', 'Bureau'];
/** [country fs_id, postal code, city, street] */
export const PLACES: [string, string, string, string][] = [
  ['be', '1000', 'Bruxelles', 'Rue Neuve'],
  ['be', '4000', 'Liège', 'Boulevard de la Sauvenière'],
  ['be', '5000', 'Namur', 'Rue de Fer'],
  ['be', '2000', 'Antwerpen', 'Meir'],
  ['fr', '75001', 'Paris', 'Rue de Rivoli'],
  ['fr', '69002', 'Lyon', 'Rue de la République'],
  ['fr', '59000', 'Lille', 'Rue Faidherbe'],
  ['lu', '1111', 'Luxembourg', 'Grand-Rue'],
  ['nl', '1012', 'Amsterdam', 'Kalverstraat'],
  ['de', '10117', 'Berlin', 'Friedrichstraße'],
];
