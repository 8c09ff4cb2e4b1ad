// SSE fan-out: N stream clients on loopback; for each snapshot, the time from its computation (as_of) to the
// moment each client has received it. Usage: node bench/sse-fanout.mjs [clients=2000] [snapshots=20]
import { Agent, request } from 'node:http';
import { machine, startExchange, startTarget } from './lib.mjs';

const clientCount = Number(process.argv[2] ?? 2000);
const snapshotsToMeasure = Number(process.argv[3] ?? 20);
const exchange = await startExchange();
const server = await startTarget(['full'], exchange.env);
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
const latencies = [];
const perSnapshot = new Map();
let connected = 0;
let failed = 0;

function openClient() {
  return new Promise((resolve) => {
    const req = request(`${server.url}/api/stream?topics=gainers-table`, { agent }, (res) => {
      if (res.statusCode !== 200) {
        failed += 1;
        res.resume();
        resolve();
        return;
      }
      connected += 1;
      let buffer = '';
      let first = true;
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          if (!id) continue;
          if (first) {
            // The snapshot sent on connect is not a fan-out.
            first = false;
            continue;
          }
          const received = Date.now();
          const latency = received - Number(id);
          latencies.push(latency);
          perSnapshot.set(id, Math.max(perSnapshot.get(id) ?? 0, latency));
        }
      });
      resolve();
    });
    req.on('error', () => {
      failed += 1;
      resolve();
    });
    req.end();
  });
}

for (let index = 0; index < clientCount; index += 50) {
  await Promise.all(Array.from({ length: Math.min(50, clientCount - index) }, openClient));
}
const deadline = Date.now() + (snapshotsToMeasure + 5) * 1500;
while (perSnapshot.size < snapshotsToMeasure + 2 && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 250));
}
// Drop the newest two snapshots: they may not have reached every client yet.
const complete = [...perSnapshot.keys()].sort().slice(0, snapshotsToMeasure);
const lastClient = complete.map((id) => perSnapshot.get(id)).sort((a, b) => a - b);
const sorted = latencies.sort((a, b) => a - b);
const pct = (values, p) => values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
console.log(`machine: ${machine()}`);
console.log(`command: node bench/sse-fanout.mjs ${clientCount} ${snapshotsToMeasure}`);
console.log(`clients connected: ${connected}, failed: ${failed}, snapshots measured: ${complete.length}`);
console.log(
  `per-client delivery latency (as_of -> received): p50 ${pct(sorted, 50)} ms, p99 ${pct(sorted, 99)} ms`,
);
console.log(
  `snapshot -> last client: p50 ${pct(lastClient, 50)} ms, p99 ${pct(lastClient, 99)} ms, max ${lastClient.at(-1)} ms (target p99 < 250 ms)`,
);
agent.destroy();
await server.stop();
await exchange.stop();
process.exit(0);
