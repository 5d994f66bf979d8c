import { declareErrors } from 'nest-tryton';

export const companyErrors = declareErrors({
  user_employee: 'The current employee of user "{user}" must be one of the employees of the user.',
  user_company: 'The current company of user "{user}" must be one of the companies of the user.',
  logo_size: 'A company logo is sized from 1 to {max} pixels a side, not {width} × {height}.',
  no_logo: 'The company "{company}" has no logo.',
});
