import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { MetricsService } from './metrics.service';

/**
 * Prometheus's scrape endpoint. Public (a scraper has no user-application key), so operators must
 * not route /metrics from the internet: expose it on the internal network only (proxy rule, firewall).
 * It shows route patterns, statuses and process figures, never URLs, keys or data.
 */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(MetricsService) private readonly metrics: MetricsService) {}

  @Get()
  async scrape(@Res() res: Response): Promise<void> {
    const body = Buffer.from(await this.metrics.text());
    res.statusCode = 200;
    res.setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Length', body.length);
    res.end(body);
  }
}
