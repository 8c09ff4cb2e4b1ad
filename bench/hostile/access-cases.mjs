// Hostile access: CORS from unlisted origins and path traversal against the static files, each with a control
// case that must succeed. Each case records its verdict in `results`.
import { get, raw } from './raw-http.mjs';
import { check, isJsonError, refused4xx } from './verdicts.mjs';

const UNLISTED_ORIGINS = [
  'https://evil.example',
  'https://allowed.example.evil.example',
  'https://evilallowed.example',
  'http://allowed.example',
  'https://ALLOWED.example',
  'https://allowed.example/',
  'null',
];

const TRAVERSALS = [
  '/../package.json',
  '/../../../../../../etc/passwd',
  '/..%2f..%2fpackage.json',
  '/%2e%2e/%2e%2e/package.json',
  '/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/%252e%252e%252fpackage.json',
  '/..%5c..%5cpackage.json',
  '/index.html/../../package.json',
  '/.%2e/.%2e/package.json',
  '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
  '//etc/passwd',
  '/..;/package.json',
  '/index.html%00.json',
  '/.env',
  '/.git/config',
  '/%2e%2e%2fsrc%2fmain.ts',
  '../../etc/passwd',
  '/api/../../package.json',
  '/api/component/..%2f..%2f..%2fpackage.json',
];

export async function cors({ port, results, allowed }) {
  for (const origin of UNLISTED_ORIGINS) {
    for (const [method, target] of [
      ['GET', '/api/component/gainers-table'],
      ['OPTIONS', '/api/component/gainers-table'],
      ['GET', '/api/stream?topics=health'],
    ]) {
      const response =
        method === 'GET'
          ? await raw(
              port,
              `GET ${target} HTTP/1.1\r\nHost: x\r\nOrigin: ${origin}\r\nConnection: close\r\n\r\n`,
              {
                waitMs: target.includes('stream') ? 1500 : 3000,
              },
            )
          : await raw(
              port,
              `OPTIONS ${target} HTTP/1.1\r\nHost: x\r\nOrigin: ${origin}\r\nAccess-Control-Request-Method: GET\r\nConnection: close\r\n\r\n`,
            );
      // Refused = no Access-Control-Allow-Origin/-Credentials (what a browser needs to hand over the data).
      // The issue also asks for no CORS headers at all for such origins: any other one is noted.
      const corsHeaders = Object.keys(response.headers).filter((name) => name.startsWith('access-control-'));
      const granting = corsHeaders.filter(
        (name) => name === 'access-control-allow-origin' || name === 'access-control-allow-credentials',
      );
      const entry = check(results, 'CORS', `${method} ${target.split('?')[0]} from ${origin}`, response, {
        refused: (r) => r.status !== undefined && granting.length === 0,
      });
      const others = corsHeaders.filter((name) => !granting.includes(name));
      if (others.length > 0) entry.detail = `no ACAO; still sent: ${others.join(', ')}`;
    }
  }
  const listed = allowed[1];
  const response = await get(port, '/api/component/gainers-table', { Origin: listed });
  check(results, 'CORS', `control: GET from listed ${listed} gets exactly that origin`, response, {
    refused: (r) =>
      r.status === 200 &&
      r.headers['access-control-allow-origin'] === listed &&
      /origin/i.test(r.headers.vary ?? ''),
  });
}

export async function pathTraversal({ port, results }) {
  for (const target of TRAVERSALS) {
    const response = await raw(port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    check(results, 'path traversal', target, response, {
      refused: (r) =>
        // A refusal, or (after normalisation by the server) the dashboard's own index, never a file outside it.
        (r.status >= 400 && r.status < 500 && isJsonError(r)) ||
        (r.status === 200 && /<!doctype html>/i.test(r.body) && target.startsWith('/index.html')),
    });
  }
  // Not a leak, but worth knowing: how much of a request path a 404 body reflects back.
  const long = await get(port, `/${'A'.repeat(8000)}`);
  check(results, 'reflection', '404 for an 8 KB path', long, {
    refused: refused4xx,
  }).detail = `404 body ${long.body.length} bytes (reflects the path: ${long.body.includes('A'.repeat(8000))})`;
  const index = await get(port, '/index.html');
  check(results, 'path traversal', 'control: /index.html is served', index, {
    refused: (r) => r.status === 200 && /<html/i.test(r.body),
  });
}
