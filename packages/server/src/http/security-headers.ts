import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Two sets of security headers, both from helmet:
 * - `document`: everything a browser may render as a page (the dashboard, its scripts and styles, other paths):
 *   helmet's full set with our Content-Security-Policy.
 * - `api`: JSON and metrics responses (`/api/...`, `/metrics`), which no browser renders: the headers OWASP's REST
 *   Security Cheat Sheet lists for APIs (a CSP that allows nothing and no framing, HSTS, nosniff, no framing) plus
 *   the cross-origin resource policy the widgets need on third-party pages. The document-only headers (DNS
 *   prefetch, download options, cross-domain policies, XSS auditor, origin-agent cluster, opener and referrer
 *   policies) protect rendered pages only; leaving them off the hottest path saves seven header lines on every
 *   API response (bench/RESULTS.md §1c).
 */
export type SecurityProfile = 'document' | 'api';

/** CSP source of the inline script in examples/dashboard/src/index.html. */
export const DASHBOARD_INLINE_SCRIPT = "'sha256-/v8TJBe+rVGYnrqEd+Mm4zRKdn6sykE14ZWBbOssmIY='";

const PROFILES: Record<SecurityProfile, HelmetOptions> = {
  document: {
    // Widgets and their script are loaded from other sites: allow cross-origin reads of our resources.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The dashboard's one inline script (it starts ICU before the first paint), by its hash; the dashboard
        // build fails if the script and this hash part ways.
        scriptSrc: ["'self'", DASHBOARD_INLINE_SCRIPT],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        baseUri: ["'self'"],
      },
    },
  },
  api: {
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    xFrameOptions: { action: 'deny' },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    referrerPolicy: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  },
};

/**
 * The headers of a profile as name/value pairs, computed once. Helmet's headers depend only on its options (no
 * CSP nonces here), so running its middleware once against a recorder yields the same headers it would set on
 * each request; writing them from this list saves helmet's per-request work on the hottest path.
 */
export function securityHeaders(profile: SecurityProfile): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  const middleware: RequestHandler = helmet(PROFILES[profile]);
  let called = false;
  middleware({} as never, recorder as never, () => {
    called = true;
  });
  if (!called) throw new Error('helmet did not finish synchronously');
  return [...headers];
}

/** Whether a path (or a URL with its query) is `prefix` itself or below it: `/api`, `/api/x`, `/api?x`, not `/apiary`. */
export function isUnder(url: string, prefix: string): boolean {
  const next = url[prefix.length];
  return url.startsWith(prefix) && (next === undefined || next === '/' || next === '?');
}

/** `/api`, `/api/...` and `/metrics` (with or without a query) are answered with the `api` profile. */
export function securityProfileOf(url: string): SecurityProfile {
  return isUnder(url, '/api') || url === '/metrics' || url.startsWith('/metrics?') ? 'api' : 'document';
}
