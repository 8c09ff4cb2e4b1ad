// Hostile input against the real server process: header injection, oversized headers and bodies, slow clients,
// CORS from unlisted origins, path traversal against the static files. Each case must be refused (or harmless),
// and nothing may leak: no stack trace, no file-system path, no file outside the dashboard in any response, and
// no stack, path or forged line in the server's own logs (stdout and stderr captured).
// Usage: node bench/hostile.mjs
import net from 'node:net';
import { machine, sleep, startExchange, startServerProcess } from './lib.mjs';

const ALLOWED = ['https://allowed.example', 'https://other.example'];
const exchange = await startExchange();
const server = await startServerProcess({
  ...exchange.env,
  CORS_ALLOWED_ORIGINS: ALLOWED.join(','),
  RATE_LIMIT_PER_MINUTE: '100000',
});
const { port } = server;
const results = [];
// Things that must never appear in a response: stack frames, our paths, files from outside the dashboard.
const LEAKS = [
  /\n\s+at /,
  /\/work\//,
  /node_modules/,
  /packages\/server/,
  /root:x:0:0/,
  /"dependencies"/,
  /"devDependencies"/,
  /\[core\]/,
  /file:\/\//,
  /ENOENT|EISDIR|EACCES/,
];

/** Raw HTTP over a socket, so nothing (fetch, URL parsing) normalizes the request first. */
function raw(payload, { waitMs = 3000, chunks, chunkDelayMs = 0 } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    let firstByteMs;
    let errorCode;
    let done = false;
    const finish = (closedBy) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: data, ms: Date.now() - started, firstByteMs, closedBy, ...parse(data) });
    };
    const timer = setTimeout(() => finish('client timeout'), waitMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      firstByteMs ??= Date.now() - started;
      data += chunk;
    });
    socket.on('end', () => finish('server'));
    socket.on('close', () => finish(errorCode ? `server (${errorCode} on our side)` : 'server'));
    // A server that answers and closes while we are still sending gives EPIPE/ECONNRESET here: keep what was
    // read and report how it ended once the socket closes.
    socket.on('error', (error) => {
      errorCode = error.code;
    });
    socket.on('connect', async () => {
      if (!chunks) {
        socket.write(payload);
        return;
      }
      for (const chunk of chunks) {
        if (done) return;
        socket.write(chunk);
        await sleep(chunkDelayMs);
      }
    });
  });
}

function parse(text) {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return { status: undefined, headers: {}, body: text };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) };
}

