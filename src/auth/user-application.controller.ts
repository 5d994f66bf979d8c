import { Controller, Delete, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NO_CONTENT_TYPE } from '../http/reply';
import { ApiError, BadRequestError } from '../pool/errors';
import { MAX_JSON_DEPTH, tooDeep } from '../serialization/json-depth';
import { clientAddress } from '../http/rate-limit';
import { Public } from './public.decorator';
import { UserApplicationService } from './user-application.service';

const MAX_BODY = 64 * 1024;

@Public()
@Controller(':db/user/application')
export class UserApplicationController {
  constructor(@Inject(UserApplicationService) private readonly service: UserApplicationService) {}

  @Post()
  async request(@Param('db') db: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const key = await this.service.request(db, await jsonBody(req));
    send(res, 200, Buffer.from(JSON.stringify(key)));
  }

  @Delete()
  async revoke(@Param('db') db: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.service.revoke(db, await jsonBody(req), clientAddress(req));
    send(res, 204, null);
  }
}

/** Tryton's exact Content-Type (no charset: its client decodes JSON only on that value). */
function send(res: Response, status: number, body: Buffer | null): void {
  res.statusCode = status;
  res.setHeader('Content-Type', status === 204 ? NO_CONTENT_TYPE : 'application/json');
  if (body) res.setHeader('Content-Length', body.length);
  res.end(body ?? undefined);
}

/** The JSON object of the body, whether or not a body parser ran before. */
async function jsonBody(req: Request): Promise<Record<string, unknown>> {
  let value: unknown = req.body;
  if (value === undefined || Buffer.isBuffer(value) || typeof value === 'string') {
    const text = Buffer.isBuffer(value) || typeof value === 'string' ? value.toString() : await readBody(req);
    if (tooDeep(text))
      throw new BadRequestError(`Invalid JSON body: nested deeper than ${MAX_JSON_DEPTH} levels`);
    try {
      value = text.trim() ? JSON.parse(text) : {};
    } catch {
      throw new BadRequestError('Malformed JSON body');
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequestError('The body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

async function readBody(req: Request): Promise<string> {
  if (req.readableEnded) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new ApiError(413, `Request body too large (limit ${MAX_BODY} bytes)`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
