import { declareErrors } from 'nest-tryton';

export const countryErrors = declareErrors({
  invalid_code: 'The code "{code}" of country "{country}" must be {size} letters.',
  member_dates: 'The end date of a membership must be after its start date.',
  subdivision_country: 'The parent of subdivision "{subdivision}" must be in the same country.',
});
