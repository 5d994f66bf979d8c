import { boolean, computed, many2one, text } from '../fields';
import type { Env } from '../pool/env';
import { Model, OrderSpec, Values } from '../pool/model';
import type { Pool } from '../pool/pool';
import { Eval, Greater } from '../pyson/pyson';
import { filterByRules } from '../storage/model-storage';
import { AccessError, BadRequestError } from '../pool/errors';
import { checkResources, checkResourceWrite, resourceFields, setupResource } from './resource';

/** Tryton's TextWrapper(width=79).fill of each line (words kept whole, a longer word on its own line). */
export function wrapMessage(message: string | null): string {
  return (message ?? '')
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const words = line.split(/\s+/).filter((w) => w !== '');
      const lines: string[] = [];
      let current = '';
      for (const word of words) {
        if (!current) current = word;
        else if (current.length + 1 + word.length <= 79) current += ` ${word}`;
        else {
          lines.push(current);
          current = word;
        }
      }
      if (current) lines.push(current);
      return lines.join('\n');
    })
    .join('\n');
}

/** Notes read, per user and note: what `ir.note.unread` is made of. */
export class NoteRead extends Model {
  static override __name__ = 'ir.note.read';
  static override description = 'Note Read';
  static override _recName = null;
  // A read mark is seen by who sees its note.
  static override _access = 'note';
  static override _perUser = true;
  static override fields = {
    note: many2one('ir.note', { string: 'Note', required: true, ondelete: 'CASCADE', select: true }),
    user: many2one('res.user', { string: 'User', required: true, ondelete: 'CASCADE', select: true }),
  };
}

/**
 * Tryton's ir.note: a message on any record (readonly once saved), unread per user until the user
 * marks it read; access follows the record (ResourceAccessMixin).
 */
export class Note extends Model {
  static override __name__ = 'ir.note';
  static override description = 'Note';
  static override _recName = 'message';
  static override _accessResource = 'resource';
  static override _order: OrderSpec = [
    ['last_modification', 'DESC'],
    ['id', 'ASC'],
  ];
  static override fields = {
    ...resourceFields(),
    message: text({ string: 'Message', states: { readonly: Greater(Eval('id', 0), 0) } }),
    message_wrapped: computed(
      text({ string: 'Message' }),
      async (env, ids) => {
        const rows = await env.tx.query('SELECT "id", "message" FROM "ir_note" WHERE "id" = ANY($1)', [ids]);
        return new Map(rows.map((r) => [r.id as number, wrapMessage(r.message as string | null)]));
      },
      { depends: ['message'] },
    ),
    unread: computed(boolean({ string: 'Unread', default: false }), (env, ids) => Note.unread(env, ids), {
      depends: [],
      searcher: (env, _name, operator, value) => Note.searchUnread(env, operator, value),
      setter: (env, ids, _name, value) => Note.setUnread(env, ids, value),
    }),
  };

  static override __setup__(pool?: Pool): void {
    super.__setup__(pool);
    setupResource(this, pool);
  }

  /** Unread by the request's user: no read mark of the user on it. */
  static async unread(env: Env, ids: number[]): Promise<Map<number, boolean>> {
    env.reads.add('ir.note.read');
    const rows = await env.tx.query(
      `SELECT "n"."id", "r"."id" IS NULL AS "unread" FROM "ir_note" AS "n"
         LEFT JOIN LATERAL (SELECT "id" FROM "ir_note_read" WHERE "note" = "n"."id" AND "user" = $2 LIMIT 1) AS "r" ON TRUE
        WHERE "n"."id" = ANY($1)`,
      [ids, env.user],
    );
    return new Map(rows.map((r) => [r.id as number, r.unread as boolean]));
  }

  static async searchUnread(env: Env, operator: string, value: unknown) {
    if ((operator !== '=' && operator !== '!=') || typeof value !== 'boolean') {
      throw new BadRequestError('"unread" of notes is searched with "=" or "!=" and true or false');
    }
    env.reads.add('ir.note.read');
    const rows = await env.tx.query('SELECT DISTINCT "note" FROM "ir_note_read" WHERE "user" = $1', [
      env.user,
    ]);
    const read = rows.map((r) => r.note as number);
    const wantUnread = (operator === '=') === value;
    return [['id', wantUnread ? 'not in' : 'in', read]];
  }

  /** Marks the notes read (false) or unread (true) for the request's user. */
  static async setUnread(env: Env, ids: number[], value: unknown): Promise<void> {
    if (!ids.length) return;
    env.touched.add('ir.note.read');
    env.touched.add('ir.note');
    if (value) {
      await env.tx.query('DELETE FROM "ir_note_read" WHERE "note" = ANY($1) AND "user" = $2', [
        ids,
        env.user,
      ]);
      return;
    }
    await env.tx.query(
      `INSERT INTO "ir_note_read" ("note", "user", "create_uid", "create_date")
       SELECT "n", $2, $2, NOW() AT TIME ZONE 'UTC' FROM UNNEST($1::int[]) AS "n"
        WHERE NOT EXISTS (SELECT 1 FROM "ir_note_read" WHERE "note" = "n" AND "user" = $2)`,
      [ids, env.user],
    );
  }

  static override async create(env: Env, vlist: Values[]): Promise<number[]> {
    await checkResources(env, vlist);
    return super.create(env, vlist);
  }

  static override async write(env: Env, ids: number[], values: Values): Promise<void> {
    const keys = Object.keys(values);
    if (keys.length === 1 && keys[0] === 'unread') {
      // Tryton: marking read or unread changes no metadata, and needs only to see the notes.
      if (env.checking) {
        await env.access.checkModel(env, this, 'write');
        const visible = await filterByRules(env, this, ids, 'read');
        if (visible.length !== new Set(ids).size) {
          throw new AccessError('You are not allowed to mark these notes (record rules)');
        }
      }
      return Note.setUnread(env, ids, values.unread);
    }
    if ('resource' in values) await checkResources(env, [values]);
    await super.write(env, ids, values);
    await checkResourceWrite(env, this, ids, values);
  }
}
