// Mixed load on every endpoint plus SSE clients, against the real server process (rate limit at its default).
// Usage: node bench/mixed-load.mjs [seconds=60] [sseClients=1000]
//
// Clients come from distinct loopback addresses (127.0.x.y all route to the server on 127.0.0.1), so the
// per-IP rate limit works as in production:
// - greedy: 4 addresses x 4 keep-alive connections in a closed loop over every endpoint; past 600 requests a
//   minute they must get 429 on the rate-limited paths (designed), never on health or /metrics (exempt);
// - polite: 40 addresses polling every endpoint at 8 requests a second each (480 a minute, under the limit,
//   with If-None-Match like a browser): they must never see a 429;
// - streams: the SSE clients (in a separate process, bench/stream-clients.mjs), 10 per address, a quarter on every topic, the rest on one topic each; each must
//   stay connected and see `as_of` never decrease.
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuSeconds, machine, percentile, scrapeMetrics } from './lib/measure.mjs';
import { startExchange, startServerProcess, startStreamPool } from './lib/processes.mjs';

const seconds = Number(process.argv[2] ?? 60);
const sseCount = Number(process.argv[3] ?? 1000);
const RATE_LIMITED = (path) => path.startsWith('/api/') && !path.startsWith('/api/health');
const PATHS = [
  '/api/component/gainers-table',
  '/api/component/gainers-table?limit=5',
  '/api/component/losers-table?limit=15',
  '/api/component/top-banner-scroll?limit=50',
  '/api/component/bottom-banner-scroll?limit=100',
  '/api/health',
  '/api/health/live',
  '/api/health/ready',
  '/metrics',
];

const exchange = await startExchange();
const server = await startServerProcess({ ...exchange.env, RATE_LIMIT_PER_MINUTE: '600' });
const stats = new Map();
const unexpected = [];
let stopping = false;

function record(kind, path, status, ms) {
  const key = `${kind} ${path.split('?')[0]}`;
  let entry = stats.get(key);
  if (!entry) {
    entry = { statuses: {}, latencies: [], latenciesServed: [] };
    stats.set(key, entry);
  }
  entry.statuses[status] = (entry.statuses[status] ?? 0) + 1;
  entry.latencies.push(ms);
  if (status !== 429) entry.latenciesServed.push(ms);
}

function get(agent, path, headers) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(`${server.url}${path}`, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () =>
        resolve({ status: res.statusCode, etag: res.headers.etag, ms: performance.now() - started }),
      );
      res.on('error', (error) => resolve({ status: `error ${error.code}`, ms: performance.now() - started }));
    });
    req.on('error', (error) => resolve({ status: `error ${error.code}`, ms: performance.now() - started }));
    req.end();
  });
}

function check(kind, path, status) {
  const designed =
    status === 200 || status === 304 || (status === 429 && kind === 'greedy' && RATE_LIMITED(path));
  if (!designed && unexpected.length < 50) unexpected.push({ kind, path, status });
  return designed;
}

async function greedyConnection(address, offset) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1, localAddress: address });
  for (let index = offset; !stopping; index += 1) {
    const path = PATHS[index % PATHS.length];
    const { status, ms } = await get(agent, path, {});
    record('greedy', path, status, ms);
    check('greedy', path, status);
  }
  agent.destroy();
}

async function politeClient(address, offset) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1, localAddress: address });
  const etags = new Map();
  let next = performance.now() + Math.random() * 125;
  for (let index = offset; !stopping; index += 1) {
    await sleep(Math.max(0, next - performance.now()));
    next += 125;
    const path = PATHS[index % PATHS.length];
    const etag = etags.get(path);
    const { status, ms, etag: received } = await get(agent, path, etag ? { 'if-none-match': etag } : {});
    if (received) etags.set(path, received);
    record('polite', path, status, ms);
    check('polite', path, status);
  }
  agent.destroy();
}

// Streams first (in their own process), in batches, as the page loads of many viewers would.
const pool = startStreamPool();
const { statuses: streamStatuses } = await pool.open(server.url, sseCount, '127.1');
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

const cpuBefore = cpuSeconds(server.child.pid);
const before = await scrapeMetrics(server.url);
const started = Date.now();
const loops = [];
for (let ip = 0; ip < 4; ip += 1)
  for (let c = 0; c < 4; c += 1) loops.push(greedyConnection(`127.0.0.${10 + ip}`, ip * 4 + c));
