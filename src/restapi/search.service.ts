import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { and } from '../domain/domain';
import type { Reply } from '../http/reply';
import { RequestScope } from '../http/request-scope';
import { BadRequestError } from '../pool/errors';
import type { ModelClass } from '../pool/model';
import { parseContext } from '../rest/rest-params';
import { Envelope, successReply } from './envelope';
import { invalidFields, PolicyViolation } from './errors';
import { FilterBuilder } from './filter-parser';
import { parseLookups } from './lookup-parser';
import { LookupReader } from './lookup-reader';
import { LookupScope, policyDomain } from './lookup-target';
import { describeModel } from './model-description';
import { optionsList } from './options-list';
import { orderSpec } from './order-spec';
import type { Policy, PolicyRequest } from './policy';
import { evaluate, policyEntry } from './policy-check';
import { applyModifier, emptyParams } from './query-params';
import { withReverseFields } from './reverse-views';
import { countRows, readRows } from './row-reader';
import { allowedFields, defaultSelection } from './table-fields';
import type { TableRef } from './table-name';

export interface GetRequest {
  table: TableRef;
  model: ModelClass;
  /** The path id: pyDAL adds it as the filter `id.eq`. */
  id: string | null;
  /** The query string, in order. */
  entries: [string, string][];
  policy: Policy;
  request: PolicyRequest;
}

/**
 * GET: the pyDAL search. One query for the page, one for the count, one per lookup step; all of it
 * one domain through the core's search (access rights and record rules included), read-only.
 */
@Injectable()
export class RestApiSearchService {
  constructor(@Inject(RequestScope) private readonly scope: RequestScope) {}

  search(req: Request, get: GetRequest): Promise<Reply> {
    const entry = policyEntry(get.policy, get.model.__name__);
    return this.scope.run(req, true, parseContext(req), async (base) => {
      const env = withReverseFields(base);
      const model = env.model(get.model.__name__);
      if (env.checking) await env.access.checkModel(env, model, 'read');
      let selected: string[];
      if (get.table.fields) {
        const allowed = await allowedFields(env, entry, model, 'GET');
        const bad = get.table.fields.filter((name) => !allowed.includes(name));
        if (bad.length) throw invalidFields(bad);
        selected = get.table.fields;
      } else {
        selected = await defaultSelection(env, entry, model);
      }

      const limit = Number(await evaluate(entry.GET.limit, get.request));
      if (!Number.isInteger(limit) || limit < 0) throw new BadRequestError('The policy limit is not a count');
      const params = emptyParams();
      const filters = new FilterBuilder(env, model);
      const entries = get.entries.filter(([key]) => get.id === null || key !== 'id.eq');
      if (get.id !== null) entries.push(['id.eq', get.id]);
      for (const [key, value] of entries) {
        if (!applyModifier(params, key, value, limit)) await filters.add(key, value);
      }
      const query = await policyDomain(entry, get.request);
      const domain = and(...(query ? [query] : []), filters.build());
      const order = await orderSpec(env, model, params.order);
      const lookups = params.lookup === null ? [] : parseLookups(params.lookup);
      if (lookups.length && !entry.GET.allow_lookup) throw new PolicyViolation('Lookup not allowed');

      const page = await readRows(
        env,
        model,
        { domain, order, limit: params.limit, offset: params.offset },
        selected,
      );
      const scope: LookupScope = { env, policy: get.policy, request: get.request };
      const reader = new LookupReader(scope, { model, selected, ...page });
      for (const lookup of lookups) await reader.apply(lookup);

      const answer: Envelope = {
        items: params.optionsList ? await optionsList(env, model, page.ids) : page.rows,
      };
      if (params.count || params.offset === 0) answer.count = await countRows(env, model, domain);
      if (params.model) answer.model = await describeModel(scope, entry, model, selected);
      return successReply(answer);
    });
  }
}
