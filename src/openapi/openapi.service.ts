import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Pool } from '../pool/pool';
import { ReportRegistry } from '../rest/report.registry';
import { UsageRegistry } from '../serialization/usage.registry';
import { buildOpenApiDocument, OpenApiDocument } from './openapi.document';

/** A rendered document: bytes and their strong ETag. */
export interface RenderedDocument {
  body: Buffer;
  etag: string;
}

/** Databases whose rendering is kept (only databases that passed the key guard get here). */
const MAX_RENDERED = 64;

const etagOf = (body: Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/**
 * The document of this process's pool, built once on first use (the pool and the usages are fixed
 * after boot), and its rendering per database: the `db` path parameter defaults to the database the
 * document was asked for, so the explorer's "try it out" needs no typing.
 */
@Injectable()
export class OpenApiService {
  private document: OpenApiDocument | null = null;
  private readonly rendered = new Map<string, RenderedDocument>();

  constructor(
    @Inject(Pool) private readonly pool: Pool,
    @Inject(UsageRegistry) private readonly usages: UsageRegistry,
    @Inject(ReportRegistry) private readonly reports: ReportRegistry,
  ) {}

  get(): OpenApiDocument {
    this.document ??= buildOpenApiDocument({
      pool: this.pool,
      usagesOf: (model) => this.usages.usagesOf(model),
      reports: this.reports.names().map((name) => ({ name, model: this.reports.get(name).model })),
    });
    return this.document;
  }

  render(db: string): RenderedDocument {
    let rendered = this.rendered.get(db);
    if (rendered) return rendered;
    const document = this.get();
    const dbParameter = document.components.parameters.db;
    const body = Buffer.from(
      JSON.stringify({
        ...document,
        components: {
          ...document.components,
          parameters: {
            ...document.components.parameters,
            db: { ...dbParameter, schema: { ...(dbParameter.schema as object), default: db } },
          },
        },
      }),
    );
    rendered = { body, etag: etagOf(body) };
    if (this.rendered.size >= MAX_RENDERED) this.rendered.delete(this.rendered.keys().next().value!);
    this.rendered.set(db, rendered);
    return rendered;
  }
}
