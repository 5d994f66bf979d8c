import { declareErrors } from 'nest-tryton';

export const accountErrors = declareErrors({
  tax_rate_required: 'The percentage tax "{tax}" needs a rate.',
  tax_amount_required: 'The fixed tax "{tax}" needs an amount.',
  tax_dates: 'The starting date of tax "{tax}" must be before its ending date.',
  tax_parent_company: 'The tax "{tax}" must belong to the company of its parent "{parent}".',
  tax_recursion: 'The tax "{tax}" cannot be its own parent, directly or not.',
});
