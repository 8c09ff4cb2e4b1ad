// SIGTERM under load: busy keep-alive clients and silent or half-sent sockets, then SIGTERM. Counts requests that
// failed on a connection the server had accepted (reset, hang-up) apart from new connections refused once it
// stopped listening (expected), and the time from SIGTERM to exit.
// Usage: node bench/sigterm-load.mjs [busyConnections=40] [silentSockets=100] [loadSeconds=5]
// Needs the built server (pnpm --filter @cbmo4ers/server build).
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { startServerProcess } from './lib/processes.mjs';

const [busy = 40, silent = 100, loadSeconds = 5] = process.argv.slice(2).map(Number);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// METRICS_PORT=0: the metrics listener on a free port, out of the way of the one measured.
const server = await startServerProcess({
  METRICS_PORT: '0',
  SERVE_DASHBOARD: 'false',
  RATE_LIMIT_PER_MINUTE: '1000000',
});
const { url, port } = server;
const exited = server.exit.then(({ code }) => ({ code, at: Date.now() }));

const counts = { ok: 0, non2xx: 0, failed: 0, refused: 0, closeHeaders: 0 };
const failures = {};
const agent = new Agent({ keepAlive: true, maxSockets: busy });
let stopped = false;
const once = () =>
  new Promise((resolve) => {
    const req = request(`${url}/api/component/gainers-table`, { agent }, (res) => {
      if (res.headers.connection === 'close') counts.closeHeaders += 1;
      res.resume();
      res.on('end', () => {
        counts[res.statusCode === 200 ? 'ok' : 'non2xx'] += 1;
        resolve(true);
      });
    });
    req.on('error', (error) => {
      if (error.code === 'ECONNREFUSED') counts.refused += 1;
      else {
        counts.failed += 1;
        failures[error.code ?? error.message] = (failures[error.code ?? error.message] ?? 0) + 1;
      }
      resolve(false);
    });
    req.end();
  });
const worker = async () => {
  while (!stopped && (await once()));
};
const workers = Array.from({ length: busy }, worker);
const sockets = Array.from({ length: silent }, (_, n) => {
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => {});
  if (n % 2 === 1) socket.write('GET /api/health HTTP/1.1\r\nHo');
  return socket;
});
await sleep(loadSeconds * 1000);
const signalledAt = Date.now();
server.child.kill('SIGTERM');
const { code, at } = await exited;
stopped = true;
await Promise.all(workers);
for (const socket of sockets) socket.destroy();
agent.destroy();

console.log(`command: node bench/sigterm-load.mjs ${busy} ${silent} ${loadSeconds}`);
console.log(
  '| busy conns | silent/half-sent sockets | answered 200 | other status | failed on open conns | refused after close | Connection: close seen | exit code | SIGTERM -> exit ms |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
console.log(
  `| ${busy} | ${silent} | ${counts.ok} | ${counts.non2xx} | ${counts.failed} ${JSON.stringify(failures)} | ${counts.refused} | ${counts.closeHeaders} | ${code} | ${at - signalledAt} |`,
);
