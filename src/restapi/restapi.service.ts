import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { getAuth } from '../auth/request-auth';
import type { Reply } from '../http/reply';
import { BadRequestError } from '../pool/errors';
import { Pool } from '../pool/pool';
import { Body, parseFields } from './body';
import type { PolicyRequest } from './policy';
import { checkAllowed, policyEntry } from './policy-check';
import { PolicyRegistry } from './policy.registry';
import { queryEntries } from './query-params';
import { RestApiSearchService } from './search.service';
import { parseTableAndFields, resolveTable } from './table-name';
import { RestApiWriteService } from './write.service';

/**
 * pyDAL's `RestAPI.__call__`: the model name (400), the application's policy for the method and,
 * for GET, every query key (401), then the method's work. Unlike pyDAL, the policy is looked up by
 * the real model name, so `model[fields]` cannot slip past a model's own patterns.
 */
@Injectable()
export class RestApiService {
  constructor(
    @Inject(Pool) private readonly pool: Pool,
    @Inject(PolicyRegistry) private readonly policies: PolicyRegistry,
    @Inject(RestApiSearchService) private readonly searches: RestApiSearchService,
    @Inject(RestApiWriteService) private readonly writes: RestApiWriteService,
  ) {}

  async handle(req: Request, tableText: string, id: string | null): Promise<Reply> {
    const table = parseTableAndFields(tableText);
    const model = resolveTable(this.pool, table.name);
    const method = req.method === 'HEAD' ? 'GET' : req.method.toUpperCase();
    const auth = getAuth(req);
    const policy = this.policies.policyFor(auth.application);
    const entries = method === 'GET' ? queryEntries(req) : [];
    const body: Body = ['POST', 'PUT', 'DELETE'].includes(method) ? parseFields(req) : {};
    const request: PolicyRequest = {
      application: auth.application,
      user: auth.user,
      model: model.__name__,
      method,
      id,
      query: Object.fromEntries(entries),
      body,
    };
    await checkAllowed(
      policy,
      method,
      request,
      entries.map(([key]) => key),
    );
    if (method === 'GET') return this.searches.search(req, { table, model, id, entries, policy, request });
    if (table.fields) throw new BadRequestError(`A field list is only for GET: ${tableText}`);
    const write = { model, entry: policyEntry(policy, model.__name__), id, body };
    if (method === 'POST') return this.writes.create(req, write);
    if (method === 'PUT') return this.writes.update(req, write);
    return this.writes.remove(req, write);
  }
}
