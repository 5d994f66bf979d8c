import { char } from '../fields';
import type { Env } from '../pool/env';
import { Model } from '../pool/model';

/** The server's settings (Tryton's singleton ir.configuration; its record is default data). */
export class Configuration extends Model {
  static override __name__ = 'ir.configuration';
  static override description = 'Configuration';
  static override _recName: string | null = null;
  static override _recNameDepends = [];
  static override fields = {
    language: char({ string: 'Language', help: 'The code of the default language.' }),
    hostname: char({ string: 'Hostname' }),
  };

  static override async getRecName(_env: Env, ids: number[]): Promise<Map<number, string>> {
    return new Map(ids.map((id) => [id, 'Configuration']));
  }
}
