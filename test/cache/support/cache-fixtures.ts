import { Module } from '@nestjs/common';
import { char, integer, many2one } from '../../../src/fields';
import type { Env } from '../../../src/pool/env';
import { TrytonModule } from '../../../src/pool/manifest';
import { Model } from '../../../src/pool/model';

/** A note with an owner and a level (for record rules), a category (dotted paths) and a button. */
export class CacheNote extends Model {
  static override __name__ = 'cachetest.note';
  static override _order: [string, string][] = [['id', 'ASC']];
  static override _buttons = { archive: {} };
  static override fields = {
    name: char({ required: true }),
    owner: many2one('res.user'),
    level: integer({ default: 0 }),
    state: char({ default: 'open' }),
    category: many2one('cachetest.category'),
  };

  /** Changes the record: its cached answers must go. */
  static async archive(env: Env, ids: number[]): Promise<void> {
    await this.write(env, ids, { state: 'archived' });
  }
}

export class CacheCategory extends Model {
  static override __name__ = 'cachetest.category';
  static override fields = { name: char({ required: true }) };
}

@TrytonModule({ name: 'cachetest', depends: ['res'], models: [CacheNote, CacheCategory] })
@Module({})
export class CacheTestModule {}
