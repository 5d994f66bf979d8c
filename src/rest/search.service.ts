import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/config';
import { and, clause, DomainNode } from '../domain/domain';
import { One2ManyField } from '../fields/one2many';
import { Many2ManyField } from '../fields/many2many';
import { Reply } from '../http/reply';
import { RequestScope } from '../http/request-scope';
import type { Env } from '../pool/env';
import { ApiError, BadRequestError } from '../pool/errors';
import type { ModelClass, RecordValues } from '../pool/model';
import { jsonArrayStream } from '../serialization/record-stream';
import { recordsJson, recordWriter } from '../serialization/record-writer';
import { buildSearchQuery } from '../storage/query';
import type { SqlCursor } from '../storage/transaction';
import { PathTree, readTree } from '../storage/reader';
import { RecordFields } from './record-fields';
import { parseContext, parseSearchParams, parseUsages, SearchParams } from './rest-params';
import { jsonHeaders, linkHeader } from './rest-headers';

/** The first batch is small so the first byte leaves at once; later batches are full size. */
const FIRST_BATCH = 50;

/** Too many long lists are streaming from this database: the others wait for a connection. */
export class StreamsBusyError extends ApiError {
  readonly headers = { 'Retry-After': '2' };
  constructor() {
    super(503, 'Too many long lists are being streamed, retry later');
  }
}

@Injectable()
export class SearchService {
  /** Long streams holding a connection, per database (at most STREAM_CONNECTIONS each). */
  private readonly streaming = new Map<string, number>();

