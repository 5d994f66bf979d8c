import { adoptSequenceCode, loadRecord, refId } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { loadGroup, loadReadAllWriteGroup } from '../default-data';
import { ADDRESS_FORMATS, ADDRESS_SUBDIVISION_TYPES } from './address-formats';

export async function loadPartyData(env: Env): Promise<void> {
  const type = await loadRecord(
    env,
    'party',
    'sequence_type_party',
    'ir.sequence.type',
    { name: 'Party' },
    { translations: { fr: { name: 'Tiers' } } },
  );
  await adoptSequenceCode(env, 'party.party', type);
  await loadRecord(
    env,
    'party',
    'sequence_party',
    'ir.sequence',
    { name: 'Party', sequence_type: type },
    { translations: { fr: { name: 'Tiers' } } },
  );
  const admin = await loadGroup(
    env,
    'party',
    'group_party_admin',
    'Party Administration',
    'Administration des tiers',
  );
  // Parties, addresses and contact mechanisms are open to every user (no access row); categories are
  // read-only except for the party administrators.
  await loadReadAllWriteGroup(env, 'party', 'party_category', 'party.category', admin);
  for (const [suffix, model] of [
    ['party_configuration', 'party.configuration'],
    ['party_configuration_party_sequence', 'party.configuration.party_sequence'],
    ['party_configuration_party_lang', 'party.configuration.party_lang'],
    ['address_format', 'party.address.format'],
    ['address_subdivision_type', 'party.address.subdivision_type'],
  ]) {
    await loadReadAllWriteGroup(env, 'party', suffix, model, admin);
  }
  await loadRecord(env, 'party', 'configuration', 'party.configuration', {}, { noupdate: true });
  await loadRecord(
    env,
    'party',
    'configuration_party_sequence',
    'party.configuration.party_sequence',
    { party_sequence: await refId(env, 'party', 'sequence_party') },
    { noupdate: true },
  );
  for (const [country, format] of ADDRESS_FORMATS) {
    await loadRecord(env, 'party', `address_format_${country.toLowerCase()}`, 'party.address.format', {
      country_code: country,
      format_: format,
    });
  }
  for (const [country, types] of ADDRESS_SUBDIVISION_TYPES) {
    await loadRecord(
      env,
      'party',
      `address_subdivision_type_${country.toLowerCase()}`,
      'party.address.subdivision_type',
      { country_code: country, types },
    );
  }
}

/** Databases made when a party's language was a column of party_party: it becomes a party.party.lang row, once. */
export async function migratePartyLangs(env: Env): Promise<void> {
  const column = await env.tx.query(
    `SELECT 1 FROM information_schema.columns WHERE table_name = 'party_party' AND column_name = 'lang'`,
  );
  if (!column.length) return;
  await env.tx.query(
    `INSERT INTO "party_party_lang" ("party", "lang", "create_uid", "create_date")
     SELECT "p"."id", "p"."lang", 0, NOW() AT TIME ZONE 'UTC' FROM "party_party" AS "p" WHERE "p"."lang" IS NOT NULL`,
  );
  await env.tx.query('UPDATE "party_party" SET "lang" = NULL WHERE "lang" IS NOT NULL');
}
