import { Many2ManyField } from '../fields/many2many';
import { Many2OneField } from '../fields/many2one';
import { One2ManyField } from '../fields/one2many';
import type { ModelClass } from '../pool/model';
import type { Pool } from '../pool/pool';
import { exposedMethod, GENERIC_RPC, genericMethod } from '../rest/action.service';
import { JsonSchema, schemaRef, TAGGED_SCHEMAS } from './json-schema';
import { documentedFields, modelSchemas, schemaNames, X2MANY_ACTIONS } from './model-schemas';
import { PLATFORM_SCHEMAS, platformPaths, reportPaths } from './platform-paths';
import { pydalComponents, pydalPaths } from './pydal-paths';

export type OpenApiDocument = Record<string, unknown> & {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; parameters: Record<string, JsonSchema> };
};

/** What the document is built from: the pool of active modules and the usage registry. */
export interface OpenApiSources {
  pool: Pool;
  usagesOf(model: string): string[];
  /** Reports of the active modules: name and the model whose records they render. */
  reports?: { name: string; model: string }[];
}

const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

/** Errors every route of the dialect may answer (Tryton's error body). */
const ERRORS = {
  '400': response('BadRequest'),
  '401': response('Unauthorized'),
  '403': response('Forbidden'),
};
const NOT_FOUND = { '404': response('NotFound'), '503': response('Unavailable') };

/** The models the API serves: every active model but the internal ones, by name. */
export function documentedModels(pool: Pool): ModelClass[] {
  return pool
    .all()
    .filter((m) => !m._internal)
    .sort((a, b) => (a.__name__ < b.__name__ ? -1 : a.__name__ > b.__name__ ? 1 : 0));
}

/** Relation fields served as sub-collections: those the Link header advertises. */
function subCollections(pool: Pool, model: ModelClass) {
  return documentedFields(pool, model).filter(
    (f): f is One2ManyField | Many2ManyField | Many2OneField =>
      f instanceof One2ManyField ||
      f instanceof Many2ManyField ||
      (f instanceof Many2OneField && !['create_uid', 'write_uid'].includes(f.name)),
  );
}

/** Buttons and exposed methods that the model really has, as the action service finds them. */
function actions(model: ModelClass) {
  const names = [
    ...new Set([...Object.keys(model._buttons), ...Object.keys(model._rpc), ...Object.keys(GENERIC_RPC)]),
  ].sort();
  return names.flatMap((name) => {
    const rpc = exposedMethod(model, name);
    const method = (model as unknown as Record<string, unknown>)[name];
    return rpc && (typeof method === 'function' || genericMethod(model, name)) ? [{ name, ...rpc }] : [];
  });
}

function usageParameter(model: string, usages: string[]): JsonSchema[] {
  if (!usages.length) return [];
  return [
    {
      name: 'X-Tryton-Usage',
      in: 'header',
      description:
        `Usages whose fields the records hold (comma-separated; unioned). Known for "${model}": ` +
        `${usages.join(', ')}. Ignored when \`f\` is given.`,
      schema: { type: 'array', items: { type: 'string', enum: [...usages].sort() } },
      style: 'simple',
      explode: false,
    },
  ];
}

function searchOperation(
  operationId: string,
  summary: string,
  tag: string,
  record: string,
  usage: JsonSchema[],
  extra: JsonSchema[] = [],
) {
  return {
    tags: [tag],
    operationId,
    summary,
    description:
      'Streamed from a database cursor unless `Range` is given. `Range: records=a-b` (b exclusive) answers ' +
      'with Content-Range, and 416 past the end; otherwise `s` (limit) and `p` (offset) page.',
    parameters: [
      ...extra,
      param('domain'),
      param('order'),
      param('limit'),
      param('offset'),
      param('fields'),
      param('range'),
      ...usage,
      param('context'),
      param('language'),
    ],
    responses: {
      '200': {
        description: 'The records.',
        headers: {
          Link: header('Link'),
          'Content-Range': header('Content-Range'),
          'Accept-Ranges': header('Accept-Ranges'),
          'Content-Language': header('Content-Language'),
          ETag: header('ETag'),
          'X-Cache': header('X-Cache'),
        },
        content: json({ type: 'array', items: schemaRef(record) }),
      },
      '304': response('NotModified'),
      ...ERRORS,
      ...NOT_FOUND,
      '416': response('RangeNotSatisfiable'),
    },
  };
}

