import { declareErrors } from 'nest-tryton';

export const loyaltyErrors = declareErrors({
  bad_amount: 'The amount to earn points on must be a positive decimal string, got {amount}.',
  inactive_program: 'Card "{card}" belongs to the inactive program "{program}".',
});
