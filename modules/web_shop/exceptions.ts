import { declareErrors } from 'nest-tryton';

export const webShopErrors = declareErrors({
  product_not_salable: 'Product "{product}" cannot be published on shop "{shop}": it is not salable.',
  one_shop: 'Call "{method}" on one shop at a time.',
  no_party: 'Shop "{shop}" has no guest party: give a party to get a sale.',
  invalid_party: 'Sale "{sale}" cannot use the guest party "{party}" beyond the cart (draft).',
  bad_argument: 'Invalid argument "{name}" of "{method}": {expected}.',
});
