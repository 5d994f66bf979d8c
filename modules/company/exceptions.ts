import { declareErrors } from 'nest-tryton';

export const companyErrors = declareErrors({
  user_company: 'The current company of user "{user}" must be one of the companies of the user.',
});
