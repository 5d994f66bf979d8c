import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../auth/auth.errors';
import { AppConfig } from '../config/config';
import { Public } from '../auth/public.decorator';
import { MetricsService } from './metrics.service';

/**
 * Prometheus's scrape endpoint. A scraper has no user-application key: with METRICS_TOKEN set, it
 * sends `Authorization: Bearer <token>` (anything else: 401); without it, /metrics is open, so keep
 * it off the internet (HOST, proxy rule, firewall). It shows route patterns, statuses and process
 * figures, never URLs, keys or data.
 */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.config.metricsToken && !sameToken(req.headers.authorization, this.config.metricsToken)) {
      throw new UnauthorizedError();
    }
    const body = Buffer.from(await this.metrics.text());
    res.statusCode = 200;
    res.setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Length', body.length);
    res.end(body);
  }
}

/** `Bearer <token>`, compared in constant time (on digests, so lengths do not leak either). */
function sameToken(header: string | undefined, token: string): boolean {
  const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