for (let ip = 0; ip < 40; ip += 1) loops.push(politeClient(`127.0.1.${1 + ip}`, ip));
let maxRss = 0;
while (Date.now() - started < seconds * 1000) {
  await sleep(1000);
  const metrics = await scrapeMetrics(server.url).catch(() => undefined);
  maxRss = Math.max(maxRss, metrics?.get('cbm_process_resident_memory_bytes') ?? 0);
}
stopping = true;
await Promise.all(loops);
const elapsed = (Date.now() - started) / 1000;
const cpu = cpuSeconds(server.child.pid) - cpuBefore;
const after = await scrapeMetrics(server.url);
loopDelay.disable();
const streams = await pool.report();
await pool.close();
await server.stop();
await exchange.stop();

const counted = (prefix) =>
  [...after].filter(([name]) => name.startsWith(prefix)).reduce((sum, [, value]) => sum + value, 0) -
  [...before].filter(([name]) => name.startsWith(prefix)).reduce((sum, [, value]) => sum + value, 0);
// 5xx during the measured window only (readiness answers 503 while the server loads, by design).
const fiveXx = (metrics) =>
  [...metrics].filter(
    ([name]) => name.startsWith('cbm_http_request_duration_seconds_count') && /status="5/.test(name),
  );
const server5xx =
  fiveXx(after).reduce((sum, [, value]) => sum + value, 0) -
  fiveXx(before).reduce((sum, [, value]) => sum + value, 0);
const errorLogs = server.logs.filter(
  (entry) =>
    /"level":(50|60)/.test(entry.line) ||
    (entry.stream === 'stderr' && !/SIGTERM received, draining/.test(entry.line)),
);

let total = 0;
let served = 0;
const all = [];
const allServed = [];
console.log(`machine: ${machine()}`);
console.log(`command: node bench/mixed-load.mjs ${seconds} ${sseCount}`);
console.log(
  `load: 16 greedy connections (4 addresses), 40 polite clients at 8 req/s (40 addresses), ${sseCount} SSE clients (10 per address); RATE_LIMIT_PER_MINUTE=600`,
);
console.log('\n| client / endpoint | requests | statuses | p50 ms | p99 ms | p99 ms (non-429) |');
console.log('|---|---|---|---|---|---|');
for (const [key, entry] of [...stats].sort()) {
  const sorted = entry.latencies.sort((a, b) => a - b);
  const sortedServed = entry.latenciesServed.sort((a, b) => a - b);
  total += sorted.length;
  served += sortedServed.length;
  all.push(...sorted);
  allServed.push(...sortedServed);
  console.log(
    `| ${key} | ${sorted.length} | ${Object.entries(entry.statuses)
      .map(([status, count]) => `${status}: ${count}`)
      .join(
        ', ',
      )} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${percentile(sortedServed, 99).toFixed(1)} |`,
  );
}
all.sort((a, b) => a - b);
allServed.sort((a, b) => a - b);
console.log(
  `\nrequests: ${total} in ${elapsed.toFixed(1)} s (${(total / elapsed).toFixed(0)} req/s), ${served} served (200/304), rate-limited (cbm_rate_limited_total delta): ${counted('cbm_rate_limited_total')}`,
);
console.log(
  `latency all requests: p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms, max ${all.at(-1).toFixed(1)} ms; served (non-429): p99 ${percentile(allServed, 99).toFixed(1)} ms`,
);
console.log(
  `streams: opened ${JSON.stringify(streamStatuses)}; events per client min ${streams.eventsMin}, median ${streams.eventsMedian}, max ${streams.eventsMax}; delivery as_of -> received p50 ${streams.deliveryP50} ms, p99 ${streams.deliveryP99} ms; clients with a problem (error, early end, as_of backwards): ${streams.problems}`,
);
console.log(
  `load generator event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms; stream-client process p99 ${streams.loopDelayP99Ms.toFixed(0)} ms (high values mean the clients, not the server, added latency)`,
);
if (fiveXx(after).length > 0) console.log(`5xx series (whole run): ${JSON.stringify(fiveXx(after))}`);
console.log(
  `server: CPU ${cpu.toFixed(1)} s over ${elapsed.toFixed(1)} s (${((100 * cpu) / elapsed).toFixed(0)} % of one core), peak RSS ${(maxRss / 2 ** 20).toFixed(0)} MiB, 5xx recorded in its metrics: ${server5xx}, error/fatal or stderr log lines: ${errorLogs.length}`,
);
console.log(
  `unexpected responses: ${unexpected.length === 0 ? 'none' : JSON.stringify(unexpected.slice(0, 10))}`,
);
if (streams.problems > 0) console.log(`stream problems (first 5): ${JSON.stringify(streams.problemSamples)}`);
if (errorLogs.length > 0) console.log(`error log lines (first 5): ${JSON.stringify(errorLogs.slice(0, 5))}`);
const verdict = unexpected.length === 0 && streams.problems === 0 && server5xx === 0;
console.log(
  `verdict: ${verdict ? 'PASS' : 'FAIL'} (no errors other than designed 429s, every stream intact)`,
);
process.exit(0);
