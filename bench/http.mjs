// Throughput of GET /api/component/gainers-table: the full app (helmet, CORS, rate limit, metrics, pino
// logging all on) against a bare Express app and a bare node:http server sending the same bytes.
// Usage: node bench/http.mjs [seconds=10] [connections=50] [rounds=3]
//
// The machine is shared and noisy, so the three targets run side by side (the simulated exchange feeding the
// full app runs throughout, as the same background load for all three) and are measured in interleaved rounds
// with a rotating order; ratios are taken per round and their median is the verdict.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuSeconds, machine } from './lib/measure.mjs';
import { startExchange, startTarget } from './lib/processes.mjs';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);
const rounds = Number(process.argv[4] ?? 3);
const path = '/api/component/gainers-table';

// CPU per request (user + system time of the target process over the run / requests answered) is measured
// alongside throughput: on a shared machine it moves far less with other tenants' load than req/s does.
async function load(url, duration, pid) {
  const cpuBefore = pid ? cpuSeconds(pid) : 0;
  const result = await autocannon({ url: `${url}${path}`, connections, duration });
  const cpuUs = pid ? ((cpuSeconds(pid) - cpuBefore) * 1e6) / result.requests.total : Number.NaN;
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpuUs,
  };
}

const exchange = await startExchange();
const full = await startTarget(['full'], exchange.env);
const bytes = Buffer.from(await (await fetch(`${full.url}${path}`)).arrayBuffer());
const bodyFile = join(tmpdir(), `cbm-bench-body-${process.pid}.json`);
writeFileSync(bodyFile, bytes);
const targets = {
  full,
  express: await startTarget(['express', bodyFile]),
  node: await startTarget(['node', bodyFile]),
};
const kinds = Object.keys(targets);
// A short warm-up per target lets the JIT settle before the measured runs.
for (const kind of kinds) await load(targets[kind].url, 2);
const runs = Object.fromEntries(kinds.map((kind) => [kind, []]));
for (let round = 0; round < rounds; round += 1) {
  for (let index = 0; index < kinds.length; index += 1) {
    const kind = kinds[(index + round) % kinds.length];
    runs[kind].push(await load(targets[kind].url, seconds, targets[kind].child.pid));
  }
}
for (const target of Object.values(targets)) await target.stop();
await exchange.stop();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ratio = (a, b) => runs[a].map((run, round) => run.rps / runs[b][round].rps);
const fullOverExpress = ratio('full', 'express');
const expressOverNode = ratio('express', 'node');
const names = { full: 'full app', express: 'bare Express', node: 'bare node:http' };
console.log(`machine: ${machine()}`);
console.log(
  `command: node bench/http.mjs ${seconds} ${connections} ${rounds}   (body ${bytes.length} bytes, ${rounds} interleaved rounds of ${seconds} s per target)`,
);
console.log(
  '| target | req/s per round | median req/s | p99 ms per round | server CPU µs/request (median) | errors |',
);
console.log('|---|---|---|---|---|---|');
for (const kind of kinds) {
  const r = runs[kind];
  console.log(
    `| ${names[kind]} | ${r.map((run) => run.rps.toFixed(0)).join(', ')} | ${median(r.map((run) => run.rps)).toFixed(0)} | ${r.map((run) => run.p99).join(', ')} | ${median(r.map((run) => run.cpuUs)).toFixed(0)} | ${r.reduce((sum, run) => sum + run.errors, 0)} |`,
  );
}
const cpuRatio = (a, b) => median(runs[b].map((run) => run.cpuUs)) / median(runs[a].map((run) => run.cpuUs));
const fmt = (values) => values.map((value) => value.toFixed(2)).join(', ');
const verdict = median(fullOverExpress) >= 0.8 ? 'PASS' : 'FAIL';
console.log(
  `full / Express per round: ${fmt(fullOverExpress)}; median ${median(fullOverExpress).toFixed(2)} (target >= 0.8: ${verdict})`,
);
console.log(
  `Express / node:http per round: ${fmt(expressOverNode)}; median ${median(expressOverNode).toFixed(2)}`,
);
console.log(
  `CPU-cost ratios (capacity if CPU-bound = inverse CPU per request): full / Express ${cpuRatio('full', 'express').toFixed(2)}, Express / node:http ${cpuRatio('express', 'node').toFixed(2)}`,
);
