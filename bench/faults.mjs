// Faults during load, against two replicas sharing a Redis (REDIS_URL) and one simulated exchange started in
// this process (so its fault knobs are at hand). Usage: node bench/faults.mjs [streamsPerReplica=100]
//
// Load throughout: per replica 10 pinned pollers (4 req/s each over the four components and /api/health) and
// SSE clients in a separate process; 6 "load-balanced" pollers alternating between the replicas as a client
// behind a round-robin balancer would. Every client checks that `as_of` never decreases for it.
// Faults, in order: upstream WebSocket dropped; REST 5xx storm (30 s); Redis stopped for 20 s then started;
// the collector replica killed (SIGKILL). For each: seconds until the data was fresh again, error responses,
// and `as_of` decreases seen by any client.
//
// "Fresh" means: some live replica is the collector with its feed up (last message < 2 s ago) and its REST
// breaker closed, and every live replica serves a snapshot with as_of < 2.5 s old and stale: false.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { startSimulator } from '@cbmo4ers/server';
import { freePort, machine, sleep, startServerProcess, startStreamPool } from './lib.mjs';

const streamsPerReplica = Number(process.argv[2] ?? 100);
const PATHS = [
  '/api/component/gainers-table',
  '/api/component/losers-table',
  '/api/component/top-banner-scroll',
  '/api/component/bottom-banner-scroll?limit=50',
  '/api/health',
];

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

function startRedis() {
  const child = spawn(
    '/usr/bin/redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  return child;
}

// ---- load with per-client as_of tracking --------------------------------------------------------------
const events = []; // { t, client, replica, status, asOf, stale, path }
const decreases = [];
let stopping = false;

function get(agent, url) {
  return new Promise((resolve) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', (error) => resolve({ status: `error ${error.code}` }));
    });
    req.on('error', (error) => resolve({ status: `error ${error.code}` }));
    req.end();
  });
}

async function poller(name, pickReplica, offset) {
  const agents = new Map();
  let lastAsOf = 0;
  for (let n = offset; !stopping; n += 1) {
    const replica = pickReplica(n);
    if (!replica) {
      await sleep(250);
      continue;
    }
    if (!agents.has(replica)) agents.set(replica, new Agent({ keepAlive: true, maxSockets: 1 }));
    const path = PATHS[n % PATHS.length];
    const { status, body } = await get(agents.get(replica), `${replica.url}${path}`);
    const entry = { t: Date.now(), client: name, replica: replica.name, status, path, alive: replica.alive };
    if (status === 200 && path.startsWith('/api/component')) {
      const parsed = JSON.parse(body);
      entry.asOf = parsed.as_of;
      entry.stale = parsed.stale;
      if (parsed.as_of < lastAsOf)
        decreases.push({ client: name, from: lastAsOf, to: parsed.as_of, t: entry.t });
      lastAsOf = Math.max(lastAsOf, parsed.as_of);
    }
    events.push(entry);
    await sleep(250);
  }
  for (const agent of agents.values()) agent.destroy();
}

const pools = [];
for (const [index, replica] of replicas.entries()) {
  const pool = startStreamPool();
  await pool.open(replica.url, streamsPerReplica, `127.${10 + index}`);
  pools.push(pool);
}
const loops = [];
for (const replica of replicas)
  for (let n = 0; n < 10; n += 1) loops.push(poller(`pinned-${replica.name}${n}`, () => replica, n));
const living = () => replicas.filter((replica) => replica.alive);
for (let n = 0; n < 6; n += 1)
  loops.push(
    poller(
      `balanced-${n}`,
      (k) => {
        const candidates = living();
        return candidates[k % candidates.length];
      },
      n,
    ),
  );

