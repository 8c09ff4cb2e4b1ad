// Is the data fresh? Some live replica is the collector with its feed up (last message < 2 s ago) and its REST
// breaker closed, and every live replica serves a snapshot with as_of < 2.5 s old and stale: false. Probed
// every 250 ms into a timeline.
import { setTimeout as sleep } from 'node:timers/promises';
import { get } from './load.mjs';

async function replicaState(replica, now) {
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
}

const isFresh = (states) => {
  const collector = states.find((state) => state.role === 'collector');
  return (
    collector !== undefined &&
    collector.ws?.state === 'up' &&
    collector.ws.last_message_age_seconds < 2 &&
    collector.rest === 'closed' &&
    states.every((state) => state.ageMs !== undefined && state.ageMs < 2500 && state.stale === false)
  );
};

/** Probes the living replicas until stopped; `timeline` holds { t, fresh, states } per probe. */
export function startFreshnessMonitor(living) {
  const timeline = [];
  let stopping = false;
  const running = (async () => {
    while (!stopping) {
      const now = Date.now();
      await Promise.all(living().map((replica) => replicaState(replica, now)))
        .then((states) => timeline.push({ t: now, fresh: isFresh(states), states }))
        .catch(() => undefined);
      await sleep(250);
    }
  })();
  return {
    timeline,
    /** Seconds from `since` until a fresh probe taken after it, or NaN if none within `limitMs`. */
    async waitFresh(since, limitMs) {
      while (Date.now() - since < limitMs) {
        const last = timeline.at(-1);
        if (last && last.t > since && last.fresh) return (last.t - since) / 1000;
        await sleep(100);
      }
      return Number.NaN;
    },
    stop: () => {
      stopping = true;
      return running;
    },
  };
}
