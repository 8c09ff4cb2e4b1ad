// Bare Express plus chosen layers of the full app's stack, configured as packages/server/src/http/app.ts
// configures them, to attribute the full app's cost per layer. The layers' packages are the server's own
// dependencies, resolved from its folder.
import { createRequire } from 'node:module';
import express from 'express';
import { pino } from 'pino';

const require = createRequire(new URL('../packages/server/package.json', import.meta.url));
const helmet = require('helmet');
const cors = require('cors');
const { rateLimit } = require('express-rate-limit');
const { Histogram, Registry } = require('prom-client');

export function layeredApp(layers, path, bytes) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  if (layers.includes('observer')) app.use(observer());
  if (layers.includes('helmet'))
    app.use(
      (helmet.default ?? helmet)({
        crossOriginResourcePolicy: { policy: 'cross-origin' },
        contentSecurityPolicy: {
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", 'data:'],
            connectSrc: ["'self'"],
            objectSrc: ["'none'"],
            frameAncestors: ["'self'"],
            baseUri: ["'self'"],
          },
        },
      }),
    );
  if (layers.includes('cors'))
    app.use(
      cors({
        origin: '*',
        methods: ['GET', 'HEAD', 'OPTIONS'],
        credentials: false,
        exposedHeaders: ['ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
        maxAge: 600,
      }),
    );
  if (layers.includes('ratelimit'))
    app.use(
      '/api',
      rateLimit({
        windowMs: 60_000,
        limit: 1_000_000,
        standardHeaders: 'draft-6',
        legacyHeaders: false,
        skip: (req) => req.path.startsWith('/health') || req.method === 'OPTIONS',
      }),
    );
  app.get(path, (_req, res) => {
    res.set({ 'content-type': 'application/json; charset=utf-8' });
    res.status(200).end(bytes);
  });
  return app;
}

/** The request observer of the full app: one pino line and one histogram observation per request. */
function observer() {
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  const registry = new Registry();
  const histogram = new Histogram({
    name: 'cbm_http_request_duration_seconds',
    help: 'duration',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const observers = new Map();
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const ms = performance.now() - started;
      const key = `${req.route?.path}|${req.method}|${res.statusCode}`;
      let child = observers.get(key);
      if (!child) {
        child = histogram.labels(String(req.route?.path), req.method, String(res.statusCode));
        observers.set(key, child);
      }
      child.observe(ms / 1000);
      logger.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms }, 'request');
    });
    next();
  };
}
