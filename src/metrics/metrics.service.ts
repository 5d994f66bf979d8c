import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { FixedCounter, RequestSeries } from './request-series';

/** Seconds; from a cache hit served before Express (well under a millisecond) to a long stream. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * This application's metrics: its own registry (two applications in one process, as in tests, do not
 * collide), with Node's process metrics, HTTP requests and the response cache's results.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  /** http_requests_total and http_request_duration_seconds, by method, route pattern and status. */
  readonly requests = new RequestSeries(this.registry, DURATION_BUCKETS, {
    total: 'HTTP requests answered, by method, route pattern and status (499: the client went away first)',
    duration: 'Time from the request to the last byte of the answer, by method, route pattern and status',
  });
  readonly cache = new FixedCounter<'HIT' | 'MISS' | 'BYPASS'>(
    this.registry,
    'http_cache_results_total',
    'Cacheable GETs by X-Cache result: HIT (including hits served before Express), MISS or BYPASS',
    'result',
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
