import { loadRecord } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { loadGroup, loadReadAllWriteGroup } from '../default-data';

export async function loadPartyData(env: Env): Promise<void> {
  await loadRecord(
    env,
    'party',
    'sequence_party',
    'ir.sequence',
    { name: 'Party', code: 'party.party' },
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
}
