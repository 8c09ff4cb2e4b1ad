// Faults during load, against two replicas sharing a Redis (REDIS_URL) and one simulated exchange started in
// this process (so its fault knobs are at hand). Usage: node bench/faults.mjs [streamsPerReplica=100]
//
// Load throughout: per replica 10 pinned pollers (4 req/s each over the four components and /api/health) and
// SSE clients in a separate process; 6 "load-balanced" pollers alternating between the replicas as a client
// behind a round-robin balancer would. Every client checks that `as_of` never decreases for it.
// Faults, in order: upstream WebSocket dropped; REST 5xx storm (30 s); Redis stopped for 20 s then started;
// the collector replica killed (SIGKILL). For each: seconds until the data was fresh again (see
// faults/freshness.mjs), error responses, and `as_of` decreases seen by any client.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '@cbmo4ers/server';
import { freePort } from '@cbmo4ers/testkit';
import { startFreshnessMonitor } from './faults/freshness.mjs';
import { startLoad } from './faults/load.mjs';
import { printReport } from './faults/report.mjs';
import { startServerProcess, startStreamPool } from './lib/processes.mjs';

const streamsPerReplica = Number(process.argv[2] ?? 100);

const simulator = await startSimulator({ port: 0, seed: 7 });
const redisPort = await freePort();
let redis = startRedis();
await sleep(500);
const env = {
  MARKET_SOURCE: 'coinbase',
  COINBASE_REST_URL: simulator.restUrl,
  COINBASE_WS_URL: simulator.wsUrl,
  // Everything stays on loopback: no real CoinGecko.
  COINGECKO_URL: 'off',
  REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  RATE_LIMIT_PER_MINUTE: '100000',
  LOG_LEVEL: 'info',
};
const replicas = [await startServerProcess(env, { timeoutMs: 120_000 })];
replicas.push(await startServerProcess(env, { timeoutMs: 120_000 }));
replicas.forEach((replica, index) => {
  replica.name = 'AB'[index];
  replica.alive = true;
});
const living = () => replicas.filter((replica) => replica.alive);

function startRedis() {
  return spawn(
    '/usr/bin/redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
}

const pools = [];
for (const [index, replica] of replicas.entries()) {
  const pool = startStreamPool();
  await pool.open(replica.url, streamsPerReplica, `127.${10 + index}`);
  pools.push(pool);
}
const load = startLoad(replicas, living);
const monitor = startFreshnessMonitor(living);

// ---- the faults --------------------------------------------------------------------------------------
const phases = [];
/**
 * Injects a fault (`inject` may return a note) and records how long until fresh again, counted from the end
 * of the fault (`recoverFrom` waits it out and says when it ended) or from its injection if instantaneous.
 */
async function phase(name, inject, { recoverFrom, limitMs = 90_000 } = {}) {
  const started = Date.now();
  const note = (await inject()) ?? '';
  const from = recoverFrom ? await recoverFrom() : started;
  const recovered = await monitor.waitFresh(from, limitMs);
  await sleep(5000);
  const entry = { name, started, from, ended: Date.now(), recovered, note };
  phases.push(entry);
  return entry;
}

await sleep(5000);
const baselineFresh = await monitor.waitFresh(Date.now() - 1, 60_000);
await sleep(10_000);
phases.push({
  name: 'baseline (no fault)',
  started: monitor.timeline[0].t,
  from: monitor.timeline[0].t,
  ended: Date.now(),
  recovered: 0,
  note: `fresh ${baselineFresh} s after load began`,
});

const dropped = await phase('upstream WebSocket dropped', () => {
  const before = simulator.stats.wsConnections;
  simulator.faults.dropWebSocket();
  return `feed connections before ${before}`;
});
dropped.note += `, after ${simulator.stats.wsConnections}`;

let stormNote;
const storm = await phase(
  'REST 5xx storm (30 s of 503 on every REST call)',
  () => {
    simulator.faults.rest.respond5xx(1_000_000, 503);
    // A feed drop at the start gives the candle repair real work (a gap to fill) during the storm.
    simulator.faults.dropWebSocket();
  },
  {
    recoverFrom: async () => {
      const before = simulator.stats.restRequests.length;
      await sleep(30_000);
      simulator.faults.rest.reset();
      const during = simulator.stats.restRequests.slice(before);
      stormNote = `${during.filter((r) => r.status >= 500).length} REST calls answered 5xx during the storm`;
      return Date.now();
    },
  },
);
storm.note = stormNote;

await phase('Redis stopped 20 s, then started', async () => {}, {
  recoverFrom: async () => {
    redis.kill('SIGTERM');
    await sleep(20_000);
    redis = startRedis();
    return Date.now();
  },
});

const collectorName = monitor.timeline.at(-1).states.find((state) => state.role === 'collector')?.name;
await phase(
  `collector (replica ${collectorName}) killed`,
  async () => {
    const victim = replicas.find((replica) => replica.name === collectorName);
    victim.alive = false;
    await victim.kill();
    return `replica ${collectorName} SIGKILLed`;
  },
  { limitMs: 60_000 },
);

await load.stop();
await monitor.stop();
const streamReports = [];
for (const pool of pools) {
  streamReports.push(await pool.report());
  await pool.close();
}
for (const replica of living()) await replica.stop();
redis.kill('SIGTERM');
await simulator.close();

printReport({
  streamsPerReplica,
  redisPort,
  phases,
  events: load.events,
  decreases: load.decreases,
  streamReports,
  timeline: monitor.timeline,
  replicas,
});
process.exit(0);