const get = (target, headers = {}) =>
  raw(
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}Connection: close\r\n\r\n`,
  );

function leaks(response) {
  return LEAKS.filter((pattern) => pattern.test(response.text)).map(String);
}

function check(group, name, response, { refused, extra = [] }) {
  const leaked = leaks(response);
  const problems = [...extra];
  if (leaked.length > 0) problems.push(`leaked ${leaked.join(' ')}`);
  const ok = refused(response) && problems.length === 0;
  results.push({
    group,
    name,
    status: response.status ?? response.closedBy,
    ms: response.ms,
    ok,
    problems: ok
      ? ''
      : problems.join('; ') || `not refused: ${response.text.slice(0, 120).replace(/\r\n/g, ' ')}`,
  });
}

const isJsonError = (r) => {
  try {
    return typeof JSON.parse(r.body).error?.code === 'string';
  } catch {
    return false;
  }
};
const refused4xx = (r) => r.status >= 400 && r.status < 500 && isJsonError(r);
const noInjected = (r) =>
  Object.keys(r.headers).some((name) => name === 'set-cookie' || name === 'x-injected')
    ? ['injected header in the response']
    : [];

// ---- header injection ---------------------------------------------------------------------------------
for (const [name, target] of [
  ['CRLF (encoded) in query value', '/api/component/gainers-table?limit=1%0d%0aSet-Cookie:%20a=b'],
  ['CRLF (encoded) in query name', '/api/component/gainers-table?x%0d%0aX-Injected:%201=1'],
  ['CRLF (encoded) in path', '/api/component/gainers-table%0d%0aSet-Cookie:%20a=b'],
  ['CRLF (encoded) in stream topics', '/api/stream?topics=health%0d%0aX-Injected:%201'],
  ['CRLF (encoded) in unknown path', '/%0d%0aSet-Cookie:%20a=b'],
]) {
  const response = await get(target);
  check('header injection', name, response, { refused: refused4xx, extra: noInjected(response) });
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
  const response = await raw(payload);
  check('header injection', name, response, {
    refused: (r) => r.status === 400 && isJsonError(r) && r.text.split('HTTP/1.1 ').length === 2,
    extra: noInjected(response),
  });
}
{
  const response = await get('/api/health', { Origin: 'https://allowed.example%0d%0aX-Injected: 1' });
  check('header injection', 'CRLF (encoded) in Origin', response, {
    refused: (r) => r.status === 200 && r.headers['access-control-allow-origin'] === undefined,
    extra: noInjected(response),
  });
}

// ---- oversized input ----------------------------------------------------------------------------------
for (const [name, target, headers] of [
  ['20 KB header value', '/api/health', { 'X-Big': 'a'.repeat(20_000) }],
  ['20 KB URL', `/api/component/gainers-table?limit=${'1'.repeat(20_000)}`, {}],
  [
    '200 headers of 100 bytes',
    '/api/health',
    Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`X-H${i}`, 'v'.repeat(100)])),
  ],
]) {
  const response = await get(target, headers);
  check('oversized', name, response, { refused: (r) => r.status === 431 && isJsonError(r) });
}
{
  // Many small headers fit the byte limit; Node keeps the first 100 (maxHeadersCount). Must not fail.
  const response = await get(
    '/api/health/live',
    Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`X-${i}`, '1'])),
  );
  check('oversized', '500 one-byte headers (within the byte limit)', response, {
    refused: (r) => r.status === 200 || (r.status >= 400 && r.status < 500 && isJsonError(r)),
  });
}
{
  // An announced 50 MB body on a GET-only path: answered at once, not read into memory, and the connection
  // closed by the server right after the answer (not kept while Node drains or waits for the body).
  const response = await raw(
    `POST /api/component/gainers-table HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\n\r\n${'{'.repeat(65_536)}`,
    { waitMs: 5000 },
  );
  check('oversized', '50 MB body announced, 64 KB sent, on a GET path', response, {
    refused: (r) =>
      r.status === 405 &&
      isJsonError(r) &&
      r.firstByteMs < 2000 &&
      r.headers.connection === 'close' &&
      r.closedBy.startsWith('server') &&
      r.ms < 2000,
  });
  results.at(-1).detail =
    `answered after ${response.firstByteMs} ms; connection ${response.headers.connection ?? 'keep-alive'}, then closed by ${response.closedBy} at ${response.ms} ms`;
}
{
  const body = 'x'.repeat(2 * 1024 * 1024);
  const response = await raw(
    `POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    { waitMs: 8000 },
  );
  // Answered 405 at once; the server may close before the whole body is sent (EPIPE here): both refuse it.
  check('oversized', '2 MB body sent in full to /api/health', response, {
    refused: (r) =>
      ((r.status === 405 || r.status === 413) && isJsonError(r)) ||
      (r.status === undefined && /EPIPE|ECONNRESET/.test(r.closedBy)),
  });
  results.at(-1).detail = `closed by ${response.closedBy}`;
}
{
  const chunked = `PUT /api/stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${`10000\r\n${'y'.repeat(65_536)}\r\n`.repeat(16)}0\r\n\r\n`;
  const response = await raw(chunked, { waitMs: 8000 });
  check('oversized', '1 MB chunked body to /api/stream', response, {
    refused: (r) => r.status === 405 && isJsonError(r),
  });
}

