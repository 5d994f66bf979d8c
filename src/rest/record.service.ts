import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { clause } from '../domain/domain';
import { Reply } from '../http/reply';
import { RequestScope } from '../http/request-scope';
import type { Env } from '../pool/env';
import { AccessError, BadRequestError, NotFoundError } from '../pool/errors';
import type { ModelClass, Values } from '../pool/model';
import { recordWriter } from '../serialization/record-writer';
import { readTree } from '../storage/reader';
import { RecordFields } from './record-fields';
import { parseBody, parseContext, parseFields, parseUsages } from './rest-params';
import { jsonHeaders, languageHeader, recordUrl } from './rest-headers';

/** One record: read, create, write (partial), delete. */
@Injectable()
export class RecordService {
  constructor(
    @Inject(RequestScope) private readonly scope: RequestScope,
    @Inject(RecordFields) private readonly fields: RecordFields,
  ) {}

  /**
   * The record as the answer shows it (f or usages), as JSON text; null when the user may not read it.
   */
  async readOne(
    env: Env,
    req: Request,
    model: ModelClass,
    id: number,
    created = false,
  ): Promise<Buffer | null> {
    if (env.checking && !(await env.access.canModel(env, model, 'read'))) return null;
    const tree = this.fields.tree(env, model, parseFields(req), parseUsages(req));
    // A record this transaction has just created exists: when no stored column is asked (its
    // rec_name), only the user's record rules make the reader query its row (they are not skipped).
    const known =
      created && [...tree.keys()].every((name) => !model._fields[name]?.stored)
        ? new Map([[id, { id }]])
        : undefined;
    // Hidden by the record rules (left out by the query that reads it) or missing: the reader finds nothing.
    const record = (
      await readTree(env, model, [id], tree, { withModelName: true, readRules: true }, known)
    ).get(id);
    return record ? Buffer.from(recordWriter(env, model, tree)(record)) : null;
  }

  async get(req: Request, modelName: string, id: number): Promise<Reply> {
    return this.scope.run(req, true, parseContext(req), async (env) => {
      const model = env.model(modelName);
      const record = await this.readOne(env, req, model, id).catch((e) => {
        // Tryton answers 404 for a record the user may not read.
        if (e instanceof AccessError) throw new NotFoundError(`Record ${modelName},${id} not found`);
        throw e;
      });
      if (!record) throw new NotFoundError(`Record ${modelName},${id} not found`);
      return new Reply(200, jsonHeaders(env), record);
    });
  }

  async create(req: Request, modelName: string): Promise<Reply> {
    const values = objectBody(req);
    return this.scope.run(req, false, parseContext(req), async (env) => {
      const model = env.model(modelName);
      const [id] = await model.create(env, [values]);
      const location = { Location: recordUrl(req, modelName, id) };
      const record = await this.readOne(env, req, model, id, true).catch(ignoreAccess);
      if (!record) return Reply.noContent({ ...languageHeader(env), ...location });
      return new Reply(200, { ...jsonHeaders(env), ...location }, record);
    });
  }

  async update(req: Request, modelName: string, id: number): Promise<Reply> {
    const values = objectBody(req);
    return this.scope.run(req, false, parseContext(req), async (env) => {
      const model = env.model(modelName);
      await this.findOrThrow(env, model, id);
      await model.write(env, [id], values);
      const record = await this.readOne(env, req, model, id).catch(ignoreAccess);
      if (!record) return Reply.noContent(languageHeader(env));
      return new Reply(200, jsonHeaders(env), record);
    });
  }

  async delete(req: Request, modelName: string, id: number): Promise<Reply> {
    return this.scope.run(req, false, parseContext(req), async (env) => {
      const model = env.model(modelName);
      await this.findOrThrow(env, model, id);
      await model.delete(env, [id]);
      return Reply.noContent(languageHeader(env));
    });
  }

  /** Tryton finds the record with a search: hidden by rules (or inactive) means 404. */
  async findOrThrow(env: Env, model: ModelClass, id: number): Promise<void> {
    const found = await model.search(env, clause('id', '=', id));
    if (!found.length) throw new NotFoundError(`Record ${model.__name__},${id} not found`);
  }
}

function ignoreAccess(e: unknown): null {
  if (e instanceof AccessError) return null;
  throw e;
}

export function objectBody(req: Request): Values {
  const body = parseBody(req, undefined);
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestError('The request body must be a JSON object of field values');
  }
  return body as Values;
}
