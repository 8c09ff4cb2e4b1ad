import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { ServerMetrics } from '../metrics/metrics.js';

/**
 * One `finish` listener per request that both logs it (pino) and records its duration (prom-client).
 * Written here rather than using pino-http because pino-http builds a child logger and serializes req/res
 * objects on every request, which cost about a fifth of the throughput in bench/http.mjs; this keeps the same
 * fields at a fraction of the cost. Label children are cached so a hot route does no label hashing, and the
 * listener is one shared function, so a request allocates no closure. The start time rides in `res.locals`:
 * a property added to the response object itself turned every later access to it in Node's HTTP code slow
 * (about 80 µs a request in bench/http-ablation.mjs).
 */
export function requestObserver(logger: Logger, metrics: ServerMetrics): RequestHandler {
  const observers = new Map<string, ReturnType<ServerMetrics['httpRequestDuration']['labels']>>();
  const logEnabled = logger.isLevelEnabled('info');
  function finished(this: Response): void {
    const req = this.req as Request;
    const ms = performance.now() - (this.locals.startedAt as number);
    const route =
      (this.locals.routeLabel as string | undefined) ??
      req.route?.path ??
      (this.statusCode === 404 ? 'unmatched' : 'static');
    const key = `${route}|${req.method}|${this.statusCode}`;
    let observer = observers.get(key);
    if (!observer) {
      observer = metrics.httpRequestDuration.labels(String(route), req.method, String(this.statusCode));
      // Unknown methods could grow this map without bound; cap it and fall back to uncached labels.
      if (observers.size < 500) observers.set(key, observer);
    }
    observer.observe(ms / 1000);
    const url = req.originalUrl;
    if (url === '/metrics' || url.startsWith('/api/health')) return;
    const status = this.statusCode;
    // A 503 is expected (no snapshot yet during warm-up, draining): worth a warning, not an error alert.
    if (status >= 500 && status !== 503)
      logger.error({ method: req.method, url: url.slice(0, 300), status, ms }, 'request failed');
    else if (status >= 400)
      logger.warn({ method: req.method, url: url.slice(0, 300), status, ms }, 'request refused');
    else if (logEnabled) logger.info({ method: req.method, url: url.slice(0, 300), status, ms }, 'request');
  }
  return (_req, res, next) => {
    res.locals.startedAt = performance.now();
    res.on('finish', finished);
    next();
  };
}