// ---- CORS -------------------------------------------------------------------------------------------
for (const origin of [
  'https://evil.example',
  'https://allowed.example.evil.example',
  'https://evilallowed.example',
  'http://allowed.example',
  'https://ALLOWED.example',
  'https://allowed.example/',
  'null',
]) {
  for (const [method, target] of [
    ['GET', '/api/component/gainers-table'],
    ['OPTIONS', '/api/component/gainers-table'],
    ['GET', '/api/stream?topics=health'],
  ]) {
    const response =
      method === 'GET'
        ? await raw(`GET ${target} HTTP/1.1\r\nHost: x\r\nOrigin: ${origin}\r\nConnection: close\r\n\r\n`, {
            waitMs: target.includes('stream') ? 1500 : 3000,
          })
        : await raw(
            `OPTIONS ${target} HTTP/1.1\r\nHost: x\r\nOrigin: ${origin}\r\nAccess-Control-Request-Method: GET\r\nConnection: close\r\n\r\n`,
          );
    // Refused = no Access-Control-Allow-Origin/-Credentials (what a browser needs to hand over the data).
    // The issue also asks for no CORS headers at all for such origins: any other one is noted.
    const cors = Object.keys(response.headers).filter((name) => name.startsWith('access-control-'));
    const granting = cors.filter(
      (name) => name === 'access-control-allow-origin' || name === 'access-control-allow-credentials',
    );
    check('CORS', `${method} ${target.split('?')[0]} from ${origin}`, response, {
      refused: (r) => r.status !== undefined && granting.length === 0,
    });
    const others = cors.filter((name) => !granting.includes(name));
    if (others.length > 0) results.at(-1).detail = `no ACAO; still sent: ${others.join(', ')}`;
  }
}
{
  const response = await get('/api/component/gainers-table', { Origin: ALLOWED[1] });
  check('CORS', `control: GET from listed ${ALLOWED[1]} gets exactly that origin`, response, {
    refused: (r) =>
      r.status === 200 &&
      r.headers['access-control-allow-origin'] === ALLOWED[1] &&
      /origin/i.test(r.headers.vary ?? ''),
  });
}

