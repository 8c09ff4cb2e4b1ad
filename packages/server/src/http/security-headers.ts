import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The security headers of every response, from helmet, computed once. Helmet's headers depend only on its
 * options (no CSP nonces here), so running its middleware once against a recorder yields the same headers it
 * would set on each request; writing them with one `setHeaders` call saves helmet's per-request work on the
 * hottest path.
 */
export function securityHeaders(): Map<string, string> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  const middleware: RequestHandler = helmet({
    // Widgets and their script are loaded from other sites: allow cross-origin reads of our resources.
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
  });
  let called = false;
  middleware({} as never, recorder as never, () => {
    called = true;
  });
  if (!called) throw new Error('helmet did not finish synchronously');
  return headers;
}
