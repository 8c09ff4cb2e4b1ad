import { existsSync } from 'node:fs';
import express, { type Express, type Request, type RequestHandler, type Router } from 'express';
import type { Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { buildHealth, type HealthDocument, type HealthInputs } from '../health/health.js';
import type { ServerMetrics } from '../metrics/metrics.js';
import type { SnapshotSource } from '../snapshots/snapshot-store.js';
import { corsMiddleware } from './cors.js';
import { errorHandler, notFound, sendError } from './errors.js';
import { canonicalPaths, foldPath } from './paths.js';
import { rateLimiter } from './rate-limit.js';
import { requestObserver } from './request-observer.js';
import { componentHandler } from './routes/components.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { StreamHub } from './routes/stream.js';
import { isUnder, securityHeaders, securityProfileOf } from './security-headers.js';
import { staticFiles } from './static.js';

export interface AppDeps {
  config: Pick<Config, 'corsAllowedOrigins' | 'rateLimitPerMinute' | 'trustProxy'>;
  snapshots: SnapshotSource;
  /** Health inputs other than the snapshot and stream clients, which the app knows itself. */
  healthInputs: () => Omit<HealthInputs, 'snapshot' | 'streamClients'>;
  metrics: ServerMetrics;
  logger: Logger;
  clock?: () => number;
  /** Static files served at `/` (the reference dashboard); none when undefined. */
  staticDir?: string | undefined;
  /** Shared rate-limit store (Redis when scaled out); in-memory when undefined. */
  rateLimitStore?: Store | undefined;
  /** Receives errors the error middleware could not attribute to the client (500s). */
  reportError?: ((error: unknown, context: Record<string, unknown>) => void) | undefined;
  /** SSE ping interval. @default 15000 */
  streamPingIntervalMs?: number;
  /** Serve `/metrics` here too; false when it has a listener of its own (METRICS_PORT). @default true */
  metricsOnMainPort?: boolean;
}

export interface BuiltApp {
  app: Express;
  stream: StreamHub;
  /** `GET /metrics`, to mount on the metrics listener when it is not on the main port. */
  metrics: Router;
  health: () => HealthDocument;
  /** Readiness goes 503 from now on; streams are ended by `close()`. */
  beginShutdown: () => void;
  /** Ends every stream and stops the app's timers (SSE pings, rate-limit sweep). */
  close: () => void;
}

/** Builds the Express app; does not listen (`server.ts` does). */
export function createApp(deps: AppDeps): BuiltApp {
  const clock = deps.clock ?? Date.now;
  let shuttingDown = false;
  let stream: StreamHub | undefined;
  const health = (): HealthDocument =>
    buildHealth(
      { ...deps.healthInputs(), snapshot: deps.snapshots.current(), streamClients: stream?.clients ?? 0 },
      clock(),
    );
  stream = new StreamHub({
    snapshots: deps.snapshots,
    healthJson: () => JSON.stringify(health()),
    metrics: deps.metrics,
    ...(deps.streamPingIntervalMs === undefined ? {} : { pingIntervalMs: deps.streamPingIntervalMs }),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', deps.config.trustProxy);
  app.set('query parser', 'simple');

  const observe = requestObserver(deps.logger, deps.metrics);
  const headers = responseHeaders(() => shuttingDown);
  const allowOrigins = corsMiddleware(deps.config.corsAllowedOrigins);
  const limiter = apiRateLimiter(deps, clock);
  // Every request passes these (the last answers the component endpoints itself); one router layer for all
  // of them keeps Express's per-layer cost off the hot path (bench/RESULTS.md §1). Misspelt paths are counted
  // by the limiter (which reads the path they stand for), then refused before any route sees them.
  app.use(
    inSequence([
      observe,
      headers,
      allowOrigins,
      limiter.middleware,
      canonicalPaths,
      componentHandler(deps.snapshots),
    ]),
  );

  app.use(stream.routes());
  app.use(
    healthRoutes({
      health,
      hasSnapshot: () => deps.snapshots.current() !== undefined,
      shuttingDown: () => shuttingDown,
    }),
  );
  const metrics = metricsRoutes(deps.metrics, () => {
    const snapshot = deps.snapshots.current();
    if (snapshot) deps.metrics.snapshotAge.set(Math.max(0, clock() - snapshot.meta.asOf) / 1000);
    const lastMessageAt = deps.healthInputs().market?.feed.lastMessageAt;
    if (lastMessageAt !== undefined)
      deps.metrics.upstreamDataAge.set(Math.max(0, clock() - lastMessageAt) / 1000);
  });
  if (deps.metricsOnMainPort !== false) app.use(metrics);
  if (deps.staticDir && existsSync(deps.staticDir)) {
    app.use(staticFiles(deps.staticDir));
  }
  app.use(notFound);
  app.use(errorHandler(deps.logger, deps.reportError));

  return {
    app,
    stream,
    metrics,
    health,
    beginShutdown: () => {
      shuttingDown = true;
    },
    close: () => {
      stream.close();
      limiter.close();
    },
  };
}

/** Security headers by the kind of response (document or API), and `Connection: close` while draining. */
function responseHeaders(isDraining: () => boolean): RequestHandler {
  const security = { document: securityHeaders('document'), api: securityHeaders('api') };
  return (req, res, next) => {
    for (const [name, value] of security[securityProfileOf(req.url)]) res.setHeader(name, value);
    // While draining, every response closes its connection, so keep-alive clients move to another replica
    // (or see the outage) instead of being served by a process that is going away.
    if (isDraining()) res.setHeader('connection', 'close');
    next();
  };
}

/**
 * The per-client limit on the API; health probes, /metrics, static files and OPTIONS are exempt. Decided on the
 * path a spelling stands for, so `/API/stream` or `/api//stream` is counted like `/api/stream` (and then refused).
 */
function apiRateLimiter(deps: AppDeps, clock: () => number) {
  const perMinute = deps.config.rateLimitPerMinute;
  return rateLimiter({
    windowMs: 60_000,
    limit: perMinute,
    store: deps.rateLimitStore,
    logger: deps.logger,
    // Without a trusted proxy the client is the socket's peer: no X-Forwarded-For parsing per request.
    ...(deps.config.trustProxy === false ? { clientOf: (req: Request) => req.socket.remoteAddress } : {}),
    clock,
    skip: (req) => {
      const path = foldPath(req.path) ?? req.path;
      return req.method === 'OPTIONS' || !isUnder(path, '/api') || isUnder(path, '/api/health');
    },
    onLimited: (_req, res, retryAfterSeconds) => {
      deps.metrics.rateLimited.inc();
      res.setHeader('retry-after', String(retryAfterSeconds));
      sendError(res, 429, 'rate_limited', `Too many requests: at most ${perMinute} a minute per client`);
    },
  });
}

/** Runs middlewares one after the other as a single one: the first error, or the first answer, ends the run. */
export function inSequence(handlers: readonly RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let index = 0;
    const step = (error?: unknown): void => {
      if (error !== undefined && error !== null) {
        next(error);
        return;
      }
      const handler = handlers[index++];
      if (!handler) {
        next();
        return;
      }
      try {
        handler(req, res, step);
      } catch (caught) {
        next(caught);
      }
    };
    step();
  };
}
