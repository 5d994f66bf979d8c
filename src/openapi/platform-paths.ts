import type { JsonSchema } from './json-schema';
import { schemaRef } from './json-schema';

const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

const CHECK: JsonSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['up', 'down'] },
    responseTimeMs: { type: 'number' },
    store: { type: 'string', enum: ['redis', 'memory'] },
    error: { type: 'string' },
  },
  required: ['status', 'responseTimeMs'],
};

/** Schemas of the answers around the API: readiness. */
export const PLATFORM_SCHEMAS: Record<string, JsonSchema> = {
  Readiness: {
    type: 'object',
    title: 'Readiness',
    properties: {
      status: {
        type: 'string',
        enum: ['ok', 'degraded', 'error'],
        description:
          'degraded: the cache is down (the API still answers, slower); error: the database is down.',
      },
      checks: {
        type: 'object',
        properties: { database: CHECK, cache: CHECK },
        required: ['database', 'cache'],
      },
    },
    required: ['status', 'checks'],
    examples: [
      {
        status: 'ok',
        checks: {
          database: { status: 'up', responseTimeMs: 1.2 },
          cache: { status: 'up', responseTimeMs: 0.4, store: 'redis' },
        },
      },
    ],
  },
};

/** GET /{db}/rest/report/{report}/{id}: one path per report, so each names its model. */
export function reportPaths(
  reports: { name: string; model: string }[],
): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const report of [...reports].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    paths[`/{db}/rest/report/${report.name}/{id}`] = {
      parameters: [param('db'), param('id')],
      get: {
        tags: ['report'],
        operationId: `report.${report.name}`,
        summary: `Render the "${report.name}" report of a "${report.model}"`,
        description: `Needs read access to "${report.model}" and to the record. Other methods: 405.`,
        parameters: [param('context'), param('language')],
        responses: {
          '200': {
            description: 'The rendered document, as an attachment.',
            headers: {
              'Content-Disposition': {
                description: 'attachment; filename="<name>.<ext>"',
                schema: { type: 'string' },
              },
            },
            content: {
              'text/html': { schema: { type: 'string' } },
              'application/octet-stream': {
                schema: { type: 'string', contentMediaType: 'application/octet-stream' },
              },
            },
          },
          '401': response('Unauthorized'),
          '403': response('Forbidden'),
          '404': response('NotFound'),
          '503': response('Unavailable'),
        },
      },
    };
  }
  return paths;
}

/** Health probes, metrics and the document itself (no database in their path but the last). */
export function platformPaths(): Record<string, Record<string, unknown>> {
  return {
    '/health/live': {
      get: {
        tags: ['operations'],
        operationId: 'health.live',
        summary: 'Liveness: the process serves HTTP',
        security: [],
        responses: {
          '200': {
            description: 'Alive.',
            content: json({ type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] }),
          },
        },
      },
    },
    '/health/ready': {
      get: {
        tags: ['operations'],
        operationId: 'health.ready',
        summary: 'Readiness: the database answers (the cache is fail-open)',
        security: [],
        responses: {
          '200': { description: 'Ready (ok or degraded).', content: json(schemaRef('Readiness')) },
          '503': {
            description: 'Not ready: the database does not answer.',
            headers: { 'Retry-After': { description: 'Seconds.', schema: { type: 'integer' } } },
            content: json(schemaRef('Readiness')),
          },
        },
      },
    },
    '/metrics': {
      get: {
        tags: ['operations'],
        operationId: 'metrics',
        summary: 'Prometheus metrics (process, HTTP requests by route and status, cache results)',
        description: 'Public: keep it off the internet (a reverse proxy rule).',
        security: [],
        responses: {
          '200': {
            description: 'Prometheus text exposition format 0.0.4.',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/{db}/rest/openapi.json': {
      parameters: [param('db')],
      get: {
        tags: ['operations'],
        operationId: 'openapi.document',
        summary: 'This document',
        responses: {
          '200': {
            description: 'The OpenAPI 3.1 document of the active modules.',
            headers: { ETag: { $ref: '#/components/headers/ETag' } },
            content: json({ type: 'object' }),
          },
          '304': response('NotModified'),
          '401': response('Unauthorized'),
          '404': response('NotFound'),
        },
      },
    },
    '/{db}/rest/openapi': {
      parameters: [param('db')],
      get: {
        tags: ['operations'],
        operationId: 'openapi.explorer',
        summary: 'The explorer page (asks for a key, then loads this document)',
        security: [],
        responses: {
          '200': { description: 'HTML page.', content: { 'text/html': { schema: { type: 'string' } } } },
        },
      },
    },
  };
}
