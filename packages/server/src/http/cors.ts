import cors from 'cors';
import type { RequestHandler } from 'express';

/** Methods every path answers, in the `Allow` header of every OPTIONS answer. */
export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';

/**
 * CORS for public, read-only data: with `*`, every origin may read (no credentials); with a list, only those
 * origins get CORS headers, and an origin that is not listed gets none at all (not even Expose-Headers).
 * With a list, every response depends on Origin, so every one carries `Vary: Origin`, also when the request
 * had no Origin or an unlisted one: a shared cache must not hand a copy made for one origin to another.
 * Preflights go through the cors package; an actual request needs only the two headers below, the same ones
 * the package would set, written from precomputed strings (the package builds them anew on every request).
 * OPTIONS is answered here on every path, a known one or not: 204 with `Allow`, plus the preflight's CORS
 * headers when the origin may read (docs/api.md, CORS).
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
    if (origins !== '*') res.setHeader('vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('allow', ALLOWED_METHODS);
      // Without an Origin there is nothing to allow; a refused origin gets no CORS header. Either way the
      // same 204 as a preflight, without the CORS headers.
      if (req.headers.origin === undefined) answerOptions(res);
      else preflight(req, res, (error?: unknown) => (error ? next(error) : answerOptions(res)));
      return;
    }
    const origin = req.headers.origin;
    if (origins === '*') {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-expose-headers', exposed);
    } else if (isListed(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-expose-headers', exposed);
    }
    next();
  };
}

function answerOptions(res: Parameters<RequestHandler>[1]): void {
  res.statusCode = 204;
  res.setHeader('content-length', '0');
  res.end();
}
