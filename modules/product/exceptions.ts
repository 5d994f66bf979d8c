import { declareErrors } from 'nest-tryton';

export const productErrors = declareErrors({
  code_unique: 'The code "{code}" of product "{product}" is already used by another active product.',
  uom_factor_rate: 'The factor and rate of unit "{uom}" do not match (rate must be 1 / factor).',
  uom_positive: 'The rate, factor and rounding of unit "{uom}" must be positive.',
  invalid_identifier: 'The {type} code "{code}" of product "{product}" is not valid.',
  price_decimal:
    'The product price decimals {value} of the configuration differ from the {digits} this server prices products with.',
  uom_category: 'Cannot convert between "{from}" and "{to}": they are not in the same category.',
});
