import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { HealthService } from './health.service';

function send(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = Buffer.from(JSON.stringify(body));
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Length', text.length);
  res.end(text);
}

/**
 * Probes for orchestrators and load balancers (no key, no database in the path).
 *
 * - live: the process serves HTTP (200 {"status":"ok"}); it touches nothing else, so a database
 *   outage never gets a healthy instance restarted.
 * - ready: 200 when the database server answers; 503 when it does not (no request could be served).
 *   The cache is fail-open (the API answers without it, only slower): when it is down the answer is
 *   200 with "status":"degraded", so instances are not taken out of rotation for a Redis outage.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  @Get('live')
  live(@Res() res: Response): void {
    send(res, 200, { status: 'ok' });
  }

  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const readiness = await this.health.readiness();
    if (readiness.status === 'error') send(res, 503, readiness, { 'Retry-After': '5' });
    else send(res, 200, readiness);
  }
}
