import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Reply } from '../http/reply';
import { RequestScope } from '../http/request-scope';
import { AccessError, BadRequestError, NotFoundError } from '../pool/errors';
import type { ModelClass, RpcSpec } from '../pool/model';
import { Pool } from '../pool/pool';
import { stringifyTagged } from '../serialization/tagged-json';
import { RecordService } from './record.service';
import { parseBody, parseContext } from './rest-params';
import { jsonHeaders } from './rest-headers';

type Method = (env: unknown, ids: number[], kwargs: Record<string, unknown>) => Promise<unknown>;

/** The RPC entry of a method: an exposed method or a button; null when not exposed (403). */
export function exposedMethod(model: ModelClass, name: string): (RpcSpec & { button: boolean }) | null {
  if (Object.prototype.hasOwnProperty.call(model._buttons, name)) {
    const { summary, parameters, result } = model._buttons[name];
    return { instance: true, readonly: false, button: true, summary, parameters, result };
  }
  if (Object.prototype.hasOwnProperty.call(model._rpc, name)) return { ...model._rpc[name], button: false };
  return null;
}

/** POST /model/:model/:id/:method (buttons, instance methods) and /model/:model/:method (class methods). */
@Injectable()
export class ActionService {
  constructor(
    @Inject(RequestScope) private readonly scope: RequestScope,
    @Inject(RecordService) private readonly records: RecordService,
    @Inject(Pool) private readonly pool: Pool,
  ) {}

  async call(req: Request, modelName: string, action: string, id: number | null): Promise<Reply> {
    const model = this.pool.get(modelName);
    const rpc = exposedMethod(model, action);
    const method = (model as unknown as Record<string, unknown>)[action];
    if (!rpc || typeof method !== 'function' || rpc.instance !== (id !== null)) {
      throw new AccessError(
        `Method "${action}" of "${modelName}" is not exposed${id === null ? ' on the model' : ' on records'}`,
      );
    }
    const body = parseBody(req, {});
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new BadRequestError('The request body must be a JSON object of keyword arguments');
    }
    return this.scope.run(req, !!rpc.readonly, parseContext(req), async (env) => {
      const ids = id === null ? [] : [id];
      if (id !== null) await this.records.findOrThrow(env, model, id);
      if (env.checking) {
        if (rpc.button) await env.access.checkButton(env, model, action);
        else await env.access.checkModel(env, model, rpc.access ?? (rpc.readonly ? 'read' : 'write'));
      }
      const result = await (method as Method).call(model, env, ids, body as Record<string, unknown>);
      if (!rpc.readonly) {
        env.touched.add(model.__name__);
        for (const listener of env.pool.listeners) {
          await listener(env, { operation: 'button', model: model.__name__, ids, fields: [action] });
        }
      }
      if (id !== null && (result === undefined || result === null)) {
        const record = await this.records.readOne(env, req, model, id);
        if (!record) throw new NotFoundError(`Record ${modelName},${id} not found`);
        return new Reply(200, jsonHeaders(env), Buffer.from(stringifyTagged(record)));
      }
      if (result === undefined || result === null) return Reply.noContent();
      return new Reply(200, jsonHeaders(env), Buffer.from(stringifyTagged(result)));
    });
  }
}
