// Where the full app's cost goes: bare Express, then Express with each layer of the full app's stack added
// alone and all together (bench/layers.mjs), the full app frozen (no snapshot work, no feed) and the full app
// live, all side by side and measured in interleaved rounds, as ratios to bare Express in the same round.
// Usage: node bench/http-ablation.mjs [seconds=8] [connections=50] [rounds=2]
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { machine, startExchange, startTarget } from './lib.mjs';

const seconds = Number(process.argv[2] ?? 8);
const connections = Number(process.argv[3] ?? 50);
const rounds = Number(process.argv[4] ?? 2);
const path = '/api/component/gainers-table';

async function load(url, duration) {
  const result = await autocannon({ url: `${url}${path}`, connections, duration });
  return { rps: result.requests.average, errors: result.errors + result.non2xx };
}

const exchange = await startExchange();
const targets = { 'full app (live)': await startTarget(['full'], exchange.env) };
targets['full app (frozen)'] = await startTarget(['frozen'], exchange.env);
const bytes = Buffer.from(await (await fetch(`${targets['full app (live)'].url}${path}`)).arrayBuffer());
const bodyFile = join(tmpdir(), `cbm-bench-body-${process.pid}.json`);
writeFileSync(bodyFile, bytes);
targets['bare node:http'] = await startTarget(['node', bodyFile]);
targets['bare Express'] = await startTarget(['express', bodyFile]);
for (const layers of ['helmet', 'cors', 'ratelimit', 'observer', 'helmet,cors,ratelimit,observer'])
  targets[`Express + ${layers}`] = await startTarget(['layers', layers, bodyFile]);
const kinds = Object.keys(targets);
for (const kind of kinds) await load(targets[kind].url, 2);
const runs = Object.fromEntries(kinds.map((kind) => [kind, []]));
for (let round = 0; round < rounds; round += 1) {
  for (let index = 0; index < kinds.length; index += 1) {
    const kind = kinds[(index + round * 3) % kinds.length];
    runs[kind].push(await load(targets[kind].url, seconds));
  }
}
for (const target of Object.values(targets)) await target.stop();
await exchange.stop();

console.log(`machine: ${machine()}`);
console.log(
  `command: node bench/http-ablation.mjs ${seconds} ${connections} ${rounds}   (body ${bytes.length} bytes)`,
);
console.log('| target | req/s per round | / bare Express per round | mean ratio | errors |');
console.log('|---|---|---|---|---|');
for (const kind of kinds) {
  const ratios = runs[kind].map((run, round) => run.rps / runs['bare Express'][round].rps);
  console.log(
    `| ${kind} | ${runs[kind].map((run) => run.rps.toFixed(0)).join(', ')} | ${ratios.map((r) => r.toFixed(2)).join(', ')} | ${(ratios.reduce((a, b) => a + b, 0) / ratios.length).toFixed(2)} | ${runs[kind].reduce((sum, run) => sum + run.errors, 0)} |`,
  );
}
