import { declareErrors } from 'nest-tryton';

export const saleErrors = declareErrors({
  invoice_address_required: 'To quote sale "{sale}" you must enter an invoice address.',
  shipment_address_required: 'To quote sale "{sale}" you must enter a shipment address.',
  lines_required: 'To quote sale "{sale}" you must add lines.',
  address_party: 'The {kind} address of sale "{sale}" must be an address of its party.',
  delete_cancel: 'To delete sale "{sale}" you must cancel it.',
  line_create_draft: 'You cannot add lines to sale "{sale}" because it is no longer in draft state.',
  line_delete_cancel_draft: 'To delete line "{line}" you must cancel or reset to draft sale "{sale}".',
  workflow_field: 'Field "{field}" of a sale is set by its buttons (quote, confirm, process, draft, cancel).',
  line_quantity_required: 'Line "{line}" of sale "{sale}" needs a quantity and a unit price.',
  line_unit_required: 'Line "{line}" of sale "{sale}" needs a unit for its product.',
  line_unit_category: 'The unit of line "{line}" must be in the category of the unit of its product.',
  product_not_salable: 'Product "{product}" of sale "{sale}" is not salable.',
  sale_uom_required: 'The salable product "{product}" needs a sale unit.',
  sale_uom_category: 'The sale unit of product "{product}" must be in the category of its default unit.',
  missing_sequence: 'The sale sequence is missing: run "db update".',
  process_after_negative:
    'The grace period "Process Sale after" of the sale configuration cannot be negative.',
  sequence_company: 'The sale sequence "{sequence}" belongs to another company than "{company}".',
});
