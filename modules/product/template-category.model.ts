import { many2one, Model } from 'nest-tryton';

/** The relation of product.template.categories (declared so that the variant's proxy shares it). */
export class TemplateCategory extends Model {
  static override __name__ = 'product.template-product.category';
  static override description = 'Template - Category';
  static override _relation = true;
  static override _recName: string | null = null;
  static override fields = {
    template: many2one('product.template', {
      string: 'Template',
      required: true,
      ondelete: 'CASCADE',
      select: true,
    }),
    category: many2one('product.category', {
      string: 'Category',
      required: true,
      ondelete: 'CASCADE',
      select: true,
    }),
  };
}
