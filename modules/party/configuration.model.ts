import { many2one, Model, multiselection, multiValue } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { partyValuePattern } from './company-value';
import { IDENTIFIER_TYPES } from './identifier-types';

/** The party settings (Tryton's singleton party.configuration; its record is default data). */
export class PartyConfiguration extends Model {
  static override __name__ = 'party.configuration';
  static override _recNameDepends = [];
  static override description = 'Party Configuration';
  static override _recName: string | null = null;
  static override fields = {
    party_sequence: multiValue(
      many2one('ir.sequence', { string: 'Party Sequence', help: 'Used to generate the party code.' }),
      { model: 'party.configuration.party_sequence' },
    ),
    party_lang: multiValue(
      many2one('ir.lang', { string: 'Party Language', help: 'The value set on party creation.' }),
      {
        model: 'party.configuration.party_lang',
        pattern: partyValuePattern('party.configuration.party_lang'),
      },
    ),
    identifier_types: multiselection(IDENTIFIER_TYPES, {
      string: 'Identifier Types',
      help: 'Defines which identifier types are available.\nLeave empty for all of them.',
    }),
  };

  static override async getRecName(_env: Env, ids: number[]): Promise<Map<number, string>> {
    return new Map(ids.map((id) => [id, 'Party Configuration']));
  }

  /**
   * The settings; without a record, Tryton's defaults. A singleton's values do not depend on its
   * record: they are read beside the search for it (three statements, one round trip).
   */
  static async settings(env: Env): Promise<{ party_sequence: number | null; party_lang: number | null }> {
    const root = env.withoutChecks();
    const valueOf = async (name: 'party_sequence' | 'party_lang') => {
      const values = await this._fields[name].options.getter!(root, [0], name, this);
      return (values.get(0) ?? null) as number | null;
    };
    const [ids, party_sequence, party_lang] = await Promise.all([
      this.search(root, [], { limit: 1, order: [['id', 'ASC']] }),
      valueOf('party_sequence'),
      valueOf('party_lang'),
    ]);
    if (!ids.length) return { party_sequence: null, party_lang: null };
    return { party_sequence, party_lang };
  }
}

export type PartyConfigurationModel = typeof PartyConfiguration;

export class ConfigurationPartySequence extends Model {
  static override __name__ = 'party.configuration.party_sequence';
  static override description = 'Party Configuration Sequence';
  static override _recName: string | null = null;
  static override fields = {
    party_sequence: many2one('ir.sequence', { string: 'Party Sequence' }),
  };
}

export class ConfigurationPartyLang extends Model {
  static override __name__ = 'party.configuration.party_lang';
  static override description = 'Party Configuration Lang';
  static override _recName: string | null = null;
  static override fields = {
    party_lang: many2one('ir.lang', { string: 'Party Language' }),
  };
}
