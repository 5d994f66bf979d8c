type SelectionItems = [string, string][];

/** The invoice methods of a sale (sale.sale.invoice_method); configuration and parties offer the same. */
export const INVOICE_METHODS: SelectionItems = [
  ['manual', 'Manual'],
  ['order', 'On Order Processed'],
  ['shipment', 'On Shipment Sent'],
];

/** The shipment methods of a sale (sale.sale.shipment_method). */
export const SHIPMENT_METHODS: SelectionItems = [
  ['manual', 'Manual'],
  ['order', 'On Order Processed'],
  ['invoice', 'On Invoice Paid'],
];
