// Soak: stream clients connecting and leaving for a while, plus light polling, against the real server
// process; samples its resident memory (cbm_process_resident_memory_bytes), heap, SSE clients, active handles
// and open file descriptors. Usage: node bench/soak.mjs [minutes=10] [streams=300] [churnPerSecond=20]
//
// Verdicts: resident memory over the last minute grows < 10 % against the minute after warm-up (2 minutes),
// and once every client has left, cbm_sse_clients is back to 0 and the process holds no more sockets, file
// descriptors or handles than before the first client came.
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fdCount, machine, scrapeMetrics, socketCount } from './lib/measure.mjs';
import { startExchange, startServerProcess } from './lib/processes.mjs';
import { openStream } from './lib/sse-client.mjs';

const minutes = Number(process.argv[2] ?? 10);
const streamTarget = Number(process.argv[3] ?? 300);
const churn = Number(process.argv[4] ?? 20);
const warmUpMs = Math.min(2, minutes / 5) * 60_000;
const TOPICS = ['gainers-table', 'losers-table', 'top-banner-scroll', 'bottom-banner-scroll', 'health'];
const PATHS = [
  '/api/component/gainers-table',
  '/api/component/losers-table?limit=30',
  '/api/component/top-banner-scroll',
  '/api/component/bottom-banner-scroll?limit=100',
  '/api/health',
];

const exchange = await startExchange();
const server = await startServerProcess({ ...exchange.env, RATE_LIMIT_PER_MINUTE: '100000' });
const pid = server.child.pid;

async function sample(label) {
  const metrics = await scrapeMetrics(server.url);
  const handles = [...metrics]
    .filter(([name]) => name.startsWith('cbm_nodejs_active_handles{'))
    .map(([name, value]) => `${/type="([^"]+)"/.exec(name)?.[1]}=${value}`)
    .join(' ');
  const resources = [...metrics]
    .filter(([name]) => name.startsWith('cbm_nodejs_active_resources{'))
    .map(([name, value]) => `${/type="([^"]+)"/.exec(name)?.[1]}=${value}`)
    .join(' ');
  return {
    label,
    t: Date.now(),
    rss: metrics.get('cbm_process_resident_memory_bytes'),
    heap: metrics.get('cbm_nodejs_heap_size_used_bytes'),
    sse: metrics.get('cbm_sse_clients'),
    handles: metrics.get('cbm_nodejs_active_handles_total'),
    resourcesTotal: metrics.get('cbm_nodejs_active_resources_total'),
    handlesByType: handles,
    resourcesByType: resources,
    fds: fdCount(pid),
    sockets: socketCount(pid),
  };
}

// Let the start-up backfill finish and settle before the baseline.
await sleep(5000);
const baseline = await sample('baseline (no clients)');
const started = Date.now();
const live = new Set();
let opened = 0;
let refused = 0;
let problems = 0;
let backwards = 0;
let polls = 0;
let pollErrors = 0;
let stopping = false;

async function openOne(n) {
  const topics = n % 3 === 0 ? undefined : TOPICS[n % TOPICS.length];
  const client = await openStream(server.url, { topics, localAddress: `127.0.3.${1 + (n % 250)}` });
  opened += 1;
  if (client.status !== 200) {
    refused += 1;
    return;
  }
  live.add(client);
}

function leave(client) {
  live.delete(client);
  if (client.errors.length > 0 || client.ended) problems += 1;
  backwards += client.backwards.length;
  // Half close their socket normally (FIN), half reset it (RST), as a killed browser or a dropped network does.
  const socket = client.request.socket;
  client.closing = true;
  if (Math.random() < 0.5 && socket) socket.resetAndDestroy();
  else client.close();
}