function modelPaths(sources: OpenApiSources, model: ModelClass): Record<string, Record<string, unknown>> {
  const { pool } = sources;
  const name = model.__name__;
  const names = schemaNames(name);
  const usage = usageParameter(name, sources.usagesOf(name));
  const base = `/{db}/rest/model/${name}`;
  const readParams = [param('fields'), ...usage, param('context'), param('language')];
  const recordAnswer = (description: string, extraHeaders: Record<string, unknown> = {}) => ({
    description,
    headers: { 'Content-Language': header('Content-Language'), ...extraHeaders },
    content: json(schemaRef(names.record)),
  });
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (path: string, method: string, operation: unknown) => {
    paths[path] ??= { parameters: path.includes('{id}') ? [param('db'), param('id')] : [param('db')] };
    paths[path][method] = operation;
  };

  add(base, 'get', searchOperation(`${name}.search`, `Search "${name}"`, name, names.record, usage));
  add(base, 'post', {
    tags: [name],
    operationId: `${name}.create`,
    summary: `Create a "${name}"`,
    parameters: readParams,
    requestBody: { required: true, content: json(schemaRef(names.create)) },
    responses: {
      '200': recordAnswer('The created record.', { Location: header('Location') }),
      '204': {
        description: 'Created, but the caller may not read it.',
        headers: { Location: header('Location') },
      },
      ...ERRORS,
      ...NOT_FOUND,
    },
  });
  add(`${base}/{id}`, 'get', {
    tags: [name],
    operationId: `${name}.read`,
    summary: `Read a "${name}"`,
    parameters: readParams,
    responses: {
      '200': recordAnswer('The record.', { ETag: header('ETag'), 'X-Cache': header('X-Cache') }),
      '304': response('NotModified'),
      ...ERRORS,
      ...NOT_FOUND,
    },
  });
  add(`${base}/{id}`, 'put', {
    tags: [name],
    operationId: `${name}.write`,
    summary: `Write a "${name}" (partial)`,
    parameters: readParams,
    requestBody: { required: true, content: json(schemaRef(names.write)) },
    responses: {
      '200': recordAnswer('The record after the write.'),
      '204': { description: 'Written, but the caller may not read it.' },
      ...ERRORS,
      ...NOT_FOUND,
    },
  });
  add(`${base}/{id}`, 'delete', {
    tags: [name],
    operationId: `${name}.delete`,
    summary: `Delete a "${name}"`,
    parameters: [param('context')],
    responses: { '204': { description: 'Deleted.' }, ...ERRORS, ...NOT_FOUND },
  });

  for (const field of subCollections(pool, model)) {
    const target = field.target;
    add(
      `${base}/{id}/${field.name}`,
      'get',
      searchOperation(
        // "~" joins model and field: a model name never holds one (product.uom's "category" field
        // and the product.uom.category model must not share an id).
        `${name}~${field.name}.search`,
        `Search the "${target}" records of "${field.name}"`,
        name,
        schemaNames(target).record,
        usageParameter(target, sources.usagesOf(target)),
      ),
    );
  }

  for (const rpc of actions(model)) {
    const path = rpc.instance ? `${base}/{id}/${rpc.name}` : `${base}/${rpc.name}`;
    const kind = rpc.button ? 'Button' : rpc.instance ? 'Method on a record' : 'Method on the model';
    const groups = rpc.button ? model._buttons[rpc.name].groups : undefined;
    const access = rpc.button
      ? groups?.length
        ? `Pressing it needs one of the groups ${groups.join(', ')}.`
        : 'Pressing it needs write access.'
      : `Needs ${rpc.access ?? (rpc.readonly ? 'read' : 'write')} access to "${name}".`;
    add(path, 'post', {
      tags: [name],
      // The generic RPC methods (search, ...) apart from the REST operations of the same name.
      operationId: genericMethod(model, rpc.name) ? `${name}.rpc.${rpc.name}` : `${name}.${rpc.name}`,
      summary: rpc.summary ? `${kind}: ${rpc.summary}` : `${kind}: ${rpc.name}`,
      description: `${access} The body holds the keyword arguments.`,
      parameters: rpc.instance ? readParams : [param('context'), param('language')],
      requestBody: {
        required: false,
        content: json(rpc.parameters ?? { type: 'object', additionalProperties: schemaRef('Value') }),
      },
      responses: {
        '200': {
          description: rpc.result
            ? 'What the method returns.'
            : rpc.instance
              ? 'What the method returned, or the record when it returned nothing.'
              : 'What the method returned.',
          content: json(rpc.result ?? (rpc.instance ? schemaRef(names.record) : {})),
        },
        '204': { description: 'The method returned nothing.' },
        ...ERRORS,
        ...NOT_FOUND,
      },
    });
  }
  return paths;
}

