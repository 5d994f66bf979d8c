import { declareErrors } from 'nest-tryton';

export const partyErrors = declareErrors({
  invalid_email: 'The e-mail address "{value}" of party "{party}" is not valid.',
  category_name_unique: 'The name of a party category must be unique by parent ("{name}").',
  address_subdivision: 'The subdivision "{subdivision}" of the address is not in its country.',
  missing_sequence: 'The party sequence is missing: run "db update".',
});
