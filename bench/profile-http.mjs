// CPU profile of the full app under the http.mjs load, plus the CPU time each process used during it.
// Usage: node bench/profile-http.mjs [seconds=10] [connections=50]
// Writes the .cpuprofile under the system temp dir and prints the top self-time functions and packages.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuSeconds, machine } from './lib/measure.mjs';
import { startExchange, startTarget } from './lib/processes.mjs';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);
const path = '/api/component/gainers-table';
const dir = mkdtempSync(join(tmpdir(), 'cbm-prof-'));

const exchange = await startExchange();
const file = join(dir, 'full-app.cpuprofile');
const full = await startTarget(['full'], { ...exchange.env, BENCH_PROFILE: file });
const said = (text) =>
  new Promise((resolve) => {
    const listener = (chunk) => {
      if (String(chunk).includes(text)) {
        full.child.stdout.off('data', listener);
        resolve();
      }
    };
    full.child.stdout.on('data', listener);
  });
await autocannon({ url: `${full.url}${path}`, connections, duration: 2 });
full.child.kill('SIGUSR2');
await said('PROFILING');
const before = { server: cpuSeconds(full.child.pid), exchange: cpuSeconds(exchange.child.pid) };
const started = Date.now();
const result = await autocannon({ url: `${full.url}${path}`, connections, duration: seconds });
const wall = (Date.now() - started) / 1000;
const after = { server: cpuSeconds(full.child.pid), exchange: cpuSeconds(exchange.child.pid) };
full.child.kill('SIGUSR2');
await said('PROFILED');
await full.stop();
await exchange.stop();

const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfSamples = new Map();
for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
// Shares are of busy samples: idle time says the load generator or the machine was the limit, not the app.
const idleIds = new Set(
  profile.nodes
    .filter((node) => ['(idle)', '(program)'].includes(node.callFrame.functionName))
    .map((n) => n.id),
);
const idle = profile.samples.filter((id) => idleIds.has(id)).length;
for (const id of idleIds) selfSamples.delete(id);
const total = profile.samples.length - idle;
const byFunction = new Map();
const byPackage = new Map();
for (const [id, count] of selfSamples) {
  const { callFrame } = byId.get(id);
  const url = callFrame.url || '(native)';
  const pkg =
    /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
    (url.includes('packages/server/dist') ? '@cbmo4ers/server' : url.startsWith('node:') ? 'node core' : url);
  const key = `${callFrame.functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${callFrame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + count);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + count);
}
const top = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, count]) => `| ${name} | ${((100 * count) / total).toFixed(1)} % |`)
    .join('\n');

console.log(`machine: ${machine()}`);
console.log(`command: node bench/profile-http.mjs ${seconds} ${connections}   (profile: ${file})`);
console.log(`idle share of samples: ${((100 * idle) / profile.samples.length).toFixed(1)} %`);
console.log(
  `full app under profiler: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx}`,
);
console.log(
  `CPU during the ${wall.toFixed(1)} s run: server ${(after.server - before.server).toFixed(1)} s, simulated exchange ${(after.exchange - before.exchange).toFixed(1)} s`,
);
console.log('\n| self time by package | share |\n|---|---|');
console.log(top(byPackage, 15));
console.log('\n| self time by function | share |\n|---|---|');
console.log(top(byFunction, 30));

// Inclusive time of the middleware layers: samples with a frame of the given package anywhere on the stack.
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map();
for (const id of profile.samples) {
  if (idleIds.has(id)) continue;
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const { url, functionName } = byId.get(at).callFrame;
    const tag =
      /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      (url.includes('packages/server/dist') ? `server:${url.split('dist/')[1]}` : undefined);
    if (tag) seen.add(tag);
    if (functionName === 'writev' || functionName === 'writeBuffer' || functionName === 'writeUtf8String')
      seen.add('(socket writes)');
    if (url.includes('_http_server') || url.includes('_http_common')) seen.add('node:http server');
  }
  for (const tag of seen) inclusive.set(tag, (inclusive.get(tag) ?? 0) + 1);
}
console.log('\n| inclusive time (on stack) | share of busy |\n|---|---|');
console.log(top(inclusive, 25));
