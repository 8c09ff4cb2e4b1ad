// Paused readers: SSE clients that never read, with distinct subscriptions (topics and limit), from many
// loopback addresses (so the per-client cap does not refuse them). Measures the server's RSS at start, at its
// peak while they are connected, and some time after they have all gone, and how many the server cut off.
// Usage: node bench/paused-readers.mjs [clients=1000] [holdSeconds=20] [afterSeconds=60] [same|distinct]
// Extra server settings come from the environment (e.g. STREAM_MAX_BUFFERED_BYTES=1099511627776 for no budget).
// Needs the built server (pnpm --filter @cbmo4ers/server build).
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { startServerProcess } from './lib/processes.mjs';

const [clients = 1000, holdSeconds = 20, afterSeconds = 60] = process.argv.slice(2, 5).map(Number);
const shape = process.argv[5] ?? 'distinct';
const TOPICS = ['gainers-table', 'losers-table', 'top-banner-scroll', 'bottom-banner-scroll', 'health'];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (kb) => Math.round(kb / 1024);

const server = await startServerProcess({
  METRICS_PORT: '0',
  SERVE_DASHBOARD: 'false',
  RATE_LIMIT_PER_MINUTE: '1000000',
  STREAM_MAX_TOTAL: String(Math.max(20_000, clients + 100)),
});
const { url, port } = server;
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))[1]);
const health = async () => (await fetch(`${url}/api/health`)).json();
await sleep(3000);
const rssStart = rss();

/** The n-th subscription: a topic subset and a limit, all different unless shape is `same`. */
const queryOf = (n) => {
  if (shape === 'same') return 'limit=100';
  const topics = TOPICS.filter((_, bit) => ((n % 31) + 1) & (1 << bit)).join(',');
  return `topics=${topics}&limit=${1 + (Math.floor(n / 31) % 100)}`;
};
const sockets = [];
const statuses = {};
for (let n = 0; n < clients; n += 1) {
  const socket = connect({
    port,
    host: '127.0.0.1',
    localAddress: `127.9.${Math.floor(n / 10) % 250}.${1 + (n % 10)}`,
  });
  socket.on('error', () => {});
  socket.once('data', (chunk) => {
    const status = chunk.toString('latin1').slice(9, 12);
    statuses[status] = (statuses[status] ?? 0) + 1;
    socket.pause();
  });
  socket.write(`GET /api/stream?${queryOf(n)} HTTP/1.1\r\nHost: bench\r\n\r\n`);
  sockets.push(socket);
  if (n % 100 === 99) await sleep(20);
}
let rssPeak = rss();
let connectedMin = Number.POSITIVE_INFINITY;
for (let second = 0; second < holdSeconds; second += 1) {
  await sleep(1000);
  rssPeak = Math.max(rssPeak, rss());
}
const connected = (await health()).stream?.clients ?? (await health()).streams?.clients;
connectedMin = Math.min(connectedMin, connected ?? Number.NaN);
for (const socket of sockets) socket.destroy();
await sleep(2000);
const rssLeft = rss();
let lowest = rssLeft;
for (let second = 0; second < afterSeconds; second += 1) {
  await sleep(1000);
  lowest = Math.min(lowest, rss());
}
const rssAfter = rss();
server.child.kill('SIGTERM');

console.log(`command: node bench/paused-readers.mjs ${clients} ${holdSeconds} ${afterSeconds} ${shape}`);
const budget = process.env.STREAM_MAX_BUFFERED_BYTES ?? 'default';
console.log(
  `STREAM_MAX_BUFFERED_BYTES=${budget} MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? 'unset'}`,
);
console.log(
  '| clients | subscriptions | answers | still connected after hold | RSS start MB | RSS peak MB | RSS 2 s after MB | RSS after MB | after / start |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
console.log(
  `| ${clients} | ${shape} | ${JSON.stringify(statuses)} | ${connectedMin} | ${mb(rssStart)} | ${mb(rssPeak)} | ${mb(rssLeft)} | ${mb(rssAfter)} (lowest ${mb(lowest)}) | ${(rssAfter / rssStart).toFixed(2)} |`,
);
