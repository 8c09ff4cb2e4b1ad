// Slow clients (slowloris, silent, slow body, idle keep-alive) started together, measured against bounds, while
// ordinary requests must still be answered quickly. Bounds from the server's settings in
// packages/server/src/http/harden.ts: headersTimeout 10 s, requestTimeout 30 s, keepAliveTimeout 5 s, socket
// timeout 60 s.
import { setTimeout as sleep } from 'node:timers/promises';
import { raw } from './raw-http.mjs';
import { leaks } from './verdicts.mjs';

const statuses = (list) => [...new Set(list.map((r) => r.status ?? '-'))].join('/');
const summary = (list) =>
  `closed by ${[...new Set(list.map((r) => r.closedBy))].join('/')} after ${Math.min(...list.map((r) => r.ms)) / 1000}-${Math.max(...list.map((r) => r.ms)) / 1000} s, status ${statuses(list)}`;

/** Runs every slow client at once; records one verdict per kind and resolves with the seconds it took. */
export async function slowClients({ port, results }) {
  const started = Date.now();
  const slowloris = Array.from({ length: 50 }, () =>
    raw(port, null, {
      waitMs: 75_000,
      chunks: [
        'GET /api/health HTTP/1.1\r\nHost: x\r\n',
        ...Array.from({ length: 40 }, (_, i) => `X-${i}: ${i}\r\n`),
      ],
      chunkDelayMs: 2000,
    }),
  );
  const silent = raw(port, null, { waitMs: 75_000, chunks: [] });
  const slowBody = raw(port, null, {
    waitMs: 75_000,
    chunks: [
      'POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n',
      ...Array.from({ length: 40 }, () => 'a'),
    ],
    chunkDelayMs: 2000,
  });
  const idleKeepAlive = raw(port, 'GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n', { waitMs: 75_000 });
  await sleep(3000);
  const during = await ordinaryRequests(port);
  const [slow, silentResult, slowBodyResult, idleResult] = await Promise.all([
    Promise.all(slowloris),
    silent,
    slowBody,
    idleKeepAlive,
  ]);
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
      status: statuses(list),
      ms: Math.max(...list.map((r) => r.ms)),
      ok: closed && leaked.length === 0,
      problems: closed ? leaked.join(' ') : `${summary(list)} (bound ${boundMs / 1000} s)`,
      detail: summary(list),
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
  return (Date.now() - started) / 1000;
}

/** Ten ordinary requests one after the other, with their status and time. */
async function ordinaryRequests(port) {
  const during = [];
  for (let i = 0; i < 10; i += 1) {
    const started = Date.now();
    const response = await fetch(`http://127.0.0.1:${port}/api/component/gainers-table`);
    await response.arrayBuffer();
    during.push({ status: response.status, ms: Date.now() - started });
  }
  return during;
}
