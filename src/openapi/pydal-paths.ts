import type { ModelClass } from '../pool/model';
import type { JsonSchema } from './json-schema';
import { schemaRef } from './json-schema';

const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

const ENVELOPE: Record<string, JsonSchema> = {
  status: { type: 'string', enum: ['success', 'error'] },
  code: { type: 'integer', description: 'The HTTP status, repeated.' },
  timestamp: {
    type: 'string',
    description: 'UTC, ISO 8601 (pyDAL: no offset).',
    examples: ['2026-05-01T10:20:30.123456'],
  },
  api_version: { type: 'string', const: '0.1' },
};

const envelope = (title: string, properties: Record<string, JsonSchema>, required: string[]): JsonSchema => ({
  type: 'object',
  title,
  properties: { ...properties, ...ENVELOPE },
  required: [...required, 'status', 'code', 'timestamp', 'api_version'],
});

/** Schemas of the pyDAL dialect's envelopes (records are plain JSON: ids, strings, numbers, ISO dates). */
const SCHEMAS: Record<string, JsonSchema> = {
  PydalRecord: {
    type: 'object',
    title: 'pyDAL row',
    description: 'A row: `id` and the selected fields (relations as ids unless looked up with @lookup).',
    properties: { id: { type: 'integer' } },
    required: ['id'],
    additionalProperties: true,
    examples: [{ id: 1, name: 'Clark Kent', job: 'Journalist' }],
  },
  PydalSearch: envelope(
    'pyDAL search answer',
    {
      items: { type: 'array', items: schemaRef('PydalRecord') },
      count: {
        type: 'integer',
        description: 'Rows matching, paging aside: when @offset is 0 or @count=true.',
      },
      model: {
        type: 'object',
        description: 'The table description, with @model=true.',
        additionalProperties: true,
      },
    },
    ['items'],
  ),
  PydalCreated: envelope(
    'pyDAL create answer',
    {
      id: { type: 'integer' },
      errors: { type: 'object', additionalProperties: { type: 'string' } },
      success: { type: 'boolean' },
    },
    ['id', 'errors', 'success'],
  ),
  PydalUpdated: envelope(
    'pyDAL update answer',
    {
      id: { type: 'integer' },
      updated: { type: 'integer', description: 'Rows written (0 or 1).' },
      errors: { type: 'object', additionalProperties: { type: 'string' } },
      success: { type: 'boolean' },
    },
    ['id', 'updated', 'errors', 'success'],
  ),
  PydalDeleted: envelope(
    'pyDAL delete answer',
    { deleted: { type: 'integer', description: 'Rows deleted.' } },
    ['deleted'],
  ),
  PydalError: envelope(
    'pyDAL error',
    {
      message: { type: 'string', examples: ['Not authorized'] },
      errors: {
        type: 'object',
        description: 'Field errors of a 422 (Validation Errors).',
        additionalProperties: { type: 'string' },
      },
    },
    ['message'],
  ),
};

const pydalError = (description: string) => ({ description, content: json(schemaRef('PydalError')) });

const modifier = (name: string, description: string, schema: JsonSchema) => ({
  name,
  in: 'query',
  description,
  schema,
});

/** The table path parameter, the modifiers and the free-form filters. */
function parameters(tables: string[]): Record<string, JsonSchema> {
  return {
    pydalTable: {
      name: 'table',
      in: 'path',
      required: true,
      description:
        'A model name (pyDAL: the table), optionally with a field selection in brackets: `party.party[name,code]`.',
      schema: { type: 'string', examples: tables.slice(0, 3) },
      // Every table served, for tools (a plain enum would refuse the bracketed field selection).
      'x-tables': tables,
    },
    pydalOffset: modifier('@offset', 'Rows skipped.', { type: 'integer', minimum: 0, default: 0 }),
    pydalLimit: modifier('@limit', 'Largest number of rows (the policy caps it, 1000 by default).', {
      type: 'integer',
      minimum: 0,
      default: 100,
    }),
    pydalOrder: modifier('@order', 'Comma-separated fields, `~` before a field for descending: `~name,id`.', {
      type: 'string',
    }),
    pydalCount: modifier('@count', 'Count the matching rows even when @offset is not 0.', {
      type: 'string',
      enum: ['true', 'false'],
    }),
    pydalModel: modifier('@model', "Add the table's description (fields, types, labels) as `model`.", {
      type: 'string',
      enum: ['true', 'false'],
    }),
    pydalOptionsList: modifier(
      '@options_list',
      'Rows as `{value, text}` pairs (value: id, text: the record name).',
      {
        type: 'string',
        enum: ['true', 'false'],
      },
    ),
    pydalLookup: modifier(
      '@lookup',
      'Denormalise references: `[alias[!]:]field[f1,f2](.step[fields])*`, several separated by commas, e.g. `real_identity[name,job]`.',
      { type: 'string' },
    ),
    pydalFilters: {
      name: 'filters',
      in: 'query',
      description:
        'Filters, one query key each: `[not.]path[.op]=value`, op in eq (default), ne, lt, gt, le, ge, startswith, contains, in (comma-separated values). A path walks relations: `real_identity.name.eq=Clark Kent`, `superhero.tag.strength.gt=90`.',
      style: 'form',
      explode: true,
      schema: { type: 'object', additionalProperties: { type: 'string' } },
      examples: { byName: { summary: 'A name that starts with "Bat"', value: { 'name.startswith': 'Bat' } } },
    },
  };
}