function userApplicationPaths(): Record<string, Record<string, unknown>> {
  const body = (required: string[]) => ({
    required: true,
    content: json({
      type: 'object',
      properties: {
        user: { type: 'string', description: 'Login of the user.' },
        application: { type: 'string', description: 'Name of the application, e.g. "rest".' },
        key: { type: 'string', description: 'The key to revoke.' },
      },
      required,
    }),
  });
  return {
    // Tryton's route ends with a slash; both forms are served, the document names the canonical one.
    '/{db}/user/application': {
      parameters: [param('db')],
      post: {
        tags: ['user application'],
        operationId: 'user.application.request',
        summary: 'Request a key (valid once an administrator validates it)',
        security: [],
        requestBody: body(['user', 'application']),
        responses: {
          '200': { description: 'The new key.', content: json({ type: 'string' }) },
          '400': response('BadRequest'),
          '404': response('NotFound'),
          '429': response('TooManyRequests'),
        },
      },
      delete: {
        tags: ['user application'],
        operationId: 'user.application.revoke',
        summary: 'Revoke a key',
        security: [],
        requestBody: body(['user', 'key', 'application']),
        responses: {
          '204': { description: 'Revoked.' },
          '400': response('BadRequest'),
          '404': response('NotFound'),
        },
      },
    },
  };
}

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  title: 'Error',
  properties: {
    status: { type: 'integer' },
    message: { type: 'string' },
    description: { type: 'string' },
  },
  required: ['status', 'message', 'description'],
};

function errorResponse(description: string): JsonSchema {
  return { description, content: json(schemaRef('Error')) };
}

function components(): Omit<OpenApiDocument['components'], 'schemas'> & Record<string, unknown> {
  const query = (name: string, description: string, schema: JsonSchema, extra: JsonSchema = {}) => ({
    name,
    in: 'query',
    description,
    schema,
    ...extra,
  });
  const headerParam = (name: string, description: string, schema: JsonSchema) => ({
    name,
    in: 'header',
    description,
    schema,
  });
  return {
    securitySchemes: {
      applicationKey: {
        type: 'http',
        scheme: 'bearer',
        description:
          'A validated user-application key (request one with POST /{db}/user/application/). Basic ' +
          'authentication with an empty user name and the key as password is accepted too.',
      },
    },
    parameters: {
      db: {
        name: 'db',
        in: 'path',
        required: true,
        description: 'The database.',
        schema: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]{0,62}$' },
      },
      id: {
        name: 'id',
        in: 'path',
        required: true,
        description: 'Id of the record.',
        schema: { type: 'integer', minimum: 1 },
      },
      domain: query(
        'd',
        'Domain (Tryton search clauses), as JSON or URL-safe base64 of JSON, e.g. [["name", "ilike", "a%"]].',
        { type: 'string' },
      ),
      order: query('o', 'Order, as JSON or URL-safe base64 of JSON, e.g. [["name", "ASC"]].', {
        type: 'string',
      }),
      limit: query('s', 'Size: the largest number of records (ignored with Range).', {
        type: 'integer',
        minimum: 0,
      }),
      offset: query('p', 'Position: the number of records skipped (ignored with Range).', {
        type: 'integer',
        minimum: 0,
      }),
      fields: query(
        'f',
        'Field paths the records hold (repeat the parameter; dotted paths nest related records). Replaces the usages.',
        { type: 'array', items: { type: 'string', pattern: '^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*$' } },
        { style: 'form', explode: true },
      ),
      range: headerParam('Range', 'records=a-b (b exclusive) or records=a-.', {
        type: 'string',
        pattern: '^records=\\d+-\\d*$',
      }),
      context: headerParam('X-Tryton-Context', 'Context, as a JSON object or its base64.', {
        type: 'string',
      }),
      language: headerParam('Accept-Language', 'Language of translated fields and messages.', {
        type: 'string',
      }),
    },
    headers: {
      Location: { description: 'URL of the record.', schema: { type: 'string' } },
      Link: {
        description: 'Sub-collections of the records (RFC 8288 URI templates).',
        schema: { type: 'string' },
      },
      'Content-Range': {
        description: 'records a-b/total, when Range was given.',
        schema: { type: 'string' },
      },
      'Accept-Ranges': { description: '"records", when Range was given.', schema: { type: 'string' } },
      'Content-Language': { description: 'Language of the answer.', schema: { type: 'string' } },
      ETag: {
        description: 'Strong entity tag of the answer (If-None-Match revalidates).',
        schema: { type: 'string' },
      },
      'X-Cache': { description: 'HIT, MISS or BYPASS (the response cache).', schema: { type: 'string' } },
    },
    responses: {
      NotModified: { description: 'The client already holds this answer (If-None-Match).' },
      BadRequest: errorResponse('Malformed input or a business error.'),
      Unauthorized: errorResponse('No valid user-application key.'),
      Forbidden: errorResponse('Access denied.'),
      NotFound: errorResponse('Unknown database, model or record.'),
      RangeNotSatisfiable: errorResponse('The Range starts past the last record.'),
      TooManyRequests: errorResponse('Too many failed attempts.'),
      Unavailable: errorResponse('The database is unavailable; retry later.'),
    },
  };
}