// ---- freshness monitor ----------------------------------------------------------------------------------
const timeline = []; // { t, fresh, detail }
async function probe() {
  const now = Date.now();
  const states = await Promise.all(
    living().map(async (replica) => {
      const [table, health] = await Promise.all([
        get(false, `${replica.url}/api/component/gainers-table?limit=1`),
        get(false, `${replica.url}/api/health`),
      ]);
      const t = table.status === 200 ? JSON.parse(table.body) : undefined;
      const h = health.status === 200 || health.status === 503 ? JSON.parse(health.body) : undefined;
      return {
        name: replica.name,
        ageMs: t ? now - t.as_of : undefined,
        stale: t?.stale,
        role: h?.cluster?.role,
        redis: h?.cluster?.redis,
        ws: h?.upstreams?.coinbase_ws,
        rest: h?.upstreams?.coinbase_rest?.breaker,
        status: h?.status,
      };
    }),
  );
  const collector = states.find((state) => state.role === 'collector');
  const fresh =
    collector !== undefined &&
    collector.ws?.state === 'up' &&
    collector.ws.last_message_age_seconds < 2 &&
    collector.rest === 'closed' &&
    states.every((state) => state.ageMs !== undefined && state.ageMs < 2500 && state.stale === false);
  timeline.push({ t: now, fresh, states });
  return fresh;
}
const monitor = (async () => {
  while (!stopping) {
    await probe().catch(() => undefined);
    await sleep(250);
  }
})();

async function waitFresh(since, limitMs) {
  while (Date.now() - since < limitMs) {
    const last = timeline.at(-1);
    if (last && last.t > since && last.fresh) return (last.t - since) / 1000;
    await sleep(100);
  }
  return Number.NaN;
}

// ---- the faults --------------------------------------------------------------------------------------
const phases = [];
async function phase(name, inject, { recoverFrom, limitMs = 90_000 } = {}) {
  const started = Date.now();
  const note = (await inject()) ?? '';
  const from = recoverFrom ? await recoverFrom() : started;
  // Seconds until fresh, counted from the end of the fault (or its injection for instantaneous ones).
  const recovered = await waitFresh(from, limitMs);
  await sleep(5000);
  phases.push({ name, started, from, ended: Date.now(), recovered, note });
}

await sleep(5000);
const baselineFresh = await waitFresh(Date.now() - 1, 60_000);
await sleep(10_000);
phases.push({
  name: 'baseline (no fault)',
  started: timeline[0].t,
  from: timeline[0].t,
  ended: Date.now(),
  recovered: 0,
  note: `fresh ${baselineFresh} s after load began`,
});

await phase('upstream WebSocket dropped', () => {
  const before = simulator.stats.wsConnections;
  simulator.faults.dropWebSocket();
  return `feed connections before ${before}`;
});
phases.at(-1).note += `, after ${simulator.stats.wsConnections}`;

await phase(
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
      phases.storm = `${during.filter((r) => r.status >= 500).length} REST calls answered 5xx during the storm`;
      return Date.now();
    },
  },
);
phases.at(-1).note = phases.storm;

await phase('Redis stopped 20 s, then started', async () => {}, {
  recoverFrom: async () => {
    redis.kill('SIGTERM');
    await sleep(20_000);
    redis = startRedis();
    return Date.now();
  },
});

const collectorName = timeline.at(-1).states.find((state) => state.role === 'collector')?.name;
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

stopping = true;
await Promise.all(loops);
await monitor;
const streamReports = [];
for (const pool of pools) {
  streamReports.push(await pool.report());
  await pool.close();
}
for (const replica of living()) await replica.stop();
redis.kill('SIGTERM');
await simulator.close();

