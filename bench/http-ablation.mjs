// Where the full app's cost goes: bare Express, then Express with each layer of the full app's stack added
// alone and all together (bench/layers.mjs), the full app frozen (no snapshot work, no feed) and the full app
// live, all side by side and measured in interleaved rounds, as ratios to bare Express in the same round.
// Usage: node bench/http-ablation.mjs [seconds=8] [connections=50] [rounds=2]
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuSeconds, machine } from './lib/measure.mjs';
import { startExchange, startTarget } from './lib/processes.mjs';

const seconds = Number(process.argv[2] ?? 8);
const connections = Number(process.argv[3] ?? 50);
const rounds = Number(process.argv[4] ?? 2);
const path = '/api/component/gainers-table';

// CPU per request (user + system time of the target process over the run / requests answered) is measured
// alongside throughput: on a shared machine it moves far less with other tenants' load than req/s does.
async function load(url, duration, pid) {
  const cpuBefore = pid ? cpuSeconds(pid) : 0;
  const result = await autocannon({ url: `${url}${path}`, connections, duration });
  const cpuUs = pid ? ((cpuSeconds(pid) - cpuBefore) * 1e6) / result.requests.total : Number.NaN;
  return { rps: result.requests.average, errors: result.errors + result.non2xx, cpuUs };
}

const exchange = await startExchange();
const targets = { 'full app (live)': await startTarget(['full'], exchange.env) };
targets['full app (frozen)'] = await startTarget(['frozen'], exchange.env);
const bytes = Buffer.from(await (await fetch(`${targets['full app (live)'].url}${path}`)).arrayBuffer());
const bodyFile = join(tmpdir(), `cbm-bench-body-${process.pid}.json`);
writeFileSync(bodyFile, bytes);
targets['bare node:http'] = await startTarget(['node', bodyFile]);
targets['bare Express'] = await startTarget(['express', bodyFile]);
targets['Express (app-style handler)'] = await startTarget(['layers', '', bodyFile]);
for (const layers of ['helmet', 'cors', 'ratelimit', 'observer', 'helmet,cors,ratelimit,observer'])
  targets[`Express + ${layers}`] = await startTarget(['layers', layers, bodyFile]);
const kinds = Object.keys(targets);
for (const kind of kinds) await load(targets[kind].url, 2);
const runs = Object.fromEntries(kinds.map((kind) => [kind, []]));
for (let round = 0; round < rounds; round += 1) {
  for (let index = 0; index < kinds.length; index += 1) {
    const kind = kinds[(index + round * 3) % kinds.length];
    runs[kind].push(await load(targets[kind].url, seconds, targets[kind].child.pid));
  }
}
for (const target of Object.values(targets)) await target.stop();
await exchange.stop();

console.log(`machine: ${machine()}`);
console.log(
  `command: node bench/http-ablation.mjs ${seconds} ${connections} ${rounds}   (body ${bytes.length} bytes)`,
);
console.log(
  '| target | req/s per round | req/s / bare Express per round | CPU µs/request per round | mean CPU µs/request | extra CPU µs/request vs bare Express (handler alike) | errors |',
);
console.log('|---|---|---|---|---|---|---|');
const meanOf = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const baseCpu = meanOf(runs['Express (app-style handler)'].map((run) => run.cpuUs));
for (const kind of kinds) {
  const ratios = runs[kind].map((run, round) => run.rps / runs['bare Express'][round].rps);
  const cpu = meanOf(runs[kind].map((run) => run.cpuUs));
  console.log(
    `| ${kind} | ${runs[kind].map((run) => run.rps.toFixed(0)).join(', ')} | ${ratios.map((r) => r.toFixed(2)).join(', ')} | ${runs[kind].map((run) => run.cpuUs.toFixed(0)).join(', ')} | ${cpu.toFixed(0)} | ${(cpu - baseCpu).toFixed(0)} | ${runs[kind].reduce((sum, run) => sum + run.errors, 0)} |`,
  );
}