  constructor(
    @Inject(RequestScope) private readonly scope: RequestScope,
    @Inject(RecordFields) private readonly fields: RecordFields,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** GET /:db/rest/model/:model — and sub-collections, through `restrict`. */
  async search(
    req: Request,
    modelName: string,
    restrict?: (env: Env) => Promise<{ model: ModelClass; domain: DomainNode }>,
  ): Promise<Reply> {
    const params = parseSearchParams(req);
    const usages = parseUsages(req);
    const context = parseContext(req);
    const { env, finish } = await this.scope.open(req, true, context);
    try {
      let model = env.model(modelName);
      let domain = params.domain;
      if (restrict) {
        const restriction = await restrict(env);
        model = restriction.model;
        domain = and(restriction.domain, domain);
      }
      if (env.checking) await env.access.checkModel(env, model, 'read');
      const tree = this.fields.tree(env, model, params.fields, usages);
      const headers = { ...jsonHeaders(env), ...linkHeader(req, model) };
      if (params.paging.range) {
        const reply = await this.rangePage(env, model, domain, params, tree, headers);
        await finish();
        return reply;
      }
      return await this.streamed(req.params.db as string, env, model, domain, params, tree, headers, finish);
    } catch (e) {
      await finish(e).catch(() => undefined);
      throw e;
    }
  }

  private async streamed(
    db: string,
    env: Env,
    model: ModelClass,
    domain: DomainNode,
    params: SearchParams,
    tree: PathTree,
    headers: Record<string, string>,
    finish: (error?: unknown) => Promise<void>,
  ): Promise<Reply> {
    // The search itself returns the record's own columns: the reader starts at the next level.
    const columns = [
      'id',
      ...[...tree.keys()].filter((name) => name !== 'id' && model._fields[name]?.stored),
    ];
    const search = async (offset: number, limit: number | null) => {
      const query = await buildSearchQuery(
        env,
        model,
        domain,
        { offset, limit, order: params.order },
        columns,
      );
      query.models.forEach((m) => env.reads.add(m));
      return query;
    };
    const readRecords = async (rows: Record<string, unknown>[]): Promise<RecordValues[]> => {
      if (!rows.length) return [];
      const ids = rows.map((r) => r.id as number);
      const preloaded = new Map(rows.map((r) => [r.id as number, r]));
      const records = await readTree(
        env,
        model,
        ids,
        tree,
        { withModelName: true, visible: true },
        preloaded,
      );
      return ids.map((id) => records.get(id)!).filter(Boolean);
    };
    const write = recordWriter(env, model, tree);
    const bytes = (records: RecordValues[]) => Buffer.from(recordsJson(write, records));
    const { offset, limit } = params.paging;
    // A page that fits in one batch is one plain query (a constant number of statements per page),
    // answered as bytes (which also lets caches and ETags work on it). A longer list starts the same
    // way with a small first batch, so its first byte leaves as soon as a short page's would; the rest
    // comes from a server-side cursor declared only when the client wants more (read transactions are
    // REPEATABLE READ: the cursor sees the same snapshot as the first batch).
    const firstSize = limit !== null && limit <= this.config.streamBatchSize ? limit : FIRST_BATCH;
    let cursor: SqlCursor | null = null;
    const close = async (error?: unknown) => {
      if (!error && cursor) await cursor.close().catch(() => undefined);
      await finish(error);
    };
    try {
      const firstQuery = await search(offset, firstSize);
      const first = await readRecords(await env.tx.query(firstQuery.text, firstQuery.params, true));
      if (first.length < firstSize || firstSize === limit) {
        await close();
        return new Reply(200, headers, bytes(first));
      }
      // A long list keeps its connection while the client reads: only STREAM_CONNECTIONS of the pool
      // may be held that way, so short requests always find one; a reader that stalls is cut off.
      const streaming = this.streaming.get(db) ?? 0;
      if (streaming >= this.config.streamConnections) throw new StreamsBusyError();
      this.streaming.set(db, streaming + 1);
      let slot = true;
      const freeSlot = () => {
        if (!slot) return;
        slot = false;
        const n = (this.streaming.get(db) ?? 1) - 1;
        if (n) this.streaming.set(db, n);
        else this.streaming.delete(db);
      };
      const source = {
        next: async () => {
          if (!cursor) {
            const rest = await search(offset + firstSize, limit === null ? null : limit - firstSize);
            cursor = await env.tx.declareCursor(rest.text, rest.params);
          }
          const batch = await readRecords(await cursor.read(this.config.streamBatchSize));
          return batch.length ? batch : null;
        },
        close: async (error?: unknown) => {
          try {
            await close(error);
          } finally {
            freeSlot();
          }
        },
      };
      return new Reply(
        200,
        headers,
        jsonArrayStream(first, source, write, { stallTimeout: this.config.streamStallTimeout }),
      );
    } catch (e) {
      await close(e).catch(() => undefined);
      throw e;
    }
  }

  /** Range paging, Tryton's semantics: Content-Range with a capped count, 416 past the end. */
  private async rangePage(
    env: Env,
    model: ModelClass,
    domain: DomainNode,
    params: SearchParams,
    tree: PathTree,
    headers: Record<string, string>,
  ): Promise<Reply> {
    const { offset } = params.paging;
    let limit = params.paging.limit;
    const ids = await model.search(env, domain, { offset, limit, order: params.order });
    if (!ids.length && offset) {
      throw new ApiError(416, 'Requested range not satisfiable', `No records from ${offset}`);
    }
    const records = await readTree(env, model, ids, tree, { withModelName: true, visible: true });
    const result = ids.map((id) => records.get(id)!).filter(Boolean);
    if (limit === null) limit = result.length;
    let count: number | string;
    if (result.length >= limit) {
      const cap = 10 * (limit + offset);
      count = await model.searchCount(env, domain, cap);
      if (count >= cap) count = '*';
    } else {
      count = offset + result.length;
    }
    return new Reply(
      200,
      {
        ...headers,
        'Accept-Ranges': 'records',
        'Content-Range': `records ${offset}-${offset + result.length}/${count}`,
      },
      Buffer.from(recordsJson(recordWriter(env, model, tree), result)),
    );
  }

  /** The domain selecting the records of a sub-collection `field` of record `id`. */
  static async subCollection(env: Env, owner: ModelClass, id: number, fieldName: string) {
    const field = owner._fields[fieldName];
    if (!field) throw new BadRequestError(`Unknown field "${fieldName}" on model "${owner.__name__}"`);
    const target = (field as { target?: string }).target;
    if (!target) throw new BadRequestError(`Field "${fieldName}" of "${owner.__name__}" is not a relation`);
    const model = env.model(target);
    if (field instanceof One2ManyField)
      return { model, domain: clause(field.reverse, '=', field.ownerValue(id)) };
    const [record] = await owner.read(env, [id], [fieldName]);
    const value = record?.[fieldName];
    const ids =
      field instanceof Many2ManyField ? (value as number[]) : value === null ? [] : [value as number];
    return { model, domain: clause('id', 'in', ids ?? []) };
  }
}
