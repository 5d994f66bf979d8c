import { All, Controller, Get, Inject, Param, Req, Res, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import { ReplyWriterInterceptor } from '../http/reply-writer.interceptor';
import type { Reply } from '../http/reply';
import { ApiError, NotFoundError } from '../pool/errors';
import { parseId } from './rest-params';
import { ReportService } from './report.service';

@Controller(':db/rest/report')
@UseInterceptors(ReplyWriterInterceptor)
export class ReportController {
  constructor(@Inject(ReportService) private readonly reports: ReportService) {}

  @Get(':report/:id')
  render(
    @Req() req: Request,
    @Res() _res: unknown,
    @Param('report') report: string,
    @Param('id') id: string,
  ): Promise<Reply> {
    const recordId = parseId(id);
    if (recordId === null) throw new NotFoundError(`Record ${id} not found`);
    return this.reports.render(req, report, recordId);
  }

  @All(':report/:id')
  other(): never {
    throw new ApiError(405, 'Method Not Allowed');
  }
}
