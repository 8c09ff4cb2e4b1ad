// Bare Express plus chosen layers of the full app's stack, built from the server's own modules (its built
// dist/) and configured as packages/server/src/http/app.ts configures them, to attribute the full app's cost
// per layer. The layers' packages are the server's own dependencies, resolved from its folder.
import { createRequire } from 'node:module';
import express from 'express';
import { inSequence } from '../packages/server/dist/http/app.js';
import { rateLimiter } from '../packages/server/dist/http/rate-limit.js';
import { requestObserver } from '../packages/server/dist/http/request-observer.js';
import { securityHeaders } from '../packages/server/dist/http/security-headers.js';
import { ServerMetrics } from '../packages/server/dist/metrics/metrics.js';
import { createLogger } from '../packages/server/dist/server.js';

const require = createRequire(new URL('../packages/server/package.json', import.meta.url));
const cors = require('cors');

export function layeredApp(layers, path, bytes) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  const logger = createLogger('info', '/dev/null');
  const chosen = [];
  if (layers.includes('observer')) chosen.push(requestObserver(logger, new ServerMetrics()));
  if (layers.includes('helmet')) {
    const headers = securityHeaders('api');
    chosen.push((_req, res, next) => {
      for (const [name, value] of headers) res.setHeader(name, value);
      next();
    });
  }
  if (layers.includes('cors')) {
    const options = {
      origin: '*',
      methods: ['GET', 'HEAD', 'OPTIONS'],
      credentials: false,
      exposedHeaders: ['ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
      maxAge: 600,
    };
    chosen.push(cors((_req, callback) => callback(null, options)));
  }
  if (layers.includes('ratelimit'))
    chosen.push(
      rateLimiter({
        windowMs: 60_000,
        limit: 1_000_000,
        logger,
        skip: (req) => req.method === 'OPTIONS' || !req.path.startsWith('/api/'),
        onLimited: (_req, res) => res.status(429).end(),
      }).middleware,
    );
  if (chosen.length > 0) app.use(inSequence(chosen));
  app.get(path, (_req, res) => {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.statusCode = 200;
    res.end(bytes);
  });
  return app;
}
