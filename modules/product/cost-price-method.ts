import type { SelectionItems } from 'nest-tryton';

/** Tryton's cost price methods (stock adds how average prices are computed; here they are stored). */
export const COST_PRICE_METHODS: SelectionItems = [
  ['fixed', 'Fixed'],
  ['average', 'Average'],
];
