import type { RequestHandler } from 'express';
import { notFound } from './errors.js';
import { isUnder } from './security-headers.js';

/**
 * One spelling per path. Express matches routes case-insensitively and ignores a trailing slash unless told
 * otherwise, serve-static decodes and normalises what it is given, and the rate limiter compares paths as
 * they are written: `/API/stream` was streamed but never counted. So the rate limiter decides on the path a
 * spelling stands for (`foldPath`), and `canonicalPaths` refuses every other spelling of an API path (404)
 * before any route sees it; the routes themselves are case-sensitive and strict as a second line.
 */

/** Anything that may make a path differ from its folded form: upper case, escapes, `//`, `/.`, a trailing `/`. */
const MAY_DIFFER = /[A-Z%\\]|\/\/|\/\.|.\/$/;
/** An empty, `.` or `..` segment, or a backslash, once percent-decoded: no file or route is named so. */
const ODD_SEGMENT = /\/\/|\/\.\.?(?:\/|$)|\\/;

/**
 * The path a spelling stands for: percent-decoded, lower case, `\` read as `/`, without empty, `.` and `..`
 * segments or a trailing slash (`/Api//x/../Stream/` is `/api/stream`); `undefined` when it does not decode.
 * Most paths are already folded and are returned as they are after one regular-expression test.
 */
export function foldPath(path: string): string | undefined {
  if (!MAY_DIFFER.test(path)) return path;
  const decoded = decode(path);
  if (decoded === undefined) return undefined;
  const segments: string[] = [];
  for (const segment of decoded.toLowerCase().split(/[/\\]/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/** `/api`, `/api/...` and `/metrics`: the paths whose every spelling must be the contract's own. */
export function isApiPath(folded: string): boolean {
  return isUnder(folded, '/api') || isUnder(folded, '/metrics');
}

/**
 * Whether the path is a spelling the server refuses: an API path written other than exactly as docs/api.md
 * writes it (upper case, percent escapes, a trailing slash, `//`, `.` or `..` segments), or any path with an
 * empty, `.` or `..` segment or a backslash, plain or percent-encoded. Other paths (static files) are left
 * as they are: the file system is case-sensitive, and a directory may be asked for with its trailing slash.
 */
export function isMisspelt(path: string): boolean {
  if (!MAY_DIFFER.test(path)) return false;
  const folded = foldPath(path);
  if (folded === undefined) return true;
  if (isApiPath(folded)) return folded !== path;
  return ODD_SEGMENT.test(decode(path) ?? path);
}

/** Answers a misspelt path with the JSON 404 (`No endpoint at ...`), as if nothing were there. */
export const canonicalPaths: RequestHandler = (req, res, next) => {
  if (isMisspelt(req.path)) notFound(req, res, next);
  else next();
};

function decode(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
