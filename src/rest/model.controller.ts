import { All, Controller, Delete, Get, Inject, Options, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CachedRoutes } from '../cache/cached-routes';
import { Public } from '../auth/public.decorator';
import { Reply } from '../http/reply';
import { writeReply } from '../http/reply-writer.interceptor';
import { ApiError, NotFoundError } from '../pool/errors';
import { ActionService } from './action.service';
import { RecordService } from './record.service';
import { parseId } from './rest-params';
import { SearchService } from './search.service';

function idOf(value: string, model: string): number {
  const id = parseId(value);
  if (id === null) throw new NotFoundError(`Record ${model},${value} not found`);
  return id;
}

const methodNotAllowed = () => new ApiError(405, 'Method Not Allowed');

/** The Tryton dialect, thin: parse, delegate, answer the Reply (a GET through the cache). */
@Controller(':db/rest/model')
export class ModelController {
  constructor(
    @Inject(CachedRoutes) private readonly routes: CachedRoutes,
    @Inject(SearchService) private readonly searches: SearchService,
    @Inject(RecordService) private readonly records: RecordService,
    @Inject(ActionService) private readonly actions: ActionService,
  ) {}

  @Get(':model')
  search(@Req() req: Request, @Res() res: Response, @Param('model') model: string): Promise<void> {
    return this.routes.answer(req, res, () => this.searches.search(req, model));
  }

  @Post(':model')
  create(@Req() req: Request, @Res() res: Response, @Param('model') model: string): Promise<void> {
    return this.routes.answer(req, res, () => this.records.create(req, model));
  }

  @Get(':model/:id')
  get(
    @Req() req: Request,
    @Res() res: Response,
    @Param('model') model: string,
    @Param('id') id: string,
  ): Promise<void> {
    return this.routes.answer(req, res, () => this.records.get(req, model, idOf(id, model)));
  }

  @Put(':model/:id')
  update(
    @Req() req: Request,
    @Res() res: Response,
    @Param('model') model: string,
    @Param('id') id: string,
  ): Promise<void> {
    return this.routes.answer(req, res, () => this.records.update(req, model, idOf(id, model)));
  }

  @Delete(':model/:id')
  delete(
    @Req() req: Request,
    @Res() res: Response,
    @Param('model') model: string,
    @Param('id') id: string,
  ): Promise<void> {
    return this.routes.answer(req, res, () => this.records.delete(req, model, idOf(id, model)));
  }

  @Get(':model/:id/:field')
  subCollection(
    @Req() req: Request,
    @Res() res: Response,
    @Param('model') model: string,
    @Param('id') id: string,
    @Param('field') field: string,
  ): Promise<void> {
    return this.routes.answer(req, res, () => {
      const recordId = idOf(id, model);
      return this.searches.search(req, model, async (env) => {
        const owner = env.model(model);
        await this.records.findOrThrow(env, owner, recordId);
        return SearchService.subCollection(env, owner, recordId, field);
      });
    });
  }

  @Post(':model/:id/:method')
  callOnRecord(
    @Req() req: Request,
    @Res() res: Response,
    @Param('model') model: string,
    @Param('id') id: string,
    @Param('method') method: string,
  ): Promise<void> {
    return this.routes.answer(req, res, () => this.actions.call(req, model, method, idOf(id, model)));
  }

  @Post(':model/:method')
  callOnModel(
    @Req() req: Request,
    @Res() res: Response,
    @Param('model') model: string,
    @Param('method') method: string,
  ): Promise<void> {
    return this.routes.answer(req, res, () => this.actions.call(req, model, method, null));
  }

  /**
   * OPTIONS answers 204 with the methods the path takes, without a key, as Tryton's server
   * (werkzeug) answers it for every route.
   */
  @Public()
  @Options([':model', ':model/:id', ':model/:id/:field'])
  options(@Req() req: Request, @Res() res: Response): void {
    const allow =
      req.params.field !== undefined || req.params.id === undefined
        ? 'GET, HEAD, POST, OPTIONS'
        : 'GET, HEAD, POST, PUT, DELETE, OPTIONS';
    writeReply(res, Reply.noContent({ Allow: allow }));
  }

  @All([':model', ':model/:id', ':model/:id/:field'])
  other(): never {
    throw methodNotAllowed();
  }
}
