import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for public, read-only data: with `*`, every origin may read (no credentials); with a list, only those
 * origins get CORS headers, and an origin that is not listed gets none at all (not even Expose-Headers).
 * Preflights go through the cors package; an actual request needs only the two headers below, the same ones
 * the package would set, written from precomputed strings (the package builds them anew on every request).
 */
export function corsMiddleware(origins: '*' | readonly string[]): RequestHandler {
  const allowed = {
    methods: ['GET', 'HEAD', 'OPTIONS'],
    credentials: false,
    exposedHeaders: ['ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    maxAge: 600,
  };
  const allowAny = { ...allowed, origin: '*' };
  const refused = { origin: false };
  const isListed = (origin: string | undefined): origin is string =>
    origin !== undefined && origins !== '*' && origins.includes(origin);
  const preflight = cors((req, callback) => {
    const origin = req.headers.origin;
    if (origins === '*') callback(null, allowAny);
    else if (isListed(origin)) callback(null, { ...allowed, origin });
    else callback(null, refused);
  });
  const exposed = allowed.exposedHeaders.join(',');
  return (req, res, next) => {
    if (req.method === 'OPTIONS') {
      preflight(req, res, next);
      return;
    }
    const origin = req.headers.origin;
    if (origins === '*') {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-expose-headers', exposed);
    } else if (isListed(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
      res.setHeader('access-control-expose-headers', exposed);
    }
    next();
  };
}
