import { All, Controller, Inject, Param, Req, Res, UseFilters, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import { NotFoundError } from '../pool/errors';
import type { Reply } from '../http/reply';
import { CacheInterceptor } from '../cache/cache.interceptor';
import { ReplyWriterInterceptor } from '../http/reply-writer.interceptor';
import { EnvelopeExceptionFilter } from './envelope.filter';
import { RestApiService } from './restapi.service';

/**
 * The pyDAL dialect, thin: every method goes to one dispatcher, as pyDAL's RestAPI takes the method
 * as an argument (an unknown method is then its 401 "No policy for this method").
 */
@Controller(':db/rest/api')
@UseInterceptors(ReplyWriterInterceptor, CacheInterceptor)
@UseFilters(EnvelopeExceptionFilter)
export class RestApiController {
  constructor(@Inject(RestApiService) private readonly api: RestApiService) {}

  @All(':model')
  collection(@Req() req: Request, @Res() _res: unknown, @Param('model') model: string): Promise<Reply> {
    return this.api.handle(req, model, null);
  }

  @All(':model/:id')
  record(
    @Req() req: Request,
    @Res() _res: unknown,
    @Param('model') model: string,
    @Param('id') id: string,
  ): Promise<Reply> {
    return this.api.handle(req, model, id);
  }

  /** Any other path under the dialect (`superhero/1/2`, no model): a 404 in the envelope, after the key check. */
  @All(['', '*path'])
  unmatched(@Req() req: Request): never {
    throw new NotFoundError(`No route for ${req.method} ${req.path}`);
  }
}