/**
 * The OpenAPI 3.1 document of the Tryton dialect over the active, non-internal models: one tag per
 * model, its three schemas (create, write, record), search/create/read/write/delete, sub-collections,
 * buttons and exposed methods, and the usages each model knows. Static for a pool: build it once.
 */
export function buildOpenApiDocument(sources: OpenApiSources): OpenApiDocument {
  const models = documentedModels(sources.pool);
  const schemas: Record<string, JsonSchema> = {
    ...TAGGED_SCHEMAS,
    X2ManyActions: X2MANY_ACTIONS,
    Error: ERROR_SCHEMA,
    // What an undeclared keyword argument may be: plain JSON or a tagged value.
    Value: {
      title: 'Value',
      anyOf: [
        ...Object.keys(TAGGED_SCHEMAS).map(schemaRef),
        { type: ['string', 'number', 'boolean', 'null', 'array', 'object'] },
      ],
    },
    ...PLATFORM_SCHEMAS,
    ...pydalComponents(models).schemas,
  };
  const paths: OpenApiDocument['paths'] = {};
  for (const model of models) {
    Object.assign(schemas, modelSchemas(sources.pool, model));
    Object.assign(paths, modelPaths(sources, model));
  }
  Object.assign(paths, userApplicationPaths(), reportPaths(sources.reports ?? []));
  Object.assign(paths, pydalPaths(), platformPaths());
  const pydal = pydalComponents(models);
  // Value (undeclared method arguments) and the tagged values: only those something refers to.
  if (!JSON.stringify(paths).includes('"#/components/schemas/Value"')) delete schemas.Value;
  const used = JSON.stringify([paths, schemas]);
  for (const name of Object.keys(TAGGED_SCHEMAS))
    if (!used.includes(`"#/components/schemas/${name}"`)) delete schemas[name];
  const modules = sources.pool.modules.map((m) => m.name);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'nest-tryton REST API',
      // The dialect is Tryton 8.0's REST API; the models are those of the active modules below.
      version: '8.0',
      description:
        `Models of the active modules (${modules.join(', ')}). Values use Tryton's tagged JSON ` +
        '(Decimal, date, datetime, time, timedelta, bytes). Access rights (model, field, record rules, ' +
        'buttons) apply per caller: a model or field listed here may still be denied. Two dialects: ' +
        "Tryton 8.0's REST API under /{db}/rest/model (tag per model) and pyDAL's RestAPI under " +
        '/{db}/rest/api (tag "pyDAL"); reports, keys, health and metrics beside them.',
      license: { name: 'GPL-3.0-or-later', identifier: 'GPL-3.0-or-later' },
    },
    // Relative: the server that served this document (it is fetched from /{db}/rest/openapi.json).
    servers: [{ url: '/', description: 'The server this document was fetched from.' }],
    security: [{ applicationKey: [] }],
    tags: [
      ...models.map((m) => ({
        name: m.__name__,
        description: m.description || `The "${m.__name__}" model.`,
      })),
      { name: 'user application', description: 'Requesting and revoking keys.' },
      { name: 'report', description: 'Reports rendered from records.' },
      { name: 'pyDAL', description: "pyDAL's RestAPI dialect: filters, @lookup, @model, policies." },
      { name: 'operations', description: 'Health probes, metrics and this document.' },
    ],
    paths,
    components: (() => {
      const base = components();
      return {
        ...base,
        parameters: { ...base.parameters, ...pydal.parameters },
        responses: { ...(base.responses as object), ...pydal.responses },
        schemas,
      };
    })(),
  };
}
