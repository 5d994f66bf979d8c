import type { JsonSchemaObject } from 'nest-tryton';

/** What web.shop's methods take and answer, as the OpenAPI document shows them. */

const ref = (name: string): JsonSchemaObject => ({ $ref: `#/components/schemas/${name}` });
const decimal = (example: string): JsonSchemaObject => ({
  oneOf: [ref('Decimal'), { type: 'null' }],
  examples: [{ __class__: 'Decimal', decimal: example }],
});

export const NO_ARGUMENTS: JsonSchemaObject = {
  type: 'object',
  description: 'No arguments: an empty object.',
  maxProperties: 0,
  examples: [{}],
};

export const PUBLISHED_PRODUCT: JsonSchemaObject = {
  type: 'object',
  title: 'Published product',
  properties: {
    id: { type: 'integer' },
    __name__: { const: 'product.product' },
    code: { type: ['string', 'null'] },
    name: { type: 'string', description: "In the shop's language." },
    description: { type: ['string', 'null'] },
    list_price: decimal('80'),
    sale_price: { ...decimal('80'), description: "Per sale unit, in the shop's currency." },
    unit_tax: { ...decimal('16.8'), description: 'The customer taxes of one unit at the sale price.' },
    sale_uom: {
      type: 'object',
      properties: { id: { type: 'integer' }, __name__: { const: 'product.uom' }, symbol: { type: 'string' } },
    },
    categories: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          __name__: { const: 'product.category' },
          name: { type: 'string' },
        },
      },
    },
  },
  required: ['id', '__name__', 'name', 'sale_price', 'unit_tax'],
  examples: [
    {
      id: 12,
      __name__: 'product.product',
      code: 'L1',
      name: 'Lampe en laiton',
      description: null,
      list_price: { __class__: 'Decimal', decimal: '80' },
      sale_price: { __class__: 'Decimal', decimal: '80' },
      unit_tax: { __class__: 'Decimal', decimal: '16.8' },
      sale_uom: { id: 1, __name__: 'product.uom', symbol: 'u' },
      categories: [{ id: 3, __name__: 'product.category', name: 'Lampes' }],
    },
  ],
};

export const PUBLISHED_CATEGORY: JsonSchemaObject = {
  type: 'object',
  title: 'Published category',
  properties: {
    id: { type: 'integer' },
    __name__: { const: 'product.category' },
    name: { type: 'string' },
    rec_name: { type: 'string', description: 'The full name, parents first.' },
    parent: { type: ['integer', 'null'] },
  },
  required: ['id', '__name__', 'name', 'rec_name', 'parent'],
  examples: [{ id: 3, __name__: 'product.category', name: 'Lampes', rec_name: 'Maison / Lampes', parent: 2 }],
};

export const CART_ARGUMENTS: JsonSchemaObject = {
  type: 'object',
  properties: {
    party: {
      type: 'integer',
      minimum: 1,
      description: "The customer (a party id); default: the shop's guest party.",
    },
  },
  additionalProperties: false,
  examples: [{ party: 7 }, {}],
};

export const CART: JsonSchemaObject = {
  type: 'object',
  title: 'Cart',
  description: 'The new sale, in state draft.',
  properties: {
    id: { type: 'integer' },
    __name__: { const: 'sale.sale' },
    number: { type: ['string', 'null'] },
    web_id: { type: 'string', description: 'Random, unguessable: the cart identifier for the front end.' },
    web_shop: { type: 'integer' },
    state: { const: 'draft' },
    party: { type: 'integer' },
    company: { type: 'integer' },
    currency: { type: 'integer' },
    invoice_address: { type: ['integer', 'null'] },
    shipment_address: { type: ['integer', 'null'] },
  },
  required: ['id', '__name__', 'web_id', 'web_shop', 'state', 'party', 'company', 'currency'],
  examples: [
    {
      id: 41,
      __name__: 'sale.sale',
      number: null,
      web_id: '9f2c4e7a1b3d5f60718293a4b5c6d7e8',
      web_shop: 1,
      state: 'draft',
      party: 7,
      company: 1,
      currency: 2,
      invoice_address: 9,
      shipment_address: 9,
    },
  ],
};
