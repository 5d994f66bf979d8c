import { declareErrors } from 'nest-tryton';

export const currencyErrors = declareErrors({
  no_rate: 'No rate found for currency "{currency}" on {date}.',
  invalid_rounding: 'The rounding of currency "{currency}" must be positive.',
  invalid_rate: 'The rate of currency "{currency}" must be positive.',
});
