// Throughput of GET /api/component/gainers-table: the full app (helmet, CORS, rate limit, metrics, pino
// logging all on) against a bare Express app and a bare node:http server sending the same bytes.
// Usage: node bench/http.mjs [seconds=10] [connections=50]
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { machine, startExchange, startTarget } from './lib.mjs';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);
const path = '/api/component/gainers-table';

async function load(url) {
  // A short warm-up lets the JIT settle before the measured run.
  await autocannon({ url: `${url}${path}`, connections, duration: 2 });
  const result = await autocannon({ url: `${url}${path}`, connections, duration: seconds });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const exchange = await startExchange();
const full = await startTarget(['full'], exchange.env);
const bytes = Buffer.from(await (await fetch(`${full.url}${path}`)).arrayBuffer());
const bodyFile = join(tmpdir(), `cbm-bench-body-${process.pid}.json`);
writeFileSync(bodyFile, bytes);
const results = {};
results.full = await load(full.url);
await full.stop();
await exchange.stop();
for (const kind of ['express', 'node']) {
  const target = await startTarget([kind, bodyFile]);
  results[kind] = await load(target.url);
  await target.stop();
}

const row = (name, r) => `| ${name} | ${r.rps.toFixed(0)} | ${r.p99} | ${r.errors} |`;
console.log(`machine: ${machine()}`);
console.log(`command: node bench/http.mjs ${seconds} ${connections}   (body ${bytes.length} bytes)`);
console.log('| target | req/s | p99 ms | errors |');
console.log('|---|---|---|---|');
console.log(row('full app', results.full));
console.log(row('bare Express', results.express));
console.log(row('bare node:http', results.node));
console.log(`full / Express = ${(results.full.rps / results.express.rps).toFixed(2)} (target >= 0.8)`);
console.log(`Express / node:http = ${(results.express.rps / results.node.rps).toFixed(2)}`);