// ---- path traversal against the static files ----------------------------------------------------------
for (const target of [
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
]) {
  const response = await raw(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  check('path traversal', target, response, {
    refused: (r) =>
      // A refusal, or (after normalisation by the server) the dashboard's own index, never a file outside it.
      (r.status >= 400 && r.status < 500 && isJsonError(r)) ||
      (r.status === 200 && /<!doctype html>/i.test(r.body) && target.startsWith('/index.html')),
  });
}
{
  // Not a leak, but worth knowing: how much of a request path a 404 body reflects back.
  const response = await get(`/${'A'.repeat(8000)}`);
  check('reflection', '404 for an 8 KB path', response, { refused: refused4xx });
  results.at(-1).detail =
    `404 body ${response.body.length} bytes (reflects the path: ${response.body.includes('A'.repeat(8000))})`;
}
{
  const response = await get('/index.html');
  check('path traversal', 'control: /index.html is served', response, {
    refused: (r) => r.status === 200 && /<html/i.test(r.body),
  });
}

// ---- slow clients --------------------------------------------------------------------------------
// Started together, measured with a bound: headersTimeout 10 s, requestTimeout 30 s, keepAliveTimeout 5 s,
// socket timeout 60 s are the server's settings (packages/server/src/http/harden.ts).
const slowStarted = Date.now();
const slowloris = Array.from({ length: 50 }, () =>
  raw(null, {
    waitMs: 75_000,
    chunks: [
      'GET /api/health HTTP/1.1\r\nHost: x\r\n',
      ...Array.from({ length: 40 }, (_, i) => `X-${i}: ${i}\r\n`),
    ],
    chunkDelayMs: 2000,
  }),
);
const silent = raw(null, { waitMs: 75_000, chunks: [] });
const slowBody = raw(null, {
  waitMs: 75_000,
  chunks: [
    'POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n',
    ...Array.from({ length: 40 }, () => 'a'),
  ],
  chunkDelayMs: 2000,
});
const idleKeepAlive = raw('GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n', { waitMs: 75_000 });
// While the slow clients hang on, ordinary requests must still be answered quickly.
await sleep(3000);
const during = [];
for (let i = 0; i < 10; i += 1) {
  const started = Date.now();
  const response = await fetch(`http://127.0.0.1:${port}/api/component/gainers-table`);
  await response.arrayBuffer();
  during.push({ status: response.status, ms: Date.now() - started });
}
const [slow, silentResult, slowBodyResult, idleResult] = await Promise.all([
  Promise.all(slowloris),
  silent,
  slowBody,
  idleKeepAlive,
]);
const slowSummary = (list) =>
  `closed by ${[...new Set(list.map((r) => r.closedBy))].join('/')} after ${Math.min(...list.map((r) => r.ms)) / 1000}-${Math.max(...list.map((r) => r.ms)) / 1000} s, status ${[...new Set(list.map((r) => r.status ?? '-'))].join('/')}`;
for (const [name, list, boundMs] of [
  ['50 slowloris clients (a header line every 2 s)', slow, 45_000],
  ['connection that never sends a byte', [silentResult], 75_000],
  ['slow body (a byte every 2 s, 1000 announced)', [slowBodyResult], 5_000],
  ['idle keep-alive connection after one request', [idleResult], 10_000],
]) {
  const closed = list.every((r) => r.closedBy.startsWith('server') && r.ms <= boundMs);
  const leaked = list.flatMap(leaks);
  results.push({
    group: 'slow clients',
    name,
    status: [...new Set(list.map((r) => r.status ?? '-'))].join('/'),
    ms: Math.max(...list.map((r) => r.ms)),
    ok: closed && leaked.length === 0,
    problems: closed ? leaked.join(' ') : `${slowSummary(list)} (bound ${boundMs / 1000} s)`,
    detail: slowSummary(list),
  });
}
results.push({
  group: 'slow clients',
  name: 'ordinary requests while slow clients hang on',
  status: [...new Set(during.map((d) => d.status))].join('/'),
  ms: Math.max(...during.map((d) => d.ms)),
  ok: during.every((d) => d.status === 200 && d.ms < 2000),
  problems: '',
  detail: `max ${Math.max(...during.map((d) => d.ms))} ms`,
});
const slowElapsed = (Date.now() - slowStarted) / 1000;

// ---- the server is still fine, then its logs --------------------------------------------------------
const health = await fetch(`http://127.0.0.1:${port}/api/health/live`);
const stillUp = health.status === 200;
await sleep(500);
await server.stop();
await exchange.stop();
const logLines = server.logs;
const logProblems = [];
for (const { stream, line } of logLines) {
  if (stream === 'stderr' && /SIGTERM received, draining/.test(line)) continue;
  let parsed;
  try {
    parsed = JSON.parse(line);
  } catch {
    logProblems.push(`not one JSON line (forged or raw output) on ${stream}: ${line.slice(0, 160)}`);
    continue;
  }
  if (/\n\s+at |\/work\/|node_modules/.test(JSON.stringify(parsed)))
    logProblems.push(`stack or path: ${line.slice(0, 200)}`);
  if (parsed.level >= 50) logProblems.push(`error-level line: ${line.slice(0, 200)}`);
  const keys = Object.keys(parsed);
  if (keys.some((key) => /injected|set-cookie/i.test(key)))
    logProblems.push(`injected field: ${line.slice(0, 200)}`);
}

console.log(`machine: ${machine()}`);
console.log(`command: node bench/hostile.mjs   (CORS_ALLOWED_ORIGINS=${ALLOWED.join(',')})`);
console.log('\n| group | case | status | ms | verdict | problem |');
console.log('|---|---|---|---|---|---|');
for (const r of results)
  console.log(
    `| ${r.group} | ${r.name.replace(/\|/g, '\\|')} | ${r.status} | ${r.ms} | ${r.ok ? 'refused/ok' : 'FAIL'} | ${(r.problems || r.detail || '').replace(/\|/g, '\\|')} |`,
  );
console.log(
  `\ncases: ${results.length}, failed: ${results.filter((r) => !r.ok).length}; slow-client part took ${slowElapsed.toFixed(0)} s; server still live afterwards: ${stillUp}`,
);
console.log(
  `server log lines captured: ${logLines.length} (stdout ${logLines.filter((l) => l.stream === 'stdout').length}, stderr ${logLines.filter((l) => l.stream === 'stderr').length}); problems: ${logProblems.length}${logProblems.length ? `\n  ${logProblems.slice(0, 10).join('\n  ')}` : ''}`,
);
process.exit(0);