/** The components of the pyDAL dialect over these models. */
export const pydalComponents = (models: ModelClass[]) => ({
  schemas: SCHEMAS,
  parameters: parameters(models.map((m) => m.__name__)),
  responses: {
    PydalBadRequest: pydalError('Malformed query: an unknown field, operator or value.'),
    PydalUnauthorized: pydalError('No valid key, or the policy of the application denies the request.'),
    PydalForbidden: pydalError("Access denied by the access rights of the key's user."),
    PydalNotFound: pydalError('Unknown database or record.'),
    PydalValidation: pydalError('Validation errors (`errors` names the fields).'),
  } as Record<string, JsonSchema>,
});

const ERRORS = {
  '400': response('PydalBadRequest'),
  '401': response('PydalUnauthorized'),
  '403': response('PydalForbidden'),
  '404': response('PydalNotFound'),
};

/** The pyDAL dialect's routes: one path per shape, the table a parameter (its values listed in x-tables). */
export function pydalPaths(): Record<string, Record<string, unknown>> {
  const search = [
    param('pydalFilters'),
    param('pydalOffset'),
    param('pydalLimit'),
    param('pydalOrder'),
    param('pydalCount'),
    param('pydalModel'),
    param('pydalOptionsList'),
    param('pydalLookup'),
  ];
  const body = {
    required: true,
    content: json({ type: 'object', additionalProperties: true, examples: [{ name: 'Bruce Wayne' }] }),
  };
  return {
    '/{db}/rest/api/{table}': {
      parameters: [param('db'), param('pydalTable')],
      get: {
        tags: ['pyDAL'],
        operationId: 'pydal.search',
        summary: 'Search rows',
        parameters: search,
        responses: {
          '200': { description: 'The rows.', content: json(schemaRef('PydalSearch')) },
          ...ERRORS,
        },
      },
      post: {
        tags: ['pyDAL'],
        operationId: 'pydal.create',
        summary: 'Create a row',
        requestBody: body,
        responses: {
          '200': { description: 'Created.', content: json(schemaRef('PydalCreated')) },
          ...ERRORS,
          '422': response('PydalValidation'),
        },
      },
    },
    '/{db}/rest/api/{table}/{id}': {
      parameters: [param('db'), param('pydalTable'), param('id')],
      get: {
        tags: ['pyDAL'],
        operationId: 'pydal.read',
        summary: 'Read a row (filters and modifiers as for a search)',
        parameters: search,
        responses: {
          '200': { description: 'The row, as the only item.', content: json(schemaRef('PydalSearch')) },
          ...ERRORS,
        },
      },
      put: {
        tags: ['pyDAL'],
        operationId: 'pydal.update',
        summary: 'Update a row',
        requestBody: body,
        responses: {
          '200': { description: 'Updated.', content: json(schemaRef('PydalUpdated')) },
          ...ERRORS,
          '422': response('PydalValidation'),
        },
      },
      delete: {
        tags: ['pyDAL'],
        operationId: 'pydal.delete',
        summary: 'Delete a row',
        responses: {
          '200': { description: 'Deleted.', content: json(schemaRef('PydalDeleted')) },
          ...ERRORS,
        },
      },
    },
  };
}
