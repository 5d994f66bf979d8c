import { All, Controller, Inject, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NotFoundError } from '../pool/errors';
import { CachedRoutes } from '../cache/cached-routes';
import { EnvelopeExceptionFilter } from './envelope.filter';
import { RestApiService } from './restapi.service';

/**
 * The pyDAL dialect, thin: every method goes to one dispatcher, as pyDAL's RestAPI takes the method
 * as an argument (an unknown method is then its 401 "No policy for this method").
 */
@Controller(':db/rest/api')
@UseFilters(EnvelopeExceptionFilter)
export class RestApiController {
  constructor(
    @Inject(CachedRoutes) private readonly routes: CachedRoutes,
    @Inject(RestApiService) private readonly api: RestApiService,
  ) {}

  @All(':model')
  collection(@Req() req: Request, @Res() res: Response, @Param('model') model: string): Promise<void> {
    return this.routes.answer(req, res, () => this.api.handle(req, model, null));
  }

  @All(':model/:id')
  record(
    @Req() req: Request,
    @Res() res: Response,
    @Param('model') model: string,
    @Param('id') id: string,
  ): Promise<void> {
    return this.routes.answer(req, res, () => this.api.handle(req, model, id));
  }

  /** Any other path under the dialect (`superhero/1/2`, no model): a 404 in the envelope, after the key check. */
  @All(['', '*path'])
  unmatched(@Req() req: Request): never {
    throw new NotFoundError(`No route for ${req.method} ${req.path}`);
  }
}
