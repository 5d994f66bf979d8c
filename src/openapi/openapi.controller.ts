import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../auth/public.decorator';
import { NotFoundError } from '../pool/errors';
import { explorerAsset, explorerPage } from './explorer';
import { OpenApiService, RenderedDocument } from './openapi.service';

function send(
  req: Request,
  res: Response,
  file: RenderedDocument,
  type: string,
  cacheControl: string,
  extra: Record<string, string> = {},
): void {
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('ETag', file.etag);
  for (const [name, value] of Object.entries(extra)) res.setHeader(name, value);
  const match = req.headers['if-none-match'];
  if (typeof match === 'string' && match.split(',').some((tag) => tag.trim() === file.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', file.body.length);
  res.end(file.body);
}

/**
 * The OpenAPI document of the Tryton dialect and its explorer.
 *
 * The document needs a key like every route of the database: it describes every model of the active
 * modules, which a key holder may query anyway, but an anonymous visitor has no business mapping. The
 * page and its scripts are public: they hold no data (they are swagger-ui and a form asking for the
 * key, which then fetches the document with it).
 */
@Controller(':db/rest')
export class OpenApiController {
  constructor(@Inject(OpenApiService) private readonly openapi: OpenApiService) {}

  @Get('openapi.json')
  document(@Param('db') db: string, @Req() req: Request, @Res() res: Response): void {
    // Same document for every caller: revalidate, but never share between keys in a shared cache.
    send(req, res, this.openapi.render(db), 'application/json', 'private, no-cache', {
      Vary: 'Authorization',
    });
  }

  @Public()
  @Get('openapi')
  page(@Req() req: Request, @Res() res: Response): void {
    const path = req.originalUrl.split('?')[0];
    // The page's URLs are relative to ".../openapi": a trailing slash would shift them one level down.
    if (path.endsWith('/')) {
      res.redirect(301, `../openapi`);
      return;
    }
    send(req, res, explorerPage(), 'text/html; charset=utf-8', 'no-cache', {
      'X-Content-Type-Options': 'nosniff',
    });
  }

  @Public()
  @Get('openapi/:file')
  asset(@Param('file') name: string, @Req() req: Request, @Res() res: Response): void {
    const file = explorerAsset(name);
    if (!file) throw new NotFoundError(`Unknown file "${name}"`);
    send(req, res, file, file.type, 'public, max-age=3600', { 'X-Content-Type-Options': 'nosniff' });
  }
}
