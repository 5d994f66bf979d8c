/** The storefront's languages: the first path segment of every page (/en/..., /fr/...). */
export const LANGUAGES = ['en', 'fr'] as const;
export type Lang = (typeof LANGUAGES)[number];

export const isLang = (value: string | undefined): value is Lang => LANGUAGES.includes(value as Lang);

const en = {
  languageName: 'English',
  home: 'Home',
  cart: 'Cart',
  categories: 'Categories',
  featured: 'Selected for you',
  heroTitle: 'Objects for everyday living',
  heroText: 'Furniture, lighting and textiles, priced by the shop itself.',
  shopAll: 'Browse the catalogue',
  loading: 'Loading…',
  priceTaxed: 'incl. tax',
  priceUntaxed: 'excl. tax',
  perUnit: 'per {unit}',
  addToCart: 'Add to cart',
  quantity: 'Quantity',
  update: 'Update',
  remove: 'Remove',
  previous: 'Previous',
  next: 'Next',
  pageOf: 'Page {page} of {pages}',
  productsCount: '{count} products',
  noProducts: 'No products in this category yet.',
  notFound: 'This page does not exist.',
  productNotFound: 'This product is not sold here.',
  backHome: 'Back to the shop',
  emptyCart: 'Your cart is empty.',
  product: 'Product',
  unitPrice: 'Unit price',
  amount: 'Amount',
  untaxed: 'Total excl. tax',
  tax: 'Tax',
  total: 'Total',
  checkout: 'Check out',
  continueShopping: 'Continue shopping',
  customer: 'You',
  name: 'Name',
  email: 'E-mail',
  invoiceAddress: 'Invoice address',
  shipmentAddress: 'Shipment address',
  otherAddress: 'Ship to another address (below)',
  street: 'Street',
  postalCode: 'Postal code',
  city: 'City',
  country: 'Country',
  placeOrder: 'Request a quotation',
  summary: 'Your order',
  thanks: 'Thank you, {name}!',
  quoted: 'Your order {number} is quoted. We will confirm it by e-mail at {email}.',
  orderState: 'State:',
  orderNotFound: 'This order does not exist.',
  required: 'Please fill in: {fields}.',
  badEmail: 'The e-mail address looks wrong.',
  apiError: 'The shop could not answer: {message}',
  unavailable: 'The shop is unavailable right now; please try again in a moment.',
  streamed: 'Streamed rendering',
  buffered: 'Buffered rendering',
  renderSwitch: 'Switch to {mode}',
  state_draft: 'Cart',
  state_quotation: 'Quotation',
  state_confirmed: 'Confirmed',
  state_processing: 'Processing',
  state_done: 'Done',
  state_cancelled: 'Cancelled',
};

export type Messages = typeof en;

const fr: Messages = {
  languageName: 'Français',
  home: 'Accueil',
  cart: 'Panier',
  categories: 'Catégories',
  featured: 'Notre sélection',
  heroTitle: 'Des objets pour tous les jours',
  heroText: 'Mobilier, éclairage et textiles, au prix fixé par la boutique.',
  shopAll: 'Voir le catalogue',
  loading: 'Chargement…',
  priceTaxed: 'TTC',
  priceUntaxed: 'HT',
  perUnit: 'par {unit}',
  addToCart: 'Ajouter au panier',
  quantity: 'Quantité',
  update: 'Mettre à jour',
  remove: 'Retirer',
  previous: 'Précédent',
  next: 'Suivant',
  pageOf: 'Page {page} sur {pages}',
  productsCount: '{count} produits',
  noProducts: 'Pas encore de produits dans cette catégorie.',
  notFound: "Cette page n'existe pas.",
  productNotFound: "Ce produit n'est pas vendu ici.",
  backHome: 'Retour à la boutique',
  emptyCart: 'Votre panier est vide.',
  product: 'Produit',
  unitPrice: 'Prix unitaire',
  amount: 'Montant',
  untaxed: 'Total HT',
  tax: 'Taxes',
  total: 'Total TTC',
  checkout: 'Commander',
  continueShopping: 'Continuer mes achats',
  customer: 'Vous',
  name: 'Nom',
  email: 'Courriel',
  invoiceAddress: 'Adresse de facturation',
  shipmentAddress: 'Adresse de livraison',
  otherAddress: 'Livrer à une autre adresse (ci-dessous)',
  street: 'Rue',
  postalCode: 'Code postal',
  city: 'Ville',
  country: 'Pays',
  placeOrder: 'Demander un devis',
  summary: 'Votre commande',
  thanks: 'Merci, {name} !',
  quoted: 'Votre commande {number} est chiffrée. Nous la confirmerons par courriel à {email}.',
  orderState: 'État :',
  orderNotFound: "Cette commande n'existe pas.",
  required: 'Veuillez remplir : {fields}.',
  badEmail: "L'adresse de courriel semble incorrecte.",
  apiError: "La boutique n'a pas pu répondre : {message}",
  unavailable: 'La boutique est indisponible pour le moment ; réessayez dans un instant.',
  streamed: 'Rendu en flux',
  buffered: 'Rendu en bloc',
  renderSwitch: 'Passer au {mode}',
  state_draft: 'Panier',
  state_quotation: 'Devis',
  state_confirmed: 'Confirmée',
  state_processing: 'En cours',
  state_done: 'Terminée',
  state_cancelled: 'Annulée',
};

const MESSAGES: Record<Lang, Messages> = { en, fr };

export interface I18n {
  lang: Lang;
  locale: string;
  /** A message with its {placeholders} filled in. */
  t(key: keyof Messages, values?: Record<string, string | number>): string;
  /** A decimal amount (a string, exact) in the shop's currency, rounded half to even as Tryton does. */
  money(amount: string | null | undefined): string;
  /** A quantity, without trailing zeros. */
  quantity(value: string): string;
}

const LOCALES: Record<Lang, string> = { en: 'en-GB', fr: 'fr-BE' };

export function i18n(lang: Lang, currency: string): I18n {
  const messages = MESSAGES[lang];
  const locale = LOCALES[lang];
  // Formatting a decimal string keeps it exact (Intl.NumberFormat v3): no binary float on the way.
  const money = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    roundingMode: 'halfEven',
  } as Intl.NumberFormatOptions);
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
  const format = (n: Intl.NumberFormat, value: string) => (n.format as (value: string) => string)(value);
  return {
    lang,
    locale,
    t: (key, values = {}) =>
      messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`)),
    money: (amount) => (amount === null || amount === undefined ? '—' : format(money, amount)),
    quantity: (value) => format(number, value),
  };
}

/** The visitor's preferred language among ours, from Accept-Language (highest q wins). */
export function negotiate(header: string | undefined): Lang {
  let best: { lang: Lang; q: number } | null = null;
  for (const part of (header ?? '').split(',')) {
    const [tag, ...params] = part.trim().split(';');
    const base = tag.toLowerCase().split('-')[0];
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
    if (isLang(base) && Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang: base, q };
  }
  return best?.lang ?? 'en';
}
