import { binary, integer, many2one, Model } from 'nest-tryton';
import type { Env } from 'nest-tryton';
import { companyErrors } from './exceptions';
import { LOGO_SIZE_MAX } from './logo';

/** A company's logo at one size (Tryton's company.company.logo.cache), made on demand for reports. */
export class CompanyLogoCache extends Model {
  static override __name__ = 'company.company.logo.cache';
  static override description = 'Company Logo Cache';
  static override _recName: string | null = null;
  static override _access = 'company';
  static override _constraints = [
    {
      name: 'dimension_unique',
      columns: ['company', 'width', 'height'],
      message: 'The company logo is cached once per size.',
    },
  ];
  static override fields = {
    company: many2one('company.company', {
      string: 'Company',
      required: true,
      ondelete: 'CASCADE',
      select: true,
    }),
    image: binary({ string: 'Image', required: true }),
    width: integer({ string: 'Width', required: true }),
    height: integer({ string: 'Height', required: true }),
  };

  /** Tryton's domains: both sides between 1 and the largest logo size. */
  static override async validate(env: Env, ids: number[]): Promise<void> {
    await super.validate(env, ids);
    const rows = await env.tx.query(
      `SELECT "width", "height" FROM "company_company_logo_cache" WHERE "id" = ANY($1)
       AND NOT ("width" BETWEEN 1 AND $2 AND "height" BETWEEN 1 AND $2) LIMIT 1`,
      [ids, LOGO_SIZE_MAX],
    );
    if (rows.length) {
      companyErrors.raise('logo_size', {
        width: String(rows[0].width),
        height: String(rows[0].height),
        max: String(LOGO_SIZE_MAX),
      });
    }
  }
}
