import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Reply } from '../http/reply';
import { RequestScope } from '../http/request-scope';
import { parseDomain } from '../domain/domain';
import { parseOrder } from '../domain/order';
import type { Env } from '../pool/env';
import type { Field } from '../fields/field';
import { AccessError, BadRequestError, NotFoundError } from '../pool/errors';
import type { ModelClass, RpcSpec } from '../pool/model';
import { Pool } from '../pool/pool';
import { stringifyTagged } from '../serialization/tagged-json';
import { RecordService } from './record.service';
import { parseBody, parseContext } from './rest-params';
import { jsonHeaders, languageHeader } from './rest-headers';

type Method = (env: unknown, ids: number[], kwargs: Record<string, unknown>) => Promise<unknown>;

/** A keyword argument of a generic method, or its default; a wrong type is a 400 naming it. */
function kwarg<T>(kwargs: Record<string, unknown>, name: string, check: (v: unknown) => boolean, dflt: T): T {
  const value = kwargs[name];
  if (value === undefined || value === null) return dflt;
  if (!check(value)) throw new BadRequestError(`Invalid argument "${name}": ${JSON.stringify(value)}`);
  return value as T;
}
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

type Generic = (env: Env, model: ModelClass, kwargs: Record<string, unknown>) => Promise<unknown>;

const domainSchema = { type: 'array', description: 'A Tryton domain, as `d` of a search.' };
const countSchema = { type: 'integer', minimum: 0 };
const orderSchema = { type: 'array', description: 'Tryton order: a list of [field, "ASC"|"DESC"].' };

/**
 * The read-only methods every Tryton model exposes to RPC (ModelStorage.__rpc__), served through
 * POST /model/:model/:method as Tryton's REST does: the same engine, access checks and domain
 * validation as GET /model/:model. The writing ones (create, write, delete) have their own routes.
 */
export const GENERIC_RPC: Record<string, RpcSpec & { handler: Generic }> = {
  search_count: {
    instance: false,
    readonly: true,
    summary: 'the number of records matching the domain (at most limit when given)',
    parameters: { type: 'object', properties: { domain: domainSchema, limit: countSchema } },
    result: { type: 'integer' },
    async handler(env, model, kwargs) {
      const domain = parseDomain(kwarg(kwargs, 'domain', Array.isArray, []));
      return model.searchCount(env, domain, kwarg<number | undefined>(kwargs, 'limit', isCount, undefined));
    },
  },
  search: {
    instance: false,
    readonly: true,
    summary: 'the ids of the records matching the domain (or their number with count)',
    parameters: {
      type: 'object',
      properties: {
        domain: domainSchema,
        offset: countSchema,
        limit: countSchema,
        order: orderSchema,
        count: { type: 'boolean' },
      },
    },
    result: { oneOf: [{ type: 'array', items: { type: 'integer' } }, { type: 'integer' }] },
    async handler(env, model, kwargs) {
      const domain = parseDomain(kwarg(kwargs, 'domain', Array.isArray, []));
      const offset = kwarg(kwargs, 'offset', isCount, 0);
      const limit = kwarg<number | null>(kwargs, 'limit', isCount, null);
      const order = kwargs.order === undefined || kwargs.order === null ? null : parseOrder(kwargs.order);
      if (kwarg(kwargs, 'count', (v) => typeof v === 'boolean', false)) return model.searchCount(env, domain);
      return model.search(env, domain, { offset, limit, order });
    },
  },
  default_get: {
    instance: false,
    readonly: true,
    summary: 'the default values of the named fields, as a create without them would store',
    parameters: {
      type: 'object',
      properties: { fields_names: { type: 'array', items: { type: 'string' } } },
    },
    result: { type: 'object' },
    async handler(env, model, kwargs) {
      const names = kwarg<unknown[]>(kwargs, 'fields_names', Array.isArray, []);
      for (const name of names) {
        if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(model._fields, name)) {
          throw new BadRequestError(`Unknown field ${JSON.stringify(name)} on model "${model.__name__}"`);
        }
      }
      if (env.checking) {
        const denied = await env.access.deniedFields(env, model, 'read');
        const refused = (names as string[]).find((n) => denied.has(n));
        if (refused) {
          throw new AccessError(`You are not allowed to read the field "${refused}" of "${model.__name__}"`);
        }
      }
      return model.defaultGet(env, names as string[]);
    },
  },
  fields_get: {
    instance: false,
    readonly: true,
    summary:
      "the definitions of the named fields (all when none are named) as Tryton's fields_get: type, label, help, states, relation, selection, digits; fields the caller may not read are left out",
    parameters: {
      type: 'object',
      properties: { fields_names: { type: 'array', items: { type: 'string' } } },
    },
    result: { type: 'object' },
    async handler(env, model, kwargs) {
      const names = kwarg<unknown[] | null>(
        kwargs,
        'fields_names',
        (v) => v === null || Array.isArray(v),
        null,
      );
      for (const name of names ?? []) {
        if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(model._fields, name)) {
          throw new BadRequestError(`Unknown field ${JSON.stringify(name)} on model "${model.__name__}"`);
        }
      }
      if (env.checking) await env.access.checkModel(env, model, 'read');
      const [deniedRead, deniedWrite] = env.checking
        ? await Promise.all([
            env.access.deniedFields(env, model, 'read'),
            env.access.deniedFields(env, model, 'write'),
          ])
        : [new Set<string>(), new Set<string>()];
      const result: Record<string, unknown> = {};
      for (const name of (names as string[] | null) ?? Object.keys(model._fields)) {
        if (deniedRead.has(name)) continue;
        result[name] = fieldDefinition(model._fields[name], deniedWrite.has(name));
      }
      return result;
    },
  },
};

