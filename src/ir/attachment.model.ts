import { binary, char, computed, integer, selection, text } from '../fields';
import type { Env } from '../pool/env';
import { Model, OrderSpec, Values } from '../pool/model';
import type { Pool } from '../pool/pool';
import { Equal, Eval, Not } from '../pyson/pyson';
import { checkResources, checkResourceWrite, resourceFields, setupResource } from './resource';

const onlyFor = (type: string) => ({ invisible: Not(Equal(Eval('type'), type)) });

/** The first line of a text (Tryton's firstline). */
export function firstLine(value: string | null): string {
  if (!value) return '';
  return value.split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? '';
}

/**
 * Tryton's ir.attachment: a file (`data`, with its size) or a link attached to any record, readable
 * by who may read that record, changed by who may change it (ResourceAccessMixin).
 */
export class Attachment extends Model {
  static override __name__ = 'ir.attachment';
  static override description = 'Attachment';
  static override _accessResource = 'resource';
  static override _order: OrderSpec = [
    ['last_modification', 'DESC'],
    ['create_date', 'DESC'],
    ['id', 'DESC'],
  ];
  static override fields = {
    ...resourceFields(),
    name: char({ string: 'Name', required: true }),
    type: selection(
      [
        ['data', 'Data'],
        ['link', 'Link'],
      ],
      { string: 'Type', required: true, default: 'data' },
    ),
    description: text({ string: 'Description' }),
    summary: computed(
      char({ string: 'Summary' }),
      async (env, ids) => {
        const rows = await env.tx.query(
          'SELECT "id", "description" FROM "ir_attachment" WHERE "id" = ANY($1)',
          [ids],
        );
        return new Map(rows.map((r) => [r.id as number, firstLine(r.description as string | null)]));
      },
      {
        depends: ['description'],
        searcher: (_env, _name, operator, value) => [['description', operator, value]],
      },
    ),
    link: char({ string: 'Link', states: onlyFor('link') }),
    data: binary({ string: 'Data', states: onlyFor('data') }),
    file_id: char({ string: 'File ID', readonly: true }),
    data_size: computed(
      integer({ string: 'Data size', states: onlyFor('data') }),
      async (env, ids) => {
        // The size without reading the bytes (Tryton reads it with the context `ir.attachment.data: size`).
        const rows = await env.tx.query(
          'SELECT "id", OCTET_LENGTH("data") AS "size" FROM "ir_attachment" WHERE "id" = ANY($1)',
          [ids],
        );
        return new Map(rows.map((r) => [r.id as number, r.size === null ? null : Number(r.size)]));
      },
      { depends: ['data'] },
    ),
  };

  static override __setup__(pool?: Pool): void {
    super.__setup__(pool);
    setupResource(this, pool);
  }

  static override async create(env: Env, vlist: Values[]): Promise<number[]> {
    await checkResources(env, vlist);
    return super.create(env, vlist);
  }

  static override async write(env: Env, ids: number[], values: Values): Promise<void> {
    if ('resource' in values) await checkResources(env, [values]);
    await super.write(env, ids, values);
    await checkResourceWrite(env, this, ids, values);
  }
}
