// Load for bench/faults.mjs: pollers that each remember the newest `as_of` they saw, so that any step back in
// time a client could notice is recorded, pinned to one replica or balanced over the living ones.
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const PATHS = [
  '/api/component/gainers-table',
  '/api/component/losers-table',
  '/api/component/top-banner-scroll',
  '/api/component/bottom-banner-scroll?limit=50',
  '/api/health',
];

/** A GET that never throws: resolves with the status (or `error CODE`) and the body. */
export function get(agent, url) {
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

/**
 * Per replica 10 pinned pollers, plus 6 pollers alternating between the living replicas as a client behind a
 * round-robin balancer would; each sends a request every 250 ms. `events` gets every response
 * ({ t, client, replica, status, asOf, stale, path, alive }), `decreases` every `as_of` step back.
 */
export function startLoad(replicas, living) {
  const load = { events: [], decreases: [], stopping: false };
  const loops = [];
  for (const replica of replicas)
    for (let n = 0; n < 10; n += 1) loops.push(poller(load, `pinned-${replica.name}${n}`, () => replica, n));
  for (let n = 0; n < 6; n += 1) {
    const pick = (k) => {
      const candidates = living();
      return candidates[k % candidates.length];
    };
    loops.push(poller(load, `balanced-${n}`, pick, n));
  }
  return {
    events: load.events,
    decreases: load.decreases,
    stop: () => {
      load.stopping = true;
      return Promise.all(loops);
    },
  };
}

async function poller(load, name, pickReplica, offset) {
  const agents = new Map();
  let lastAsOf = 0;
  for (let n = offset; !load.stopping; n += 1) {
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
        load.decreases.push({ client: name, from: lastAsOf, to: parsed.as_of, t: entry.t });
      lastAsOf = Math.max(lastAsOf, parsed.as_of);
    }
    load.events.push(entry);
    await sleep(250);
  }
  for (const agent of agents.values()) agent.destroy();
}
