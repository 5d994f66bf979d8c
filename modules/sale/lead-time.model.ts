import { many2one, Model, timedelta } from 'nest-tryton';

/** A template's lead time (Tryton's product.lead_time). */
export class ProductLeadTime extends Model {
  static override __name__ = 'product.lead_time';
  static override description = 'Product Lead Time';
  static override _access = 'template';
  static override _recName: string | null = null;
  static override fields = {
    template: many2one('product.template', { string: 'Template', ondelete: 'CASCADE', select: true }),
    lead_time: timedelta({ string: 'Lead Time' }),
  };
}

/** The default lead time of products (Tryton's product.configuration.default_lead_time). */
export class ConfigurationDefaultLeadTime extends Model {
  static override __name__ = 'product.configuration.default_lead_time';
  static override description = 'Product Configuration Default Lead Time';
  static override _recName: string | null = null;
  static override fields = {
    default_lead_time: timedelta({ string: 'Default Lead Time' }),
  };
}