/** A field as Tryton's Field.definition describes it (fields_get), in the request's language. */
function fieldDefinition(field: Field, readonly: boolean): Record<string, unknown> {
  const options = field.options as Field['options'] & { digits?: unknown; size?: number };
  const definition: Record<string, unknown> = {
    name: field.name,
    type: field.ttype,
    string: field.string,
    help: field.options.help ?? '',
    readonly: readonly || field.readonly,
    required: field.required,
    states: JSON.stringify(field.options.states ?? {}),
    searchable: field.searchable,
    sortable: !field.computed || !!field.options.orderBy,
    domain: '[]',
    context: '{}',
    loading:
      field.type === 'one2many' || field.type === 'many2many' || field.type === 'binary' || field.computed
        ? 'lazy'
        : 'eager',
    depends: [...(field.options.depends ?? [])],
  };
  const target = (field as { target?: string }).target;
  if (target) definition.relation = target;
  if (field.type === 'one2many')
    definition.relation_field = (field as unknown as { reverse: string }).reverse;
  if ('selection' in field) definition.selection = (field as unknown as { selection: unknown }).selection;
  if (field.type === 'char' || field.type === 'text') definition.translate = field.translate;
  if (options.size !== undefined) definition.size = options.size;
  if (options.digits !== undefined) definition.digits = options.digits;
  return definition;
}

/** The generic method of that name, unless the model exposes its own. */
export function genericMethod(model: ModelClass, name: string): (RpcSpec & { handler: Generic }) | null {
  if (Object.prototype.hasOwnProperty.call(model._rpc, name)) return null;
  return Object.prototype.hasOwnProperty.call(GENERIC_RPC, name) ? GENERIC_RPC[name] : null;
}

/** The RPC entry of a method: an exposed method or a button; null when not exposed (403). */
export function exposedMethod(model: ModelClass, name: string): (RpcSpec & { button: boolean }) | null {
  if (Object.prototype.hasOwnProperty.call(model._buttons, name)) {
    const { summary, parameters, result } = model._buttons[name];
    return { instance: true, readonly: false, button: true, summary, parameters, result };
  }
  if (Object.prototype.hasOwnProperty.call(model._rpc, name)) return { ...model._rpc[name], button: false };
  const generic = genericMethod(model, name);
  if (generic) {
    const { handler: _handler, ...spec } = generic;
    return { ...spec, button: false };
  }
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
    const generic = genericMethod(model, action);
    const method: unknown = generic
      ? (env: Env, _ids: number[], kwargs: Record<string, unknown>) => generic.handler(env, model, kwargs)
      : (model as unknown as Record<string, unknown>)[action];
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
        return new Reply(200, jsonHeaders(env), record);
      }
      if (result === undefined || result === null) return Reply.noContent(languageHeader(env));
      return new Reply(200, jsonHeaders(env), Buffer.from(stringifyTagged(result)));
    });
  }
}
