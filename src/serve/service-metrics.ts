/**
 * Prometheus metrics of a serve process (prom-client, its own registry so tests can build several servers
 * in one process): requests by route, method and status, latency histograms by route, the generation served,
 * and the default process metrics (memory, event loop lag, CPU).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Latency buckets in seconds: fine below 10 ms, where a check should answer, coarse above, where only
 * overload lands.
 */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export interface ServiceMetrics {
  registry: Registry;
  requests: Counter<'route' | 'method' | 'status'>;
  latency: Histogram<'route' | 'method'>;
  generation: Gauge;
}

export function serviceMetrics(): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({ name: 'merchant_dedup_http_requests_total', help: 'HTTP requests answered, by route, method and status', labelNames: ['route', 'method', 'status'], registers: [registry] }),
    latency: new Histogram({
      name: 'merchant_dedup_http_request_duration_seconds',
      help: 'Time from request received to response sent, by route',
      labelNames: ['route', 'method'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    generation: new Gauge({ name: 'merchant_dedup_generation', help: 'Generation of the dedup index being served', registers: [registry] }),
  };
}
