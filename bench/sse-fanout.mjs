// SSE fan-out: N stream clients on loopback; for each snapshot, the time from its computation (as_of) to the
// moment each client has received it.
// Usage: node bench/sse-fanout.mjs [clients=2000] [snapshots=20] [client processes=1]
// With several client processes the clients are split between them (each parses its share of the streams), so
// the figure depends less on one load-generator process reading every socket; clocks agree (one machine).
import { fork } from 'node:child_process';
import { Agent } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, machine, percentile, scrapeMetrics } from './lib/measure.mjs';
import { startExchange, startTarget } from './lib/processes.mjs';
import { openStream } from './lib/sse-client.mjs';

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

/** One stream client; every snapshot after the one sent on connect counts as a fan-out. */
async function openClient(url) {
  let first = true;
  const client = await openStream(url, {
    topics: 'gainers-table',
    agent,
    onEvent: (_topic, _block, _client, asOf) => {
      if (first) {
        // The snapshot sent on connect is not a fan-out.
        first = false;
        return;
      }
      const latency = Date.now() - asOf;
      latencies.push(latency);
      const id = String(asOf);
      perSnapshot.set(id, Math.max(perSnapshot.get(id) ?? 0, latency));
    },
  });
  if (client.status === 200) connected += 1;
  else failed += 1;
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
  console.log(`machine: ${machine()}`);
  console.log(`command: node bench/sse-fanout.mjs ${clientCount} ${snapshotsToMeasure} ${processes}`);
  console.log(`clients connected: ${connected}, failed: ${failed}, snapshots measured: ${complete.length}`);
  console.log(
    `per-client delivery latency (as_of -> received): p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms`,
  );
  console.log(
    `snapshot -> last client: p50 ${percentile(lastClient, 50)} ms, p99 ${percentile(lastClient, 99)} ms, max ${lastClient.at(-1)} ms (target p99 < 250 ms)`,
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
