import { readdirSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { basename, extname, sep } from 'node:path';
import express, { type RequestHandler } from 'express';
import { chooseEncoding, type Encoding, notAcceptable } from './encoding.js';

/** `name.0123abcd.js`: a content hash in the name, so the file at that URL never changes. */
const HASHED_NAME = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i;
const PRECOMPRESSED = /\.(br|gz)$/;
const PLAIN_PATH = /^[\w./-]+$/;

export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** Pages revalidate every time (a 304 when unchanged), so a deploy shows at once and points at the new assets. */
export const CACHE_PAGE = 'no-cache';
/** Unhashed files other than pages, e.g. `/cbm-widgets.js` that other sites embed by that name. */
export const CACHE_SHORT = 'public, max-age=300';

/** The Cache-Control of a file served from disk (a precompressed copy gets its original's). */
export function cacheControlFor(path: string): string {
  const name = basename(path).replace(PRECOMPRESSED, '');
  if (name.endsWith('.html')) return CACHE_PAGE;
  return HASHED_NAME.test(name) ? CACHE_IMMUTABLE : CACHE_SHORT;
}

const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** URL path (`/assets/app.js`) of every file that has precompressed copies, and which. Dot-paths are skipped. */
function findPrecompressed(dir: string): Map<string, Set<Encoding>> {
  const found = new Map<string, Set<Encoding>>();
  const files = new Set(
    readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => file.split(sep).join('/')),
  );
  for (const file of files) {
    if (file.split('/').some((segment) => segment.startsWith('.'))) continue;
    for (const encoding of ['br', 'gzip'] as const) {
      const original = file.slice(0, -SUFFIX[encoding].length);
      if (file.endsWith(SUFFIX[encoding]) && files.has(original)) {
        const encodings = found.get(`/${original}`) ?? new Set<Encoding>();
        encodings.add(encoding);
        found.set(`/${original}`, encodings);
      }
    }
  }
  return found;
}

/**
 * Static files (the reference dashboard), with the precompressed copies its build writes beside them
 * (`file.br`, `file.gz`): brotli, else gzip, else the file itself, by Accept-Encoding, with
 * `Vary: Accept-Encoding`, the original's Content-Type and the copy's Content-Length and ETag; the JSON 406
 * when the client refuses the copies and the file as it is (`identity;q=0`). Nothing is compressed per
 * request, and nothing here touches the API (its bodies are serialized once per tick).
 * Long-lived caching for hashed names, revalidation for pages (`cacheControlFor`). Paths are resolved by
 * serve-static (Express's own): traversal out of `dir` and dotfiles fall through to the JSON 404.
 * The copies are indexed once at start-up: a file added later is served, uncompressed.
 */
export function staticFiles(dir: string): RequestHandler {
  const precompressed = findPrecompressed(dir);
  const serve = express.static(dir, {
    dotfiles: 'ignore',
    index: 'index.html',
    fallthrough: true,
    redirect: false,
    cacheControl: false,
    setHeaders: (res: ServerResponse, path: string) => {
      res.setHeader('cache-control', cacheControlFor(path));
    },
  });
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const path = req.path.endsWith('/') ? `${req.path}index.html` : req.path;
    // Only plain names are looked up, where the URL path and the file name are spelled the same.
    const encodings = PLAIN_PATH.test(path) ? precompressed.get(path) : undefined;
    if (!encodings) {
      serve(req, res, next);
      return;
    }
    res.vary('Accept-Encoding');
    const encoding = chooseEncoding(req.headers['accept-encoding'], encodings);
    if (encoding === 'none') {
      next(notAcceptable());
      return;
    }
    if (encoding === 'identity') {
      serve(req, res, next);
      return;
    }
    const originalUrl = req.url;
    const query = originalUrl.indexOf('?');
    req.url = `${path}${SUFFIX[encoding]}${query === -1 ? '' : originalUrl.slice(query)}`;
    res.setHeader('content-encoding', encoding);
    res.type(extname(path));
    serve(req, res, (error?: unknown) => {
      // The copy was not sent after all: what follows (the JSON 404) must not claim its encoding and type.
      req.url = originalUrl;
      if (!res.headersSent) {
        res.removeHeader('content-encoding');
        res.removeHeader('content-type');
      }
      next(error);
    });
  };
}
