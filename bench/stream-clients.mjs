// A pool of SSE clients in their own process, so parsing many streams never delays the load generator's own
// requests. Driven over IPC by bench scripts (see `startStreamPool` in lib/processes.mjs):
//   { cmd: 'open', url, count, addressBase, topicsFor: 'mixed' }  -> { ok: 'opened', statuses }
//   { cmd: 'report' }                                             -> { ok: 'report', ...stats }
//   { cmd: 'close' }                                              -> closes every client, then exits
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openStream } from './lib/sse-client.mjs';

const TOPICS = ['gainers-table', 'losers-table', 'top-banner-scroll', 'bottom-banner-scroll', 'health'];
const clients = [];
const latencies = [];
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

process.on('message', async (message) => {
  if (message.cmd === 'open') {
    const statuses = {};
    for (let index = 0; index < message.count; index += 50) {
      const batch = [];
      for (let n = index; n < Math.min(message.count, index + 50); n += 1) {
        const address = `${message.addressBase}.${Math.floor(n / 2500)}.${1 + (Math.floor(n / 10) % 250)}`;
        const topics = n % 4 === 0 ? undefined : TOPICS[n % TOPICS.length];
        batch.push(
          openStream(message.url, {
            topics,
            localAddress: address,
            onEvent: (_topic, _block, client, asOf) => {
              if (client.events > 1) latencies.push(Date.now() - asOf);
            },
          }),
        );
      }
      for (const client of await Promise.all(batch)) {
        clients.push(client);
        statuses[client.status ?? client.errors[0]] = (statuses[client.status ?? client.errors[0]] ?? 0) + 1;
      }
    }
    process.send({ ok: 'opened', statuses });
  } else if (message.cmd === 'report') {
    const events = clients.map((client) => client.events).sort((a, b) => a - b);
    const problems = clients.filter(
      (client) =>
        client.status !== 200 || client.errors.length > 0 || client.ended || client.backwards.length > 0,
    );
    const sorted = latencies.sort((a, b) => a - b);
    const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
    process.send({
      ok: 'report',
      clients: clients.length,
      eventsMin: events[0],
      eventsMedian: events[Math.floor(events.length / 2)],
      eventsMax: events.at(-1),
      backwards: clients.reduce((sum, client) => sum + client.backwards.length, 0),
      problems: problems.length,
      problemSamples: problems.slice(0, 5).map(({ status, errors, ended, backwards }) => ({
        status,
        errors,
        ended,
        backwards: backwards.slice(0, 2),
      })),
      deliveryP50: at(50),
      deliveryP99: at(99),
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    });
  } else if (message.cmd === 'close') {
    for (const client of clients) client.close();
    process.exit(0);
  }
});
