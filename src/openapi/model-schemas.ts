import type { Field } from '../fields/field';
import { Many2ManyField } from '../fields/many2many';
import { Many2OneField } from '../fields/many2one';
import { NumericField } from '../fields/numeric';
import { One2ManyField } from '../fields/one2many';
import { SelectionField } from '../fields/selection';
import { CharField } from '../fields/char';
import type { ModelClass } from '../pool/model';
import type { Pool } from '../pool/pool';
import { JsonSchema, nullable, schemaRef } from './json-schema';

/** How a field is shown: in an answer, in a create (the model's own schema) or in a write. */
export type SchemaMode = 'record' | 'create' | 'write';

/** Component names of a model's schemas. */
export const schemaNames = (model: string) => ({
  create: model,
  write: `${model}.write`,
  record: `${model}.record`,
});

/** Relation fields into internal models never appear in answers (the reader skips them): left out. */
export function documentedFields(pool: Pool, model: ModelClass): Field[] {
  return Object.values(model._fields).filter((field) => {
    const target = (field as { target?: string }).target;
    return target === undefined || !pool.get(target)._internal;
  });
}

/** Fields a create must give: Tryton-required, writable, without a default. */
export function createRequired(fields: Field[]): string[] {
  return fields
    .filter((f) => f.required && !f.readonly && f.options.default === undefined)
    .map((f) => f.name);
}

function valueSchema(field: Field, mode: SchemaMode): JsonSchema {
  switch (field.type) {
    case 'char':
    case 'text': {
      const size = (field as CharField).options.size;
      return { type: 'string', ...(size !== undefined ? { maxLength: size } : {}) };
    }
    case 'integer':
      return { type: 'integer', format: 'int32' };
    case 'float':
      return { type: 'number', format: 'double' };
    case 'numeric': {
      const digits = (field as NumericField).options.digits;
      return digits
        ? { ...schemaRef('Decimal'), 'x-digits': digits, description: `At most ${digits[1]} decimals.` }
        : schemaRef('Decimal');
    }
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return schemaRef('Date');
    case 'datetime':
      return schemaRef('DateTime');
    case 'time':
      return schemaRef('Time');
    case 'timedelta':
      return schemaRef('TimeDelta');
    case 'binary':
      return schemaRef('Bytes');
    case 'multiselection': {
      const items = (field as SelectionField).selection;
      return { type: 'array', items: { type: 'string', enum: items.map(([key]) => key) } };
    }
    case 'reference':
      return { type: 'string', pattern: '^[a-z0-9_.-]+,-?\\d+$', description: 'A record as "model,id".' };
    case 'selection': {
      const items = (field as SelectionField).selection;
      // No key but the empty one (a selection other modules extend, as web.shop's type): null only.
      if (!items.length) return { type: 'string', maxLength: 0 };
      return {
        type: 'string',
        enum: items.map(([key]) => key),
        'x-enumNames': items.map(([, label]) => label),
      };
    }
    case 'many2one': {
      const target = (field as Many2OneField).target;
      const id: JsonSchema = { type: 'integer', minimum: 1, description: `Id of a "${target}" record.` };
      return mode === 'record' ? { oneOf: [id, schemaRef(schemaNames(target).record)] } : id;
    }
    case 'one2many':
    case 'many2many': {
      const target = (field as One2ManyField | Many2ManyField).target;
      if (mode !== 'record') return schemaRef('X2ManyActions');
      return {
        type: 'array',
        items: { oneOf: [{ type: 'integer', minimum: 1 }, schemaRef(schemaNames(target).record)] },
        description: `Ids of "${target}" records, or the records when sub-fields are asked for ("${field.name}.rec_name").`,
      };
    }
  }
}

/** The JSON Schema of one field's value. */
export function fieldSchema(field: Field, mode: SchemaMode): JsonSchema {
  let schema = valueSchema(field, mode);
  // Booleans read false for null; x2many are lists; `id` is always there; required fields are never null.
  const neverNull =
    field.type === 'boolean' ||
    field.type === 'one2many' ||
    field.type === 'many2many' ||
    field.name === 'id' ||
    (field.required && !field.computed);
  if (!neverNull) {
    schema =
      field.type === 'selection' && Array.isArray(schema.enum)
        ? { ...nullable(schema), enum: [...(schema.enum as string[]), null] }
        : nullable(schema);
  }
  const notes = [field.options.help, schema.description].filter(Boolean) as string[];
  if (field.computed) notes.push('Computed.');
  const out: JsonSchema = { title: field.string, ...schema };
  if (notes.length) out.description = notes.join(' ');
  else delete out.description;
  if (field.readonly && mode !== 'write') out.readOnly = true;
  return out;
}

/** The three schemas of a model: what a create takes (named after the model), a write, an answer's record. */
export function modelSchemas(pool: Pool, model: ModelClass): Record<string, JsonSchema> {
  const name = model.__name__;
  const names = schemaNames(name);
  const fields = documentedFields(pool, model);
  const title = model.description || name;
  const properties = (mode: SchemaMode, list: Field[]) =>
    Object.fromEntries(list.map((f) => [f.name, fieldSchema(f, mode)]));
  const writable = fields.filter((f) => !f.readonly);
  const required = createRequired(fields);
  return {
    [names.create]: {
      type: 'object',
      title,
      description:
        `The fields of "${name}". As a request body (create), \`required\` lists the fields without a ` +
        'default that must be given; read-only fields are ignored there. x2many fields take action lists.',
      properties: properties('create', fields),
      ...(required.length ? { required } : {}),
    },
    [names.write]: {
      type: 'object',
      title: `${title} (write)`,
      description: `The writable fields of "${name}": a write changes the fields it is given, and only those.`,
      properties: properties('write', writable),
      additionalProperties: false,
    },
    [names.record]: {
      type: 'object',
      title: `${title} (record)`,
      description:
        'A record as answers show it: `id`, `__name__` and the fields asked for with `f` (dotted paths nest ' +
        'the related records) or with X-Tryton-Usage (default: `rec_name`). Fields the caller may not read ' +
        'are left out.',
      properties: { __name__: { const: name, readOnly: true }, ...properties('record', fields) },
      required: ['id', '__name__'],
    },
  };
}

/** Tryton's x2many action lists (src/storage/x2many.ts). */
export const X2MANY_ACTIONS: JsonSchema = {
  type: 'array',
  title: 'x2many actions',
  description:
    'Actions applied in order, e.g. [["create", [{...}]], ["add", [1, 2]]]. For a one2many, records acted ' +
    'on must belong to the owner.',
  items: {
    oneOf: [
      action('create', { type: 'array', items: { type: 'object' } }, 'Create records (values objects).'),
      action('write', ids(), 'Write values on records.', { type: 'object' }, true),
      action('delete', ids(), 'Delete records.'),
      action('add', ids(), 'Link existing records.'),
      action('remove', ids(), 'Unlink records (without deleting them).'),
      action('copy', ids(), 'Copy records, with optional default values.', { type: 'object' }),
    ],
  },
};

function ids(): JsonSchema {
  return { type: 'array', items: { type: 'integer', minimum: 1 } };
}

function action(
  kind: string,
  arg: JsonSchema,
  description: string,
  extra?: JsonSchema,
  extraRequired = false,
): JsonSchema {
  const prefixItems = [{ const: kind }, arg, ...(extra ? [extra] : [])];
  return {
    type: 'array',
    title: kind,
    description,
    prefixItems,
    minItems: extraRequired ? 3 : 2,
    maxItems: prefixItems.length,
  };
}
