import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Reply } from '../http/reply';
import { RequestScope } from '../http/request-scope';
import { BadRequestError, NotFoundError } from '../pool/errors';
import { ReportRegistry } from './report.registry';
import { parseBody, parseContext } from './rest-params';

const MIME: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
  odt: 'application/vnd.oasis.opendocument.text',
};

@Injectable()
export class ReportService {
  constructor(
    @Inject(RequestScope) private readonly scope: RequestScope,
    @Inject(ReportRegistry) private readonly reports: ReportRegistry,
  ) {}

  async render(req: Request, name: string, id: number): Promise<Reply> {
    const report = this.reports.get(name);
    const data = parseBody(req, {});
    if (!data || typeof data !== 'object' || Array.isArray(data))
      throw new BadRequestError('Report data must be a JSON object');
    return this.scope.run(req, true, parseContext(req), async (env) => {
      const model = env.model(report.model);
      if (!(await model.read(env, [id], [])).length)
        throw new NotFoundError(`Record ${report.model},${id} not found`);
      const rendered = await report.render(env, [id], data as Record<string, unknown>);
      const filename = `${rendered.filename}.${rendered.ext}`.replace(/["\\\r\n]/g, '_');
      return new Reply(
        200,
        {
          'Content-Type': MIME[rendered.ext] ?? 'application/octet-stream',
          'Content-Disposition': `attachment; filename="${filename}"`,
          'Content-Language': env.lang.replace(/_/g, '-'),
        },
        rendered.content,
      );
    });
  }
}
