import { loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { DemoRandom, demoProgress } from '../demo-random';
import { COMPANY_WORDS, FIRST_NAMES, LAST_NAMES, PLACES } from './demo-names';

const SMALL_PARTIES = 10;
export const LARGE_PARTIES = 10_000;
/** The company's party and the web shop's guest (each with an address and an e-mail) complete the 10,000. */
const LARGE_CUSTOMERS = LARGE_PARTIES - 2;
const CHUNK = 2_000;

function partyName(random: DemoRandom, i: number): string {
  if (i % 5 === 0) return `${random.pick(COMPANY_WORDS)} ${random.pick(LAST_NAMES)}`;
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

const emailOf = (name: string, i: number) =>
  `${name
    .normalize('NFD')
    .replace(/[^A-Za-z ]/g, '')
    .toLowerCase()
    .replace(/ /g, '.')}.${i}@example.com`;

async function countries(env: Env): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const [code] of PLACES) if (!ids.has(code)) ids.set(code, await refId(env, 'country', code));
  return ids;
}

/** A few categorised parties with an address, an e-mail and a phone, for trying things out. */
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
  const countryIds = await countries(env);
  for (let i = 1; i <= SMALL_PARTIES; i++) {
    const name = partyName(random, i);
    const [country, postal_code, city, street] = random.pick(PLACES);
    const party = await loadRecord(env, 'party', `party_${i}`, 'party.party', {
      name,
      categories: [['add', [customer]]],
    });
    await loadRecord(env, 'party', `party_${i}_address`, 'party.address', {
      party,
      street: `${street} ${random.int(1, 200)}`,
      postal_code,
      city,
      country: countryIds.get(country)!,
    });
    await loadRecord(env, 'party', `party_${i}_email`, 'party.contact_mechanism', {
      party,
      type: 'email',
      value: emailOf(name, i),
    });
    await loadRecord(env, 'party', `party_${i}_phone`, 'party.contact_mechanism', {
      party,
      type: 'phone',
      value: `+32 4${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)}`,
    });
  }
}

/** The benchmark shape: customers with one address and one e-mail each, inserted in bulk. */
export async function loadPartyDemoLarge(env: Env): Promise<void> {
  const random = new DemoRandom(2);
  const progress = demoProgress(env.context, 'parties');
  const countryIds = await countries(env);
  const [Party, Address, Contact] = ['party.party', 'party.address', 'party.contact_mechanism'].map((m) =>
    env.model(m),
  );
  progress(0, LARGE_CUSTOMERS);
  for (let start = 0; start < LARGE_CUSTOMERS; start += CHUNK) {
    const count = Math.min(CHUNK, LARGE_CUSTOMERS - start);
    const names = Array.from({ length: count }, (_, i) => partyName(random, start + i + 1));
    const ids = await Party.create(
      env,
      names.map((name) => ({ name })),
    );
    await Address.create(
      env,
      ids.map((party) => {
        const [country, postal_code, city, street] = random.pick(PLACES);
        return {
          party,
          street: `${street} ${random.int(1, 200)}`,
          postal_code,
          city,
          country: countryIds.get(country)!,
        };
      }),
    );
    await Contact.create(
      env,
      ids.map((party, i) => ({ party, type: 'email', value: emailOf(names[i], start + i + 1) })),
    );
    progress(start + count, LARGE_CUSTOMERS);
  }
}
