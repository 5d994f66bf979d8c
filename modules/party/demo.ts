import { bulkLoad, loadRecord, refId } from 'nest-tryton';
import type { Env, Values } from 'nest-tryton';
import { DemoRandom, demoProgress } from '../demo-random';
import { COMPANY_WORDS, FIRST_NAMES, LAST_NAMES, phoneOf, Place, PLACES, streetLine } from './demo-names';
import { taxIdentifier } from './demo-identifiers';

const SMALL_PARTIES = 14;
export const LARGE_PARTIES = 10_000;
/**
 * The company's party, its employee's and the web shop's guest (each with an address and an e-mail)
 * complete the 10,000.
 */
const LARGE_CUSTOMERS = LARGE_PARTIES - 3;
const CHUNK = 2_000;

/**
 * Businesses have a VAT number (or their country's tax identifier) and a website: every fifth party
 * of the large demo, three in four of the small.
 */
const isBusiness = (i: number, full: boolean) => (full ? i % 4 !== 2 : i % 5 === 0);

function partyName(random: DemoRandom, i: number, full: boolean): string {
  if (isBusiness(i, full)) return `${random.pick(COMPANY_WORDS)} ${random.pick(LAST_NAMES)}`;
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

const slug = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[^A-Za-z ]/g, '')
    .toLowerCase()
    .replace(/ /g, '.');

const emailOf = (name: string, i: number) => `${slug(name)}.${i}@example.com`;
const websiteOf = (name: string, i: number) =>
  `https://www.${slug(name).replace(/\./g, '-')}-${i}.example.com`;

/** The ids the demo parties refer to: countries, subdivisions and languages of the places. */
interface PlaceRefs {
  country: Map<string, number>;
  subdivision: Map<string, number>;
  lang: Map<string, number>;
}

async function placeRefs(env: Env): Promise<PlaceRefs> {
  const refs: PlaceRefs = { country: new Map(), subdivision: new Map(), lang: new Map() };
  for (const p of PLACES) {
    if (!refs.country.has(p.country)) refs.country.set(p.country, await refId(env, 'country', p.country));
    if (p.subdivision && !refs.subdivision.has(p.subdivision))
      refs.subdivision.set(p.subdivision, await refId(env, 'country', p.subdivision));
    if (!refs.lang.has(p.lang)) refs.lang.set(p.lang, await refId(env, 'ir', `lang_${p.lang}`));
  }
  return refs;
}

/** The i-th demo party: its values, address, contact mechanisms and identifiers (ids to fill in). */
function demoParty(random: DemoRandom, refs: PlaceRefs, i: number, full: boolean, at?: Place) {
  const name = partyName(random, i, full);
  const p: Place = at ?? random.pick(PLACES);
  const address: Values = {
    street: streetLine(p, random.int(1, 200)),
    postal_code: p.postal,
    city: p.city,
    country: refs.country.get(p.country)!,
    subdivision: p.subdivision ? refs.subdivision.get(p.subdivision)! : null,
  };
  const contacts: Values[] = [{ type: 'email', value: emailOf(name, i) }];
  // The benchmark's parties have one e-mail each; the small demo gives every party a phone too.
  if (full || i % 10 === 0) contacts.push({ type: 'phone', value: phoneOf(p, i) });
  if (isBusiness(i, full)) contacts.push({ type: 'website', value: websiteOf(name, i) });
  const identifier = isBusiness(i, full) ? taxIdentifier(p.country, i) : null;
  return {
    party: { name, lang: refs.lang.get(p.lang)! } as Values,
    address,
    contacts,
    identifiers: identifier ? [identifier] : [],
  };
}

/** A few categorised parties in every country of the demo, with their languages, contacts and VAT numbers. */
export async function loadPartyDemoSmall(env: Env): Promise<void> {
  const random = new DemoRandom(1);
  const customer = await loadRecord(
    env,
    'party',
    'category_customer',
    'party.category',
    { name: 'Customer' },
    {
      translations: { fr: { name: 'Client' } },
    },
  );
  const refs = await placeRefs(env);
  for (let i = 1; i <= SMALL_PARTIES; i++) {
    // one party per place: every address format is used
    const place = PLACES[(i - 1) % PLACES.length];
    const { party: values, address, contacts, identifiers } = demoParty(random, refs, i, true, place);
    const party = await loadRecord(env, 'party', `party_${i}`, 'party.party', {
      ...values,
      categories: [['add', [customer]]],
    });
    await loadRecord(env, 'party', `party_${i}_address`, 'party.address', { party, ...address });
    for (const contact of contacts) {
      await loadRecord(env, 'party', `party_${i}_${contact.type}`, 'party.contact_mechanism', {
        party,
        ...contact,
      });
    }
    for (const [n, identifier] of identifiers.entries()) {
      await loadRecord(env, 'party', `party_${i}_identifier_${n + 1}`, 'party.identifier', {
        party,
        ...identifier,
      });
    }
  }
}

/**
 * The benchmark shape: customers with one address and one e-mail each, inserted in bulk, in the
 * countries of the demo with their language; businesses have a tax identifier and a website, every
 * tenth party a phone.
 */
export async function loadPartyDemoLarge(env: Env): Promise<void> {
  const random = new DemoRandom(2);
  const progress = demoProgress(env.context, 'parties');
  const refs = await placeRefs(env);
  const [Party, Address, Contact, Identifier] = [
    'party.party',
    'party.address',
    'party.contact_mechanism',
    'party.identifier',
  ].map((m) => env.model(m));
  progress(0, LARGE_CUSTOMERS);
  await bulkLoad(
    env,
    ['party.party', 'party.party.lang', 'party.address', 'party.contact_mechanism', 'party.identifier'],
    async () => {
      for (let start = 0; start < LARGE_CUSTOMERS; start += CHUNK) {
        const count = Math.min(CHUNK, LARGE_CUSTOMERS - start);
        const parties = Array.from({ length: count }, (_, i) =>
          demoParty(random, refs, start + i + 1, false),
        );
        const ids = await Party.create(
          env,
          parties.map((p) => p.party),
        );
        await Address.create(
          env,
          ids.map((party, i) => ({ party, ...parties[i].address })),
        );
        await Contact.create(
          env,
          ids.flatMap((party, i) => parties[i].contacts.map((c) => ({ party, ...c }))),
        );
        await Identifier.create(
          env,
          ids.flatMap((party, i) => parties[i].identifiers.map((c) => ({ party, ...c }))),
        );
        progress(start + count, LARGE_CUSTOMERS);
      }
    },
  );
}
