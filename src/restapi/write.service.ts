import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Reply } from '../http/reply';
import { RequestScope } from '../http/request-scope';
import type { Env } from '../pool/env';
import { BadRequestError, UserError } from '../pool/errors';
import type { ModelClass, Values } from '../pool/model';
import { parseContext } from '../rest/rest-params';
import type { Body } from './body';
import { successReply } from './envelope';
import { invalidFields, invalidInteger, itemNotFound, keyError, ValidationFailure } from './errors';
import type { ModelPolicy } from './policy';
import { parsePyInt } from './python-text';
import { allowedFields } from './table-fields';
import { convertValues, UNIQUE_ERROR } from './write-values';

export interface WriteRequest {
  model: ModelClass;
  entry: ModelPolicy;
  /** The path id (pyDAL falls back on the body's `id` for PUT and DELETE). */
  id: string | null;
  body: Body;
}

const INT_MAX = 2147483647;

/** A record id that could exist, or null (then the record is "not found"). */
function recordId(text: string): number | null {
  const id = parsePyInt(text);
  return id !== null && id >= 1 && id <= INT_MAX ? id : null;
}

/** POST, PUT and DELETE: pyDAL's validate-and-write, as the key's user, in one transaction. */
@Injectable()
export class RestApiWriteService {
  constructor(@Inject(RequestScope) private readonly scope: RequestScope) {}

  create(req: Request, write: WriteRequest): Promise<Reply> {
    return this.scope.run(req, false, parseContext(req), async (env) => {
      const { model, body } = write;
      await checkFields(env, write, 'POST');
      if (env.checking) await env.access.checkModel(env, model, 'create');
      const failed = { id: null, success: false };
      const values = await validated(env, model, body, null, true, failed);
      const [id] = await uniqueErrors(model, failed, () => model.create(env, [values]));
      return successReply({ id, errors: {}, success: true });
    });
  }

  update(req: Request, write: WriteRequest): Promise<Reply> {
    return this.scope.run(req, false, parseContext(req), async (env) => {
      const { model, body } = write;
      await checkFields(env, write, 'PUT');
      if (write.id === null && !('id' in body)) throw keyError('id');
      if (!Object.keys(body).length) throw new BadRequestError('No fields to update');
      if (env.checking) await env.access.checkModel(env, model, 'write');
      const idText = write.id ?? String(body.id);
      const id = recordId(idText);
      const found = id !== null && (await visible(env, model, id));
      // pyDAL's validate_and_update answers the id of the record it found, null when there is none.
      const failed = { id: found ? id : null, updated: 0, success: false };
      const values = await validated(env, model, body, id, false, failed);
      if (!found) throw itemNotFound();
      await uniqueErrors(model, failed, () => model.write(env, [id], values));
      return successReply({ id, updated: 1, errors: {}, success: true });
    });
  }

  remove(req: Request, write: WriteRequest): Promise<Reply> {
    return this.scope.run(req, false, parseContext(req), async (env) => {
      const { model, body } = write;
      if (write.id === null && !('id' in body)) throw keyError('id');
      const idText = write.id ?? String(body.id);
      if (parsePyInt(idText) === null) throw invalidInteger(idText);
      if (env.checking) await env.access.checkModel(env, model, 'delete');
      const id = recordId(idText);
      if (id === null || !(await visible(env, model, id))) throw itemNotFound();
      await model.delete(env, [id]);
      return successReply({ deleted: 1 });
    });
  }
}

/** Every body key must be a field the policy (narrowed by the rights) lets this method write. */
async function checkFields(env: Env, write: WriteRequest, method: 'POST' | 'PUT'): Promise<void> {
  const allowed = new Set(await allowedFields(env, write.entry, write.model, method));
  const bad = Object.keys(write.body).filter((name) => !allowed.has(name));
  if (bad.length) throw invalidFields(bad);
}

async function validated(
  env: Env,
  model: ModelClass,
  body: Body,
  id: number | null,
  creating: boolean,
  failed: Record<string, unknown>,
): Promise<Values> {
  const { values, errors } = await convertValues(env, model, body, id, creating);
  if (Object.keys(errors).length) throw new ValidationFailure(errors, failed);
  return values;
}

/** A record the user can see (rules included), whatever its `active` state. */
async function visible(env: Env, model: ModelClass, id: number): Promise<boolean> {
  const found = await model.search(env.withContext({ active_test: false }), [['id', '=', id]]);
  return found.length > 0;
}

/** A unique constraint the database caught (several columns, or a race): pyDAL's 422 on its first column. */
async function uniqueErrors<T>(
  model: ModelClass,
  failed: Record<string, unknown>,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof UserError) || e.description !== 'unique') throw e;
    const constraint = model._constraints.find((c) => c.message === e.message);
    throw new ValidationFailure({ [constraint?.columns[0] ?? 'id']: UNIQUE_ERROR }, failed);
  }
}
