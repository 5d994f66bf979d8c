import type { Registry } from 'prom-client';

/** One line of a metric as prom-client's registry formats it (`metricName` defaults to the metric's). */
interface Sample {
  labels: Record<string, string | number>;
  /** Written after `labels` (prom-client's histograms put `le` first this way). */
  sharedLabels?: Record<string, string>;
  value: number;
  metricName?: string;
}

/** What prom-client's registry asks of a metric it writes out (its own classes have more). */
interface CollectedMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  get(): Promise<{ name: string; help: string; type: string; values: Sample[]; aggregator: 'sum' }>;
}

/** Registers a metric whose samples are computed when the registry is read. */
function register(
  registry: Registry,
  name: string,
  help: string,
  type: CollectedMetric['type'],
  values: () => Sample[],
): void {
  const metric: CollectedMetric = {
    name,
    help,
    type,
    aggregator: 'sum',
    get: async () => ({ name, help, type, values: values(), aggregator: 'sum' }),
  };
  registry.registerMetric(metric as never);
}

const TOTAL = 'http_requests_total';
const DURATION = 'http_request_duration_seconds';

interface Series {
  labels: Record<string, string>;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative); the last slot is past the highest bound. */
  buckets: Float64Array;
}

/**
 * Requests counted and timed by method, route pattern and status: `http_requests_total` (a counter)
 * and `http_request_duration_seconds` (a histogram), written out exactly as prom-client's own Counter and
 * Histogram would. prom-client's classes validate and hash their label object on every call (several
 * microseconds, as much as a whole cache hit's own work); here a request costs one Map lookup by a
 * string built from its three labels, and the text is computed only when /metrics is read.
 */
export class RequestSeries {
  private readonly series = new Map<string, Series>();

  constructor(
    registry: Registry,
    private readonly bounds: readonly number[],
    help: { total: string; duration: string },
  ) {
    register(registry, TOTAL, help.total, 'counter', () =>
      [...this.series.values()].map((s) => ({ labels: s.labels, value: s.count })),
    );
    register(registry, DURATION, help.duration, 'histogram', () =>
      [...this.series.values()].flatMap((s) => this.histogram(s)),
    );
  }

  /** One request answered: its labels and how long it took, in seconds. */
  observe(method: string, route: string, status: string, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.series.get(key);
    if (!series) {
      series = {
        labels: { method, route, status },
        count: 0,
        sum: 0,
        buckets: new Float64Array(this.bounds.length + 1),
      };
      this.series.set(key, series);
    }
    series.count++;
    series.sum += seconds;
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]) i++;
    series.buckets[i]++;
  }

  private histogram(series: Series): Sample[] {
    const samples: Sample[] = [];
    let cumulative = 0;
    const sharedLabels = series.labels;
    this.bounds.forEach((le, i) => {
      cumulative += series.buckets[i];
      samples.push({ labels: { le }, sharedLabels, value: cumulative, metricName: `${DURATION}_bucket` });
    });
    samples.push(
      { labels: { le: '+Inf' }, sharedLabels, value: series.count, metricName: `${DURATION}_bucket` },
      { labels: {}, sharedLabels, value: series.sum, metricName: `${DURATION}_sum` },
      { labels: {}, sharedLabels, value: series.count, metricName: `${DURATION}_count` },
    );
    return samples;
  }
}

/** A counter over a fixed, small set of label values (one label), counted in plain integers. */
export class FixedCounter<V extends string> {
  private readonly counts = new Map<V, number>();

  constructor(registry: Registry, name: string, help: string, label: string) {
    register(registry, name, help, 'counter', () =>
      [...this.counts].map(([value, count]) => ({ labels: { [label]: value }, value: count })),
    );
  }

  inc(value: V): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }
}
