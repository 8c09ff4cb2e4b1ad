// Hostile input: header injection and oversized headers and bodies. Each case records its verdict in `results`.
import { get, raw } from './raw-http.mjs';
import { check, isJsonError, noInjected, refused4xx } from './verdicts.mjs';

export async function headerInjection({ port, results, allowed }) {
  for (const [name, target] of [
    ['CRLF (encoded) in query value', '/api/component/gainers-table?limit=1%0d%0aSet-Cookie:%20a=b'],
    ['CRLF (encoded) in query name', '/api/component/gainers-table?x%0d%0aX-Injected:%201=1'],
    ['CRLF (encoded) in path', '/api/component/gainers-table%0d%0aSet-Cookie:%20a=b'],
    ['CRLF (encoded) in stream topics', '/api/stream?topics=health%0d%0aX-Injected:%201'],
    ['CRLF (encoded) in unknown path', '/%0d%0aSet-Cookie:%20a=b'],
  ]) {
    const response = await get(port, target);
    check(results, 'header injection', name, response, { refused: refused4xx, extra: noInjected(response) });
  }
  for (const [name, payload] of [
    ['raw CR LF inside the request line', 'GET /api/health?a=1\r\nX-Injected: 1 HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['bare LF inside a header value', 'GET /api/health HTTP/1.1\r\nHost: x\r\nX-A: a\nX-Injected: 1\r\n\r\n'],
    ['NUL in a header value', 'GET /api/health HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n'],
    [
      'Content-Length plus chunked (smuggling)',
      'POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /api/health HTTP/1.1\r\nHost: x\r\n\r\n',
    ],
    [
      'two Content-Length headers',
      'POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
    ],
  ]) {
    const response = await raw(port, payload);
    check(results, 'header injection', name, response, {
      refused: (r) => r.status === 400 && isJsonError(r) && r.text.split('HTTP/1.1 ').length === 2,
      extra: noInjected(response),
    });
  }
  const response = await get(port, '/api/health', { Origin: `${allowed[0]}%0d%0aX-Injected: 1` });
  check(results, 'header injection', 'CRLF (encoded) in Origin', response, {
    refused: (r) => r.status === 200 && r.headers['access-control-allow-origin'] === undefined,
    extra: noInjected(response),
  });
}

export async function oversizedHeaders({ port, results }) {
  for (const [name, target, headers] of [
    ['20 KB header value', '/api/health', { 'X-Big': 'a'.repeat(20_000) }],
    ['20 KB URL', `/api/component/gainers-table?limit=${'1'.repeat(20_000)}`, {}],
    [
      '200 headers of 100 bytes',
      '/api/health',
      Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`X-H${i}`, 'v'.repeat(100)])),
    ],
  ]) {
    const response = await get(port, target, headers);
    check(results, 'oversized', name, response, { refused: (r) => r.status === 431 && isJsonError(r) });
  }
  // Many small headers fit the byte limit; Node keeps the first 100 (maxHeadersCount). Must not fail.
  const response = await get(
    port,
    '/api/health/live',
    Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`X-${i}`, '1'])),
  );
  check(results, 'oversized', '500 one-byte headers (within the byte limit)', response, {
    refused: (r) => r.status === 200 || (r.status >= 400 && r.status < 500 && isJsonError(r)),
  });
}

export async function oversizedBodies({ port, results }) {
  // An announced 50 MB body on a GET-only path: answered at once, not read into memory, and the connection
  // closed by the server right after the answer (not kept while Node drains or waits for the body).
  const announced = await raw(
    port,
    `POST /api/component/gainers-table HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\n\r\n${'{'.repeat(65_536)}`,
    { waitMs: 5000 },
  );
  check(results, 'oversized', '50 MB body announced, 64 KB sent, on a GET path', announced, {
    refused: (r) =>
      r.status === 405 &&
      isJsonError(r) &&
      r.firstByteMs < 2000 &&
      r.headers.connection === 'close' &&
      r.closedBy.startsWith('server') &&
      r.ms < 2000,
  }).detail = `answered after ${announced.firstByteMs} ms; connection ${announced.headers.connection ?? 'keep-alive'}, then closed by ${announced.closedBy} at ${announced.ms} ms`;

  const body = 'x'.repeat(2 * 1024 * 1024);
  const sent = await raw(
    port,
    `POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    { waitMs: 8000 },
  );
  // Answered 405 at once; the server may close before the whole body is sent (EPIPE here): both refuse it.
  check(results, 'oversized', '2 MB body sent in full to /api/health', sent, {
    refused: (r) =>
      ((r.status === 405 || r.status === 413) && isJsonError(r)) ||
      (r.status === undefined && /EPIPE|ECONNRESET/.test(r.closedBy)),
  }).detail = `closed by ${sent.closedBy}`;

  const chunked = `PUT /api/stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${`10000\r\n${'y'.repeat(65_536)}\r\n`.repeat(16)}0\r\n\r\n`;
  check(
    results,
    'oversized',
    '1 MB chunked body to /api/stream',
    await raw(port, chunked, { waitMs: 8000 }),
    {
      refused: (r) => r.status === 405 && isJsonError(r),
    },
  );
}
