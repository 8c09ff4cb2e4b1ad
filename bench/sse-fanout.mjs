// SSE fan-out: N stream clients on loopback; for each snapshot, the time from its computation (as_of) to the
// moment each client has received it.
// Usage: node bench/sse-fanout.mjs [clients=2000] [snapshots=20] [client processes=1]
// With several client processes the clients are split between them (each parses its share of the streams), so
// the figure depends less on one load-generator process reading every socket; clocks agree (one machine).
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, machine, scrapeMetrics, startExchange, startTarget } from './lib.mjs';

const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
const latencies = [];
const perSnapshot = new Map();
let connected = 0;
let failed = 0;

if (process.argv[2] === '--clients') {
  // A client process: opens its share, then reports what it received when asked.
  const [url, count] = [process.argv[3], Number(process.argv[4])];
  for (let index = 0; index < count; index += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - index) }, () => openClient(url)));
  }
  process.send({ opened: connected, failed });
  process.on('message', () => {
    process.send({ latencies, perSnapshot: [...perSnapshot] });
    process.exit(0);
  });
} else {
  await main();
}

function openClient(url) {
  return new Promise((resolve) => {
    const req = request(`${url}/api/stream?topics=gainers-table`, { agent }, (res) => {
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

async function main() {
  const clientCount = Number(process.argv[2] ?? 2000);
  const snapshotsToMeasure = Number(process.argv[3] ?? 20);
  const processes = Number(process.argv[4] ?? 1);
  const exchange = await startExchange();
  const server = await startTarget(['full'], exchange.env);
  // The collector's tick duration (cbm_snapshot_compute_duration_seconds) includes publishing, i.e. the
  // synchronous write of the snapshot to every stream: measured for 8 s with no client first, then with them.
  const idleBefore = await computeStats(server);
  await new Promise((resolve) => setTimeout(resolve, 8000));
  const idleAfter = await computeStats(server);
  const children = [];
  if (processes <= 1) {
    for (let index = 0; index < clientCount; index += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, clientCount - index) }, () => openClient(server.url)),
      );
    }
  } else {
    const here = fileURLToPath(import.meta.url);
    for (let index = 0; index < processes; index += 1) {
      const share = Math.floor(clientCount / processes) + (index < clientCount % processes ? 1 : 0);
      const child = fork(here, ['--clients', server.url, String(share)]);
      const opened = await new Promise((resolve) => child.once('message', resolve));
      connected += opened.opened;
      failed += opened.failed;
      children.push(child);
    }
  }
  // Diagnostics: how much of the latency is the snapshot's own computation (as_of is taken before it), how busy
  // the server was, and how late this client process's own event loop ran (it parses every client's stream).
  const computeBefore = await computeStats(server);
  const cpuBefore = cpuSeconds(server.child.pid);
  const measureStarted = Date.now();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const deadline = Date.now() + (snapshotsToMeasure + 5) * 1500;
  const waitFor = processes <= 1 ? () => perSnapshot.size : () => (Date.now() - measureStarted) / 1000;
  while (waitFor() < snapshotsToMeasure + 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  loopDelay.disable();
  for (const child of children) {
    const report = await new Promise((resolve) => {
      child.once('message', resolve);
      child.send('report');
    });
    for (const latency of report.latencies) latencies.push(latency);
    for (const [id, latency] of report.perSnapshot)
      perSnapshot.set(id, Math.max(perSnapshot.get(id) ?? 0, latency));
  }
  const serverCpu = (cpuSeconds(server.child.pid) - cpuBefore) / ((Date.now() - measureStarted) / 1000);
  const computeAfter = await computeStats(server);
  // Drop the newest two snapshots: they may not have reached every client yet.
  const complete = [...perSnapshot.keys()].sort().slice(0, snapshotsToMeasure);
  const lastClient = complete.map((id) => perSnapshot.get(id)).sort((a, b) => a - b);
  const sorted = latencies.sort((a, b) => a - b);
  const pct = (values, p) => values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
  console.log(`machine: ${machine()}`);
  console.log(`command: node bench/sse-fanout.mjs ${clientCount} ${snapshotsToMeasure} ${processes}`);
  console.log(`clients connected: ${connected}, failed: ${failed}, snapshots measured: ${complete.length}`);
  console.log(
    `per-client delivery latency (as_of -> received): p50 ${pct(sorted, 50)} ms, p99 ${pct(sorted, 99)} ms`,
  );
  console.log(
    `snapshot -> last client: p50 ${pct(lastClient, 50)} ms, p99 ${pct(lastClient, 99)} ms, max ${lastClient.at(-1)} ms (target p99 < 250 ms)`,
  );
  console.log(
    `client processes: ${Math.max(1, processes)}; diagnostics: collector tick (compute + publish to every stream) mean ${((1000 * (idleAfter.sum - idleBefore.sum)) / (idleAfter.count - idleBefore.count)).toFixed(1)} ms with no client, with ${clientCount} clients ${((1000 * (computeAfter.sum - computeBefore.sum)) / (computeAfter.count - computeBefore.count)).toFixed(1)} ms (${computeAfter.le100 - computeBefore.le100} of ${computeAfter.count - computeBefore.count} within 100 ms); server CPU ${(100 * serverCpu).toFixed(0)} % of one core; client event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`,
  );
  agent.destroy();
  await server.stop();
  await exchange.stop();
  process.exit(0);
}

async function computeStats(server) {
  const metrics = await scrapeMetrics(server.url);
  return {
    sum: metrics.get('cbm_snapshot_compute_duration_seconds_sum') ?? 0,
    count: metrics.get('cbm_snapshot_compute_duration_seconds_count') ?? 0,
    le100: metrics.get('cbm_snapshot_compute_duration_seconds_bucket{le="0.1"}') ?? 0,
  };
}
