// Instructions per request of GET /api/component/gainers-table, counted by valgrind's callgrind, for the frozen
// full app and bare Express: a figure the machine's other tenants do not move (req/s and CPU time on this
// shared machine swing by tens of percent from minute to minute), for deciding which change helps.
// It counts user-space instructions only (the kernel's socket work, the same for both, is left out), so its
// ratio is a lower bound of the real one; bench/http.mjs stays the verdict.
// Usage: node bench/http-instructions.mjs [requests=6000] [warm-up requests=4000]
// Needs valgrind (Debian's package). About 4 minutes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine } from './lib/measure.mjs';
import { startExchange, startTarget } from './lib/processes.mjs';

const requests = Number(process.argv[2] ?? 6000);
const warmup = Number(process.argv[3] ?? 4000);
const path = '/api/component/gainers-table';
const dir = mkdtempSync(join(tmpdir(), 'cbm-callgrind-'));

/** Keep-alive GETs, 10 at a time, each expected to answer 200. */
async function send(url, count) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
  let left = count;
  const one = () =>
    new Promise((resolve, reject) => {
      http
        .get(`${url}${path}`, { agent }, (response) => {
          response.resume();
          response.on('end', () =>
            response.statusCode === 200 ? resolve() : reject(new Error(`status ${response.statusCode}`)),
          );
        })
        .on('error', reject);
    });
  const worker = async () => {
    while (left-- > 0) await one();
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  agent.destroy();
}

/** Runs one target under callgrind with instrumentation off, then counts `requests` requests after warm-up. */
async function count(args, env) {
  const { url, child } = await startTarget(
    args,
    env,
    // No concurrent compiler or GC threads: their interleaving under valgrind varies from run to run.
    ['--single-threaded'],
    [
      'valgrind',
      '-q',
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${join(dir, `${args[0]}.%p`)}`,
    ],
  );
  await send(url, warmup);
  const control = (...flags) =>
    execFileSync('callgrind_control', [...flags, String(child.pid)], { stdio: 'ignore' });
  control('-i', 'on');
  await send(url, requests);
  control('-i', 'off');
  control('-d');
  child.removeAllListeners('exit');
  child.kill('SIGKILL');
  let total = 0;
  for (const file of readdirSync(dir).filter((name) => name.startsWith(`${args[0]}.`))) {
    const totals = /^totals: (\d+)/m.exec(readFileSync(join(dir, file), 'utf8'));
    if (totals) total = Math.max(total, Number(totals[1]));
  }
  if (total === 0) throw new Error(`no callgrind totals for ${args[0]}`);
  return total / requests;
}

const exchange = await startExchange();
// The bytes the full app serves, so bare Express sends exactly the same body.
const probe = await startTarget(['frozen'], exchange.env);
const bodyFile = join(dir, 'body.json');
writeFileSync(bodyFile, Buffer.from(await (await fetch(`${probe.url}${path}`)).arrayBuffer()));
await probe.stop();
const targets = (process.env.BENCH_TARGETS ?? 'express,frozen').split(',');
const express = targets.includes('express') ? await count(['express', bodyFile], {}) : Number.NaN;
const full = targets.includes('frozen') ? await count(['frozen'], exchange.env) : Number.NaN;
await exchange.stop();
rmSync(dir, { recursive: true, force: true });

console.log(`machine: ${machine()}`);
console.log(`command: node bench/http-instructions.mjs ${requests} ${warmup}`);
console.log('| target | instructions per request (user space) |');
console.log('|---|---|');
console.log(`| full app (frozen) | ${full.toFixed(0)} |`);
console.log(`| bare Express | ${express.toFixed(0)} |`);
console.log(`capacity ratio by instructions (Express / full): ${(express / full).toFixed(3)}`);
