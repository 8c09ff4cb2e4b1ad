// Hostile input against the real server process: header injection, oversized headers and bodies, slow clients,
// CORS from unlisted origins, path traversal against the static files, other spellings of API paths against the
// rate limit (a second server with a limit of 5 a minute), the contract's edges (issue 13). Each case must be refused (or harmless),
// and nothing may leak: no stack trace, no file-system path, no file outside the dashboard in any response, and
// no stack, path or forged line in the server's own logs (stdout and stderr captured).
// The cases live in bench/hostile/; this file starts the server, runs them and prints the table.
// Usage: node bench/hostile.mjs
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@cbmo4ers/testkit';
import { cors, pathTraversal } from './hostile/access-cases.mjs';
import { contractGaps, sourceMaps, spellings, varyOrigin } from './hostile/contract-cases.mjs';
import { headerInjection, oversizedBodies, oversizedHeaders } from './hostile/input-cases.mjs';
import { slowClients } from './hostile/slow-clients.mjs';
import { machine } from './lib/measure.mjs';
import { startExchange, startServerProcess } from './lib/processes.mjs';

const ALLOWED = ['https://allowed.example', 'https://other.example'];
const SPELLING_LIMIT = 5;

/** Problems in the server's own log lines: anything not one JSON line, stacks, paths, errors, injected fields. */
function logProblems(logLines) {
  const problems = [];
  for (const { stream, line } of logLines) {
    if (stream === 'stderr' && /SIGTERM received, draining/.test(line)) continue;
    let parsed;
    try {
      parsed = JSON.parse(line);
    } catch {
      problems.push(`not one JSON line (forged or raw output) on ${stream}: ${line.slice(0, 160)}`);
      continue;
    }
    if (/\n\s+at |\/work\/|node_modules/.test(JSON.stringify(parsed)))
      problems.push(`stack or path: ${line.slice(0, 200)}`);
    if (parsed.level >= 50) problems.push(`error-level line: ${line.slice(0, 200)}`);
    const keys = Object.keys(parsed);
    if (keys.some((key) => /injected|set-cookie/i.test(key)))
      problems.push(`injected field: ${line.slice(0, 200)}`);
  }
  return problems;
}

function printReport({ results, slowElapsed, stillUp, logLines, problems }) {
  console.log(`machine: ${machine()}`);
  console.log(
    `command: node bench/hostile.mjs   (CORS_ALLOWED_ORIGINS=${ALLOWED.join(',')}; spellings against RATE_LIMIT_PER_MINUTE=${SPELLING_LIMIT} TRUST_PROXY=1 METRICS_PORT=main)`,
  );
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
    `server log lines captured: ${logLines.length} (stdout ${logLines.filter((l) => l.stream === 'stdout').length}, stderr ${logLines.filter((l) => l.stream === 'stderr').length}); problems: ${problems.length}${problems.length ? `\n  ${problems.slice(0, 10).join('\n  ')}` : ''}`,
  );
}

const exchange = await startExchange();
const metricsPort = await freePort();
const server = await startServerProcess({
  ...exchange.env,
  CORS_ALLOWED_ORIGINS: ALLOWED.join(','),
  RATE_LIMIT_PER_MINUTE: '100000',
  METRICS_PORT: String(metricsPort),
});
const context = { port: server.port, metricsPort, results: [], allowed: ALLOWED };
await headerInjection(context);
await oversizedHeaders(context);
await oversizedBodies(context);
await cors(context);
await pathTraversal(context);
await varyOrigin(context);
await contractGaps(context);
await sourceMaps(context);
// Spellings need a small limit and a client per case: a server of their own, /metrics on its main port.
const limited = await startServerProcess({
  ...exchange.env,
  RATE_LIMIT_PER_MINUTE: String(SPELLING_LIMIT),
  TRUST_PROXY: '1',
  METRICS_PORT: 'main',
});
await spellings({ port: limited.port, results: context.results, limit: SPELLING_LIMIT });
await limited.stop();
const slowElapsed = await slowClients(context);

// The server is still fine, then its logs.
const health = await fetch(`${server.url}/api/health/live`);
const stillUp = health.status === 200;
await sleep(500);
await server.stop();
await exchange.stop();
printReport({
  results: context.results,
  slowElapsed,
  stillUp,
  logLines: server.logs,
  problems: logProblems(server.logs),
});
process.exit(0);
