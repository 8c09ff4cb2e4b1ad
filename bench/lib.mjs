import { fork, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

export const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Starts `target-server.mjs` with the given args and resolves with its URL and a stop function.
 * `nodeArgs` go before the script (e.g. `--cpu-prof`); `launcher` runs node under another program (e.g.
 * `['valgrind', '--tool=callgrind']`).
 */
export function startTarget(args, env = {}, nodeArgs = [], launcher = []) {
  return new Promise((resolve, reject) => {
    const command = [...launcher, process.execPath, ...nodeArgs, here('./target-server.mjs'), ...args];
    const child = spawn(command[0], command.slice(1), {
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /READY (\S+)/.exec(output);
      if (match) resolve({ url: match[1], child, stop: () => stop(child) });
    });
    child.once('exit', (code) => reject(new Error(`target ${args[0]} exited with ${code}`)));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export function machine() {
  return `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/**
 * The simulated exchange in its own process, so the measured server runs as in production: it only talks to
 * an upstream over sockets and does not share its event loop with the market.
 */
export function startExchange(seed) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        here('../packages/server/dist/market/simulator/main.js'),
        '--port',
        '0',
        ...(seed === undefined ? [] : ['--seed', String(seed)]),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) {
        const { restUrl, wsUrl } = JSON.parse(line);
        resolve({
          // COINGECKO_URL=off: with MARKET_SOURCE=coinbase the server would otherwise call the real CoinGecko.
          env: {
            MARKET_SOURCE: 'coinbase',
            COINBASE_REST_URL: restUrl,
            COINBASE_WS_URL: wsUrl,
            COINGECKO_URL: 'off',
          },
          child,
          stop: () => stop(child),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`exchange exited with ${code}`)));
  });
}

/** User + system CPU seconds a process has used so far (Linux /proc). */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat; index 11 and 12 after the command name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the real server CLI (packages/server/dist/cli.js) as a child process on 127.0.0.1 with the given
 * environment, keeps every line it writes (stdout and stderr) in `logs`, and resolves once /api/health/ready
 * answers 200 (or, with `waitReady: false`, once it listens).
 */
export async function startServerProcess(env = {}, { waitReady = true, port, timeoutMs = 60_000 } = {}) {
  const chosen = port ?? (await freePort());
  const child = spawn(process.execPath, [here('../packages/server/dist/cli.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      // Everything stays on loopback: no real CoinGecko unless a caller says otherwise.
      COINGECKO_URL: 'off',
      ...env,
      PORT: String(chosen),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  const keep = (stream, name) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      rest += chunk;
      const lines = rest.split('\n');
      rest = lines.pop();
      for (const line of lines) logs.push({ stream: name, line });
    });
  };
  keep(child.stdout, 'stdout');
  keep(child.stderr, 'stderr');
  let exited;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  const url = `http://127.0.0.1:${chosen}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`server exited early (${JSON.stringify(exited)}): ${logTail(logs)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within ${timeoutMs} ms: ${logTail(logs)}`);
    }
    try {
      const response = await fetch(`${url}${waitReady ? '/api/health/ready' : '/api/health/live'}`);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  return {
    url,
    port: chosen,
    child,
    logs,
    exit,
    get exited() {
      return exited;
    },
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      return exit;
    },
    kill: async () => {
      if (!exited) child.kill('SIGKILL');
      return exit;
    },
  };
}

function logTail(logs) {
  return logs
    .slice(-5)
    .map((entry) => entry.line)
    .join(' | ');
}

/** Prometheus text format to a map from `name{labels}` (as written) to value. */
export async function scrapeMetrics(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const values = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

/** Open file descriptors of a process (sockets, files, pipes). */
export function fdCount(pid) {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Open sockets among a process's file descriptors. */
export function socketCount(pid) {
  let sockets = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets += 1;
    } catch {
      // closed meanwhile
    }
  }
  return sockets;
}

/**
 * One SSE client. Parses events, and checks per client that `as_of` (the event id) never decreases.
 * `onEvent(topic, data, client)` receives each parsed event. Resolves once the response headers arrive.
 */
export function openStream(url, { topics, localAddress, agent, onEvent, label } = {}) {
  const client = {
    label,
    status: undefined,
    events: 0,
    lastAsOf: 0,
    backwards: [],
    errors: [],
    ended: false,
    lastEventAt: undefined,
    request: undefined,
    close() {
      client.closing = true;
      client.request?.destroy();
    },
  };
  const query = topics ? `?topics=${topics}` : '';
  return new Promise((resolve) => {
    const req = httpRequest(
      `${url}/api/stream${query}`,
      { agent: agent ?? false, ...(localAddress ? { localAddress } : {}) },
      (res) => {
        client.status = res.statusCode;
        if (res.statusCode !== 200) {
          res.resume();
          resolve(client);
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            const id = /^id: (\d+)$/m.exec(block)?.[1];
            if (!id) continue;
            const asOf = Number(id);
            const topic = /^event: (.+)$/m.exec(block)?.[1];
            client.events += 1;
            client.lastEventAt = Date.now();
            // Different topics of one snapshot share the id; only a smaller id is data going backwards.
            if (asOf < client.lastAsOf) client.backwards.push({ from: client.lastAsOf, to: asOf, topic });
            client.lastAsOf = Math.max(client.lastAsOf, asOf);
            onEvent?.(topic, block, client, asOf);
          }
        });
        res.on('end', () => {
          client.ended = true;
        });
        res.on('error', (error) => {
          if (!client.closing) client.errors.push(error.code ?? error.message);
        });
        resolve(client);
      },
    );
    client.request = req;
    req.on('error', (error) => {
      if (!client.closing) client.errors.push(error.code ?? error.message);
      resolve(client);
    });
    req.end();
  });
}

/** Percentile of a sorted array. */
export const percentile = (sorted, p) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Starts bench/stream-clients.mjs and returns a small async API over its IPC channel. */
export function startStreamPool() {
  const child = fork(here('./stream-clients.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message, answer) =>
    new Promise((resolve) => {
      const listener = (reply) => {
        if (reply.ok === answer) {
          child.off('message', listener);
          resolve(reply);
        }
      };
      child.on('message', listener);
      child.send(message);
    });
  return {
    child,
    open: (url, count, addressBase) => ask({ cmd: 'open', url, count, addressBase }, 'opened'),
    report: () => ask({ cmd: 'report' }, 'report'),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send({ cmd: 'close' });
      }),
  };
}

/** Debian's Chromium, headless, for Lighthouse (chrome-launcher gives Lighthouse its debugging port). */
export function launchChromeForLighthouse() {
  return chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS],
  });
}
