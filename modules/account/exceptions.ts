import { declareErrors } from 'nest-tryton';

export const accountErrors = declareErrors({
  tax_rate_required: 'The percentage tax "{tax}" needs a rate.',
  tax_amount_required: 'The fixed tax "{tax}" needs an amount.',
});
