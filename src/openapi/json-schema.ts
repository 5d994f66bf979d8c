/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it): loose on purpose, documents are built by hand. */
export type JsonSchema = { [keyword: string]: unknown };

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** A reference to a component schema. */
export function schemaRef(name: string): JsonSchema {
  return ref(name);
}

/** Keywords that describe rather than constrain: kept on the outer schema when null is added. */
const ANNOTATIONS = ['title', 'description', 'readOnly', 'x-digits'];

/** The same schema, or JSON null. */
export function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string' && !('$ref' in schema))
    return { ...schema, type: [schema.type, 'null'] };
  const outer: JsonSchema = {};
  const inner: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) (ANNOTATIONS.includes(key) ? outer : inner)[key] = value;
  const options = Object.keys(inner).length === 1 && Array.isArray(inner.oneOf) ? inner.oneOf : [inner];
  return { ...outer, oneOf: [...options, { type: 'null' }] };
}

const int = (description: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'integer',
  description,
  ...extra,
});

/**
 * Tryton's tagged JSON values (src/serialization/tagged-json.ts): what answers carry and what requests
 * may send. Inputs are more lenient (plain numbers for Decimal, ISO text for dates): see each description.
 */
export const TAGGED_SCHEMAS: Record<string, JsonSchema> = {
  Decimal: {
    type: 'object',
    title: 'Decimal',
    description:
      'A decimal number, exact (never a binary float). On input a JSON number or a numeric string is accepted too.',
    properties: {
      __class__: { const: 'Decimal' },
      decimal: {
        type: 'string',
        pattern: '^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$',
        examples: ['12.30'],
      },
    },
    required: ['__class__', 'decimal'],
  },
  Date: {
    type: 'object',
    title: 'date',
    description: 'A calendar date. On input the text "YYYY-MM-DD" is accepted too.',
    properties: {
      __class__: { const: 'date' },
      year: int('Year', { minimum: 1, maximum: 9999 }),
      month: int('Month', { minimum: 1, maximum: 12 }),
      day: int('Day', { minimum: 1, maximum: 31 }),
    },
    required: ['__class__', 'year', 'month', 'day'],
  },
  DateTime: {
    type: 'object',
    title: 'datetime',
    description:
      'A naive UTC timestamp with microseconds. On input the text "YYYY-MM-DD HH:MM[:SS[.ffffff]]" is accepted too.',
    properties: {
      __class__: { const: 'datetime' },
      year: int('Year', { minimum: 1, maximum: 9999 }),
      month: int('Month', { minimum: 1, maximum: 12 }),
      day: int('Day', { minimum: 1, maximum: 31 }),
      hour: int('Hour', { minimum: 0, maximum: 23 }),
      minute: int('Minute', { minimum: 0, maximum: 59 }),
      second: int('Second', { minimum: 0, maximum: 59 }),
      microsecond: int('Microsecond', { minimum: 0, maximum: 999999 }),
    },
    required: ['__class__', 'year', 'month', 'day'],
  },
  Time: {
    type: 'object',
    title: 'time',
    description: 'A time of day. On input the text "HH:MM[:SS[.ffffff]]" is accepted too.',
    properties: {
      __class__: { const: 'time' },
      hour: int('Hour', { minimum: 0, maximum: 23 }),
      minute: int('Minute', { minimum: 0, maximum: 59 }),
      second: int('Second', { minimum: 0, maximum: 59 }),
      microsecond: int('Microsecond', { minimum: 0, maximum: 999999 }),
    },
    required: ['__class__', 'hour'],
  },
  TimeDelta: {
    type: 'object',
    title: 'timedelta',
    description: 'A duration. On input a JSON number of seconds is accepted too.',
    properties: { __class__: { const: 'timedelta' }, seconds: { type: 'number' } },
    required: ['__class__', 'seconds'],
  },
  Bytes: {
    type: 'object',
    title: 'bytes',
    description: 'Binary content.',
    properties: {
      __class__: { const: 'bytes' },
      base64: { type: 'string', contentEncoding: 'base64' },
    },
    required: ['__class__', 'base64'],
  },
};