async function poller(index) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1, localAddress: `127.0.4.${1 + index}` });
  for (let n = index; !stopping; n += 1) {
    await new Promise((resolve) => {
      const req = request(`${server.url}${PATHS[n % PATHS.length]}`, { agent }, (res) => {
        polls += 1;
        if (res.statusCode !== 200) pollErrors += 1;
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', () => {
        pollErrors += 1;
        resolve();
      });
      req.end();
    });
    await sleep(250);
  }
  agent.destroy();
}

const pollers = Array.from({ length: 10 }, (_, index) => poller(index));
let n = 0;
while (live.size < streamTarget) await Promise.all(Array.from({ length: 50 }, () => openOne(n++)));
const samples = [];
let nextSample = Date.now();
while (Date.now() - started < minutes * 60_000) {
  const leaving = [...live].sort(() => Math.random() - 0.5).slice(0, churn);
  for (const client of leaving) leave(client);
  await Promise.all(Array.from({ length: streamTarget - live.size }, () => openOne(n++)));
  if (Date.now() >= nextSample) {
    samples.push(await sample(`${((Date.now() - started) / 60_000).toFixed(1)} min`));
    nextSample += 15_000;
  }
  await sleep(1000);
}
stopping = true;
await Promise.all(pollers);
for (const client of [...live]) leave(client);
await sleep(5000);
const end = await sample('end (all clients gone)');

const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
const afterWarmUp = samples.filter((s) => s.t - started >= warmUpMs && s.t - started < warmUpMs + 60_000);
const lastMinute = samples.filter((s) => s.t - started >= minutes * 60_000 - 60_000);
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const rssWarm = mean(afterWarmUp.map((s) => s.rss));
const rssLast = mean(lastMinute.map((s) => s.rss));
const growth = (rssLast / rssWarm - 1) * 100;
await server.stop();
await exchange.stop();

console.log(`machine: ${machine()}`);
console.log(`command: node bench/soak.mjs ${minutes} ${streamTarget} ${churn}`);
console.log(
  `load: ${streamTarget} streams kept open, ${churn} leaving (half with FIN, half with RST) and as many joining every second; 10 pollers at 4 req/s`,
);
console.log(
  '\n| sample | RSS MiB | heap MiB | SSE clients | fds | sockets | active handles | active resources |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const s of [
  baseline,
  ...samples.filter((_, index) => index % 4 === 0 || index === samples.length - 1),
  end,
])
  console.log(
    `| ${s.label} | ${mib(s.rss)} | ${mib(s.heap)} | ${s.sse} | ${s.fds} | ${s.sockets} | ${s.handles} | ${s.resourcesTotal} |`,
  );
console.log(`\nbaseline handles: ${baseline.handlesByType}; resources: ${baseline.resourcesByType}`);
console.log(`end handles: ${end.handlesByType}; resources: ${end.resourcesByType}`);
console.log(
  `streams opened: ${opened}, refused: ${refused}, with an error or early end: ${problems}, as_of going backwards: ${backwards}; polls: ${polls}, non-200: ${pollErrors}`,
);
const rssOk = growth < 10;
const leakOk =
  end.sse === 0 &&
  end.sockets <= baseline.sockets &&
  end.fds <= baseline.fds &&
  end.handles <= baseline.handles &&
  end.resourcesTotal <= baseline.resourcesTotal;
console.log(
  `RSS after warm-up (minute ${warmUpMs / 60_000}-${warmUpMs / 60_000 + 1}, mean) ${mib(rssWarm)} MiB -> last minute (mean) ${mib(rssLast)} MiB: ${growth.toFixed(1)} % (target < 10 %: ${rssOk ? 'PASS' : 'FAIL'})`,
);
console.log(
  `leaks: SSE clients ${baseline.sse} -> ${end.sse}, sockets ${baseline.sockets} -> ${end.sockets}, fds ${baseline.fds} -> ${end.fds}, handles ${baseline.handles} -> ${end.handles}, resources ${baseline.resourcesTotal} -> ${end.resourcesTotal} (${leakOk ? 'PASS' : 'FAIL'})`,
);
process.exit(0);