// ---- report ---------------------------------------------------------------------------------------------
const isError = (entry) => entry.status !== 200 && entry.status !== 304;
console.log(`machine: ${machine()}`);
console.log(`command: node bench/faults.mjs ${streamsPerReplica}`);
console.log(
  `setup: 2 replicas (REDIS_URL, redis-server on 127.0.0.1:${redisPort}), simulator in-process; per replica 10 pinned pollers + ${streamsPerReplica} SSE clients; 6 balanced pollers alternating replicas`,
);
console.log(
  '\n| fault | fresh again after (s) | requests | error responses (live replicas) | errors from the killed replica | as_of decreases | stale responses | note |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const p of phases) {
  const inPhase = events.filter((entry) => entry.t >= p.started && entry.t < p.ended);
  const errors = inPhase.filter((entry) => isError(entry) && entry.alive);
  const deadErrors = inPhase.filter((entry) => isError(entry) && !entry.alive);
  const down = decreases.filter((d) => d.t >= p.started && d.t < p.ended);
  const stale = inPhase.filter((entry) => entry.stale === true).length;
  console.log(
    `| ${p.name} | ${Number.isNaN(p.recovered) ? 'not within limit' : p.recovered.toFixed(1)} | ${inPhase.length} | ${errors.length}${errors.length ? ` (${[...new Set(errors.map((e) => `${e.replica} ${e.path} ${e.status}`))].slice(0, 3).join('; ')})` : ''} | ${deadErrors.length} | ${down.length} | ${stale} | ${p.note} |`,
  );
}
const pinnedDown = decreases.filter((d) => d.client.startsWith('pinned'));
const balancedDown = decreases.filter((d) => d.client.startsWith('balanced'));
console.log(
  `\nas_of decreases: pinned pollers (one replica each) ${pinnedDown.length}; balanced pollers (alternating replicas) ${balancedDown.length}, largest step back ${Math.max(0, ...balancedDown.map((d) => d.from - d.to))} ms`,
);
console.log(
  `\nas_of decreases (pollers): ${decreases.length}${decreases.length ? ` e.g. ${JSON.stringify(decreases.slice(0, 5))}` : ''}`,
);
for (const [index, report] of streamReports.entries())
  console.log(
    `SSE clients of replica ${'AB'[index]}: ${report.clients}, events min/median ${report.eventsMin}/${report.eventsMedian}, as_of decreases ${report.backwards}, clients with an error or early end ${report.problems}${report.problems ? ` e.g. ${JSON.stringify(report.problemSamples.slice(0, 2))}` : ''}`,
  );
// Condensed timeline around each fault: role, age and stale per replica, once a second.
console.log('\ntimeline (1 line per 2 s: replica role/age s/stale/ws state/breaker/redis):');
let lastPrinted = 0;
for (const point of timeline) {
  if (point.t - lastPrinted < 2000) continue;
  lastPrinted = point.t;
  const phase = phases.findLast((p) => p.started <= point.t)?.name ?? 'start';
  console.log(
    `  +${((point.t - timeline[0].t) / 1000).toFixed(0)}s ${point.fresh ? 'FRESH' : 'not fresh'} [${phase}] ${point.states.map((s) => `${s.name}:${s.role}/${s.ageMs === undefined ? '-' : (s.ageMs / 1000).toFixed(1)}/${s.stale ? 'stale' : 'ok'}/${s.ws?.state ?? '-'}/${s.rest ?? '-'}/${s.redis ?? '-'}`).join(' ')}`,
  );
}
const logProblems = replicas.flatMap((replica) =>
  replica.logs
    .filter((entry) => /"level":(50|60)/.test(entry.line))
    .map((entry) => `${replica.name}: ${entry.line.slice(0, 300)}`),
);
console.log(
  `\nerror/fatal log lines: ${logProblems.length}${logProblems.length ? `\n  ${logProblems.slice(0, 8).join('\n  ')}` : ''}`,
);
const warnLines = replicas.flatMap((replica) =>
  replica.logs
    .filter((entry) => /"level":40/.test(entry.line))
    .map((entry) => `${replica.name}: ${JSON.parse(entry.line).msg}`),
);
const warnCounts = {};
for (const line of warnLines) warnCounts[line] = (warnCounts[line] ?? 0) + 1;
console.log(`warn log lines by message: ${JSON.stringify(warnCounts)}`);
process.exit(0);
